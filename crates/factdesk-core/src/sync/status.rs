//! Where a desk stands with its remote, without going to the network:
//! what the screen shows (ahead, behind, conflicts, last sync), and the
//! desk's unresolved conflicts.

use chrono::{DateTime, Utc};

use super::SyncError;
use super::git::Git;
use crate::conflict::Conflict;
use crate::error::Error;
use crate::ids::{SourceId, StoryId};
use crate::model::ClaimId;
use crate::store::Desk;

const STAMP_FILE: &str = "factdesk-last-sync";

/// The sync state of a desk, as of its last fetch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncStatus {
    /// The desk is a repository of its own.
    pub repository: bool,
    /// `remote/branch` it syncs with, when it has one.
    pub upstream: Option<String>,
    /// Commits here not yet pushed, and changes not yet committed.
    pub ahead: usize,
    pub uncommitted: bool,
    /// Commits fetched (by the last sync) not yet merged.
    pub behind: usize,
    pub conflicts: usize,
    pub last_sync: Option<DateTime<Utc>>,
}

/// The desk's sync state; quick (a few local git commands, no network).
/// `story_conflicts`: the conflicts on the stories' claims, as the
/// caller's summaries count them (a screen has them; reading every story
/// for them is most of a second on 40,000 stories); the registry's are
/// counted here.
pub fn status(desk: &Desk, story_conflicts: usize) -> Result<SyncStatus, SyncError> {
    let git = Git::new(desk.root());
    let registry = desk.load_sources().map_or(0, |r| r.value.conflicts.len());
    let mut status = SyncStatus {
        conflicts: story_conflicts + registry,
        ..SyncStatus::default()
    };
    if super::repo::own_repository(&git, desk.root()).is_err() {
        return Ok(status);
    }
    status.repository = true;
    status.uncommitted = git
        .run(&["status", "--porcelain", "--untracked-files=normal"])?
        .ok_text()
        .is_some();
    status.last_sync = last_sync(&git);
    let up = git.run(&[
        "rev-parse",
        "--abbrev-ref",
        "--symbolic-full-name",
        "@{upstream}",
    ])?;
    let Some(up) = up.ok_text() else {
        return Ok(status);
    };
    let counts = git.run(&["rev-list", "--left-right", "--count", "HEAD...@{upstream}"])?;
    if let Some(text) = counts.ok_text() {
        let mut n = text.split_whitespace().map(|n| n.parse().unwrap_or(0));
        status.ahead = n.next().unwrap_or(0);
        status.behind = n.next().unwrap_or(0);
    }
    status.upstream = Some(up);
    Ok(status)
}

/// Remember that a sync finished now (in the repository's own folder:
/// it is this machine's fact, never shared).
pub(crate) fn stamp(git: &Git) {
    if let Some(path) = stamp_path(git) {
        let now = Utc::now().to_rfc3339();
        let _ = crate::store::atomic::replace_unsynced(&path, 0, now.as_bytes());
    }
}

fn last_sync(git: &Git) -> Option<DateTime<Utc>> {
    let path = stamp_path(git)?;
    let text = std::fs::read_to_string(path).ok()?;
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn stamp_path(git: &Git) -> Option<std::path::PathBuf> {
    let dir = git.run(&["rev-parse", "--git-dir"]).ok()?.ok_text()?;
    Some(git.dir().join(dir).join(STAMP_FILE))
}

/// One unresolved conflict of the desk: on a claim of a story, or on a
/// source of the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskConflict {
    pub story: Option<StoryId>,
    pub claim: Option<ClaimId>,
    pub source: Option<SourceId>,
    pub conflict: Conflict,
}

/// Every unresolved conflict of the desk, stories in id order then the
/// registry's, and the files that could not be read.
pub fn desk_conflicts(desk: &Desk) -> (Vec<DeskConflict>, Vec<Error>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let summaries = match desk.summaries() {
        Ok((s, p)) => {
            problems.extend(p);
            s
        }
        Err(e) => {
            problems.push(e);
            Vec::new()
        }
    };
    let mut ids: Vec<StoryId> = summaries
        .into_iter()
        .filter(|s| s.conflicts > 0)
        .map(|s| s.id)
        .collect();
    ids.sort();
    for id in ids {
        match desk.load_story_file(&id) {
            Ok(doc) => {
                for claim in &doc.story().claims {
                    out.extend(claim.conflicts.iter().map(|c| DeskConflict {
                        story: Some(id.clone()),
                        claim: Some(claim.id),
                        source: None,
                        conflict: c.clone(),
                    }));
                }
            }
            Err(e) => problems.push(e),
        }
    }
    match desk.load_sources() {
        Ok(registry) => out.extend(registry.value.conflicts.into_iter().map(|c| DeskConflict {
            story: None,
            claim: None,
            source: Some(c.source),
            conflict: c.conflict,
        })),
        Err(e) => problems.push(e),
    }
    (out, problems)
}
