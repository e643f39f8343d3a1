//! What the desk screen and `factdesk list` show of each story, read from
//! the desk's cache where the story files are unchanged.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::cache::{Buf, Cache};
use super::desk::Desk;
use crate::error::{Error, Result};
use crate::ids::StoryId;
use crate::model::{Story, VerdictCounts};

/// What the desk screen and `factdesk list` show of a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StorySummary {
    pub id: StoryId,
    pub date: Option<chrono::NaiveDate>,
    pub outlet: Option<String>,
    pub headline: String,
    pub imported_at: DateTime<Utc>,
    pub counts: VerdictCounts,
    /// Who the story is assigned to.
    #[serde(default)]
    pub assigned: Option<String>,
    /// Unresolved conflicts on its claims, left by merges.
    #[serde(default)]
    pub conflicts: usize,
    /// Claims that need review after a correction of the article.
    #[serde(default)]
    pub review: usize,
}

impl StorySummary {
    pub fn of(story: &Story) -> StorySummary {
        StorySummary {
            id: story.id.clone(),
            date: story.date,
            outlet: story.outlet.clone(),
            headline: story.headline.clone(),
            imported_at: story.imported_at,
            counts: story.counts(),
            assigned: story.assignee().map(str::to_string),
            conflicts: story.conflict_count(),
            review: story.needing_review(),
        }
    }
}

impl Desk {
    /// Summaries of every story, newest first (by story date, then import
    /// time). Stories that cannot be read are returned as errors beside the
    /// rest, so one bad file never hides the desk.
    pub fn summaries(&self) -> Result<(Vec<StorySummary>, Vec<Error>)> {
        let mut buf = Buf::default();
        let (stories, problems) = Cache::of_story_and_article(self, "summaries")
            .values(&mut buf, |doc| StorySummary::of(doc.story()))?;
        let mut out: Vec<StorySummary> = stories.into_iter().map(|(_, s)| s).collect();
        out.sort_by(|a, b| (b.date, b.imported_at, &a.id).cmp(&(a.date, a.imported_at, &b.id)));
        Ok((out, problems))
    }
}
