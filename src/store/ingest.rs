//! Bringing article files into the desk as new stories.

use std::fs;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::{SCHEMA_VERSION, Source, Story};
use crate::slug::StoryId;
use crate::update::{Edit, Who, apply};

use super::Desk;

/// At most this many claims are suggested on import.
pub const MAX_SUGGESTED_CLAIMS: usize = 300;

/// Import one article file: decode it (refusing binary and non-UTF-8
/// files), parse its wire header, suggest claims, and write the new story.
pub fn import_file(desk: &Desk, path: &Path, who: &Who) -> Result<StoryId> {
    let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    let article = crate::import::decode_article(&bytes).map_err(|e| Error::BadArticle {
        path: path.to_path_buf(),
        why: e.to_string(),
    })?;
    import_text(desk, &article, who)
}

/// Import article text that is already decoded and normalised.
pub fn import_text(desk: &Desk, article: &str, who: &Who) -> Result<StoryId> {
    let story = build_story(desk, article, who)?;
    // Another import may take the same id between choosing and creating
    // the folder; choose again rather than fail.
    let mut story = story;
    for _ in 0..8 {
        match desk.add_story(story.clone(), article) {
            Ok(doc) => return Ok(doc.story().id.clone()),
            Err(Error::Invalid { .. }) if desk.has_story(&story.id) => {
                story.id = desk.new_story_id(story.date, &story.headline);
            }
            Err(e) => return Err(e),
        }
    }
    Err(Error::Invalid {
        path: desk.story_dir(&story.id),
        why: "could not find a free story id".into(),
    })
}

/// The story an article becomes, with its suggested claims, not yet saved.
pub fn build_story(desk: &Desk, article: &str, who: &Who) -> Result<Story> {
    let meta = crate::import::parse_header(article);
    let mut story = Story {
        version: SCHEMA_VERSION,
        id: desk.new_story_id(meta.date, &meta.headline),
        headline: meta.headline.clone(),
        date: meta.date,
        dateline: meta.dateline.clone(),
        outlet: meta.outlet.clone(),
        url: None,
        imported_at: who.at,
        imported_by: who.editor.clone(),
        article_len: article.len(),
        next_claim: 1,
        claims: Vec::new(),
    };
    // A long article gets its first claims suggested, not thousands: the
    // rest can be added by hand.
    for s in crate::import::suggest_claims(article, meta.body_start)
        .into_iter()
        .take(MAX_SUGGESTED_CLAIMS)
    {
        let Some(anchor) = crate::anchor::anchor_at(article, s.start, s.end) else {
            continue;
        };
        let edit = Edit::AddClaim {
            text: anchor.quote.clone(),
            anchor,
            speaker: s.speaker,
        };
        apply(&mut story, edit, who)?;
    }
    Ok(story)
}

/// Add a source to the registry, refusing an id that is taken.
pub fn add_source(desk: &Desk, source: Source) -> Result<()> {
    let mut registry = desk.load_sources()?;
    if registry.value.get(&source.id).is_some() {
        return Err(Error::DuplicateSource(source.id.to_string()));
    }
    registry.value.sources.push(source);
    registry.save()
}
