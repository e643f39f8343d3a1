//! The source registry's rules: what makes a new source (one check for
//! `factdesk source add` and the screen's source form), editing a source in
//! place, how each source is used across the desk, and merging a duplicate
//! source into another (which reaches into every story that links it).

use chrono::NaiveDate;
use std::collections::HashMap;

use crate::archive::ClaimRow;
use crate::conflict::{Field, Value};
use crate::edit::{Edit, Who};
use crate::error::{Error, Result};
use crate::ids::SourceId;
use crate::model::{MergedSource, Source, SourceKind, SourceLink, Stance, VerdictCounts};
use crate::session::{EditSession, Saved};
use crate::store::Desk;
use crate::store::registry_lock::{REGISTRY_WAIT, RegistryLock};

/// A source as an editor typed it, not yet checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct SourceFields<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// A [`SourceKind`] name; case, spaces and dashes do not matter
    /// ("Official statement").
    pub kind: &'a str,
    /// Blank for none.
    pub url: &'a str,
    /// Blank for none.
    pub outlet: &'a str,
    pub accessed: Option<NaiveDate>,
}

/// The source `fields` describe, or the first thing wrong with them: the
/// id must be a valid source id, the name not blank, the kind known and
/// the URL an http(s) address ([`crate::urls::validate`]). Text is trimmed.
/// Whether the id is free is for [`crate::store::add_source`] to say,
/// against the registry as it is on disk.
pub fn new_source(fields: &SourceFields) -> Result<Source> {
    let id = SourceId::parse(fields.id.trim())?;
    let name = fields.name.trim();
    if name.is_empty() {
        return Err(Error::EmptySourceName);
    }
    let kind = SourceKind::parse(fields.kind)
        .ok_or_else(|| Error::UnknownSourceKind(fields.kind.to_string()))?;
    let url = match fields.url.trim() {
        "" => None,
        url => Some(crate::urls::validate(url)?),
    };
    let outlet = Some(fields.outlet.trim())
        .filter(|o| !o.is_empty())
        .map(str::to_string);
    Ok(Source {
        id,
        name: name.to_string(),
        kind,
        url,
        outlet,
        accessed: fields.accessed,
    })
}

/// Replace the registry entry with `source`'s id by `source`. The registry
/// is read afresh under the registry lock, so sources added meanwhile are
/// kept; conflicts recorded on the fields it sets are settled by it.
pub fn update_source(desk: &Desk, source: Source) -> Result<()> {
    desk.update_sources(|registry| {
        let Some(slot) = registry.sources.iter_mut().find(|s| s.id == source.id) else {
            return Err(Error::UnknownSource(source.id.to_string()));
        };
        let before = std::mem::replace(slot, source.clone());
        registry
            .conflicts
            .retain(|c| c.source != source.id || !settles(&c.conflict.field, &before, &source));
        Ok(())
    })
}

/// Whether an edit from `before` to `after` decides a conflict on `field`:
/// the editor who saves the source form has seen the conflict and chosen.
fn settles(field: &Field, before: &Source, after: &Source) -> bool {
    match field {
        Field::Name => before.name != after.name,
        Field::Kind => before.kind != after.kind,
        Field::Url => before.url != after.url,
        Field::Outlet => before.outlet != after.outlet,
        _ => false,
    }
}

/// Settle the conflict on `field` of source `id` with `value` (a side of
/// it, or any value of the field's kind), under the registry lock.
pub fn resolve_source(desk: &Desk, id: &SourceId, field: &Field, value: Value) -> Result<()> {
    desk.update_sources(|registry| {
        let Some(at) = registry
            .conflicts
            .iter()
            .position(|c| &c.source == id && &c.conflict.field == field)
        else {
            return Err(Error::NoConflict {
                what: format!("source {id}"),
                field: field.to_string(),
            });
        };
        let wrong = || Error::WrongValue {
            what: "source",
            field: field.to_string(),
            value: value.to_string(),
        };
        if *field == Field::Deletion {
            match value {
                Value::Deleted => registry.sources.retain(|s| &s.id != id),
                Value::Kept => {}
                _ => return Err(wrong()),
            }
            registry
                .conflicts
                .retain(|c| &c.source != id || *field != Field::Deletion);
            return Ok(());
        }
        let source = registry
            .sources
            .iter_mut()
            .find(|s| &s.id == id)
            .ok_or_else(|| Error::UnknownSource(id.to_string()))?;
        match (field, value.clone()) {
            (Field::Name, Value::Text(name)) if !name.trim().is_empty() => {
                source.name = name.trim().to_string()
            }
            (Field::Kind, Value::Kind(kind)) => source.kind = kind,
            (Field::Url, Value::Maybe(url)) => source.url = url,
            (Field::Outlet, Value::Maybe(outlet)) => source.outlet = outlet,
            (Field::Accessed, Value::Date(date)) => source.accessed = date,
            _ => return Err(wrong()),
        }
        registry.conflicts.remove(at);
        Ok(())
    })
}

/// How a source is used across the desk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub supports: usize,
    pub contradicts: usize,
    pub context: usize,
    /// The verdicts of the claims it is linked to.
    pub verdicts: VerdictCounts,
}

/// The [`Usage`] of every source linked by `rows`.
pub fn usage(rows: &[ClaimRow]) -> HashMap<SourceId, Usage> {
    let mut out: HashMap<SourceId, Usage> = HashMap::new();
    for row in rows {
        for (id, stance) in &row.sources {
            let u = out.entry(id.clone()).or_default();
            match stance {
                Stance::Supports => u.supports += 1,
                Stance::Contradicts => u.contradicts += 1,
                Stance::Context => u.context += 1,
            }
            u.verdicts.add(row.verdict);
        }
    }
    out
}

/// What [`merge_sources`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Stories rewritten.
    pub stories: usize,
    /// Links moved from the merged source to the one kept.
    pub moved: usize,
    /// Links dropped because the claim already linked the source kept.
    pub dropped: usize,
}

impl std::fmt::Display for MergeReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} moved, {} duplicate {} dropped, {} {} saved",
            self.moved,
            if self.moved == 1 { "link" } else { "links" },
            self.dropped,
            if self.dropped == 1 { "link" } else { "links" },
            self.stories,
            if self.stories == 1 {
                "story"
            } else {
                "stories"
            },
        )
    }
}

/// Merge source `from` into `into`: every claim linking `from` links `into`
/// instead (same stance and note; a claim that already links `into` keeps
/// that link), through [`apply`](crate::edit::apply) so each claim's
/// history records the unlink and link; each story is saved atomically.
/// Then `from` leaves the registry, which records that it was merged into
/// `into`.
///
/// The registry lock is held throughout, and every story is read under
/// it: a save that links `from` either happened before (and is seen here)
/// or takes the lock after, finds `from` merged, and links `into` instead
/// (see [`EditSession::save`]); no link can be left pointing at a source
/// that is gone. Each story to rewrite is locked (see
/// [`crate::store::lock`]) before anything is written: a story that cannot
/// be read, or that someone is editing, stops the merge with nothing
/// changed. Should a save fail part way, `from` stays in the registry and
/// running the merge again finishes it; so does running it again after
/// `from` was merged, to move links that came in later from elsewhere.
pub fn merge_sources(
    desk: &Desk,
    from: &SourceId,
    into: &SourceId,
    who: &Who,
) -> Result<MergeReport> {
    if from == into {
        return Err(Error::MergeIntoItself(from.to_string()));
    }
    let _lock = RegistryLock::acquire(desk.root(), REGISTRY_WAIT)?;
    let registry = desk.load_sources()?.value;
    if registry.get(into).is_none() {
        return Err(Error::UnknownSource(into.to_string()));
    }
    let finishing = registry.merged_into(from) == Some(into);
    if registry.get(from).is_none() && !finishing {
        return Err(Error::UnknownSource(from.to_string()));
    }
    let (ids, problems) = desk.story_ids()?;
    if let Some(p) = problems.into_iter().next() {
        return Err(p);
    }
    let links = |doc: &crate::store::StoryDoc| {
        doc.story()
            .claims
            .iter()
            .any(|c| c.sources.iter().any(|l| &l.source == from))
    };
    let mut affected = Vec::new();
    for id in &ids {
        if links(&desk.load_story(id)?) {
            affected.push(id);
        }
    }
    let mut sessions = Vec::new();
    for id in affected {
        // Read again under the story lock: it may have changed meanwhile.
        let session = EditSession::open(desk, id, who)?;
        if links(session.doc()) {
            sessions.push(session);
        }
    }
    let mut report = MergeReport::default();
    for session in &mut sessions {
        let (moved, dropped) = move_links(session, from, into, who)?;
        report.moved += moved;
        report.dropped += dropped;
        if let Saved::Conflict { ours, .. } = session.save(who)? {
            return Err(Error::Invalid {
                path: ours,
                why: "the story changed on disk during the merge; run the merge again".into(),
            });
        }
        report.stories += 1;
    }
    desk.update_sources(|registry| {
        registry.sources.retain(|s| &s.id != from);
        registry.conflicts.retain(|c| &c.source != from);
        if !registry.merged.iter().any(|m| &m.from == from) {
            registry.merged.push(MergedSource {
                from: from.clone(),
                into: into.clone(),
                by: who.editor.clone(),
                at: who.at,
            });
        }
        Ok(())
    })?;
    drop(sessions);
    Ok(report)
}

/// Move every link to a source that was merged into another (and is no
/// longer in the registry) to the source kept: what a sync does after
/// bringing in stories from a machine that had not seen the merge.
/// Stories being edited here are left for their editor's next save (which
/// does the same); they are returned. Returns (links moved, stories left).
pub fn follow_merges(desk: &Desk, who: &Who) -> Result<(usize, Vec<crate::ids::StoryId>)> {
    let registry = desk.load_sources()?.value;
    if registry.merged.is_empty() {
        return Ok((0, Vec::new()));
    }
    let gone = |l: &SourceLink| {
        registry.get(&l.source).is_none() && registry.merged_into(&l.source).is_some()
    };
    let (ids, _) = desk.story_ids()?;
    let (mut moved, mut left) = (0, Vec::new());
    for id in ids {
        let Ok(doc) = desk.load_story(&id) else {
            continue; // `check` names a story that cannot be read
        };
        if !doc
            .story()
            .claims
            .iter()
            .any(|c| c.sources.iter().any(gone))
        {
            continue;
        }
        let mut session = match EditSession::open(desk, &id, who) {
            Ok(s) => s,
            Err(Error::Locked { .. }) => {
                left.push(id);
                continue;
            }
            Err(e) => return Err(e),
        };
        let pairs: Vec<(SourceId, SourceId)> = session
            .story()
            .claims
            .iter()
            .flat_map(|c| c.sources.iter())
            .filter(|l| gone(l))
            .filter_map(|l| Some((l.source.clone(), registry.merged_into(&l.source)?.clone())))
            .collect();
        let mut done: Vec<&SourceId> = Vec::new();
        for (from, into) in &pairs {
            if done.contains(&from) {
                continue;
            }
            done.push(from);
            let (m, d) = move_links(&mut session, from, into, who)?;
            moved += m + d;
        }
        session.save(who)?;
    }
    Ok((moved, left))
}

/// In the session's story, link `into` wherever `from` is linked, and
/// unlink `from`: (links moved, links dropped because the claim already
/// linked `into`).
pub(crate) fn move_links(
    session: &mut EditSession,
    from: &SourceId,
    into: &SourceId,
    who: &Who,
) -> Result<(usize, usize)> {
    let claims: Vec<(u32, SourceLink, bool)> = session
        .story()
        .claims
        .iter()
        .filter_map(|c| {
            let link = c.link(from)?.clone();
            Some((c.id, link, c.link(into).is_some()))
        })
        .collect();
    let (mut moved, mut dropped) = (0, 0);
    for (claim, link, has_into) in claims {
        let unlink = Edit::Unlink {
            claim,
            source: from.clone(),
        };
        session.apply(unlink, who)?;
        if has_into {
            dropped += 1;
        } else {
            let link = SourceLink {
                source: into.clone(),
                ..link
            };
            session.apply(Edit::Link { claim, link }, who)?;
            moved += 1;
        }
    }
    Ok((moved, dropped))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;
    use crate::model::Change;
    use crate::store::lock::StoryLock;
    use chrono::DateTime;

    fn who() -> Who {
        Who {
            editor: "ana".into(),
            at: DateTime::from_timestamp(1_500_000_000, 0).unwrap(),
        }
    }

    fn sample() -> (tempfile::TempDir, Desk) {
        let tmp = tempfile::tempdir().unwrap();
        let desk = crate::sample::seed(&tmp.path().join("desk")).unwrap();
        (tmp, desk)
    }

    fn id(s: &str) -> SourceId {
        SourceId::parse(s).unwrap()
    }

    #[test]
    fn merge_moves_links_records_history_and_drops_the_source() {
        let (_tmp, desk) = sample();
        let reg = desk.load_sources().unwrap().value;
        assert!(reg.sources.len() >= 2);
        // Add a duplicate of the first source and link it where the first
        // is not linked, and where it is.
        let keep = reg.sources[0].id.clone();
        let dup = Source {
            id: id("dup-source"),
            name: format!("{} (dup)", reg.sources[0].name),
            kind: SourceKind::Other,
            url: None,
            outlet: None,
            accessed: None,
        };
        crate::store::add_source(&desk, dup).unwrap();
        let (ids, _) = desk.story_ids().unwrap();
        let mut doc = desk.load_story(&ids[0]).unwrap();
        let story = doc.story_mut();
        let with = story
            .claims
            .iter()
            .find(|c| c.link(&keep).is_some())
            .unwrap()
            .id;
        let without = story
            .claims
            .iter()
            .find(|c| c.link(&keep).is_none())
            .unwrap()
            .id;
        for claim in [with, without] {
            let link = SourceLink {
                source: id("dup-source"),
                stance: Stance::Context,
                note: Some("n".into()),
            };
            apply(story, Edit::Link { claim, link }, &who()).unwrap();
        }
        doc.save().unwrap();

        let report = merge_sources(&desk, &id("dup-source"), &keep, &who()).unwrap();
        assert_eq!(
            report,
            MergeReport {
                stories: 1,
                moved: 1,
                dropped: 1
            }
        );
        assert_eq!(
            report.to_string(),
            "1 link moved, 1 duplicate link dropped, 1 story saved"
        );
        let story = desk.load_story(&ids[0]).unwrap().file.value;
        let c = story.claim(without).unwrap();
        let link = c.link(&keep).unwrap();
        assert_eq!(
            (link.stance, link.note.as_deref()),
            (Stance::Context, Some("n"))
        );
        assert!(c.link(&id("dup-source")).is_none());
        let tail: Vec<&Change> = c.history.iter().rev().take(2).map(|h| &h.change).collect();
        assert!(matches!(tail[0], Change::Linked { source, .. } if *source == keep));
        assert!(
            matches!(tail[1], Change::Unlinked { source, .. } if source.as_str() == "dup-source")
        );
        assert!(
            story
                .claims
                .iter()
                .all(|c| c.link(&id("dup-source")).is_none())
        );
        let reg = desk.load_sources().unwrap().value;
        assert!(reg.get(&id("dup-source")).is_none());
        assert!(reg.get(&keep).is_some());

        // A story someone is editing stops the merge, with nothing changed.
        let mut doc = desk.load_story(&ids[0]).unwrap();
        let claim = doc.story().claims[0].id;
        let link = SourceLink {
            source: keep.clone(),
            stance: Stance::Supports,
            note: None,
        };
        let other = reg.sources[1].id.clone();
        apply(doc.story_mut(), Edit::Link { claim, link }, &who()).unwrap();
        doc.save().unwrap();
        let lock = StoryLock::acquire(&desk, &ids[0], "ben").unwrap();
        let e = merge_sources(&desk, &keep, &other, &who()).unwrap_err();
        assert!(e.to_string().contains("ben"), "{e}");
        assert!(desk.load_sources().unwrap().value.get(&keep).is_some());
        drop(lock);

        // Merging again what was merged moves what came in since: nothing.
        assert_eq!(
            merge_sources(&desk, &id("dup-source"), &keep, &who()).unwrap(),
            MergeReport::default()
        );
        assert_eq!(
            desk.load_sources()
                .unwrap()
                .value
                .merged_into(&id("dup-source")),
            Some(&keep)
        );
        // Unknown or identical sources are refused.
        assert!(merge_sources(&desk, &id("dup-source"), &other, &who()).is_err());
        assert!(merge_sources(&desk, &id("nope"), &keep, &who()).is_err());
        assert!(matches!(
            merge_sources(&desk, &keep, &keep, &who()),
            Err(Error::MergeIntoItself(_))
        ));
    }

    #[test]
    fn new_sources_are_checked_field_by_field() {
        let fields = SourceFields {
            id: " tass ",
            name: " TASS ",
            kind: "Wire",
            url: " https://tass.com/ ",
            outlet: "  ",
            accessed: None,
        };
        let s = new_source(&fields).unwrap();
        assert_eq!(
            (s.id.as_str(), s.name.as_str(), s.kind, s.url.as_deref()),
            ("tass", "TASS", SourceKind::Wire, Some("https://tass.com/"))
        );
        assert_eq!(s.outlet, None);
        let no_url = new_source(&SourceFields { url: "", ..fields }).unwrap();
        assert_eq!(no_url.url, None);
        let e = |f: SourceFields| new_source(&f).unwrap_err().to_string();
        assert!(
            e(SourceFields {
                id: "Bad Id",
                ..fields
            })
            .contains("invalid source id")
        );
        assert_eq!(
            e(SourceFields {
                name: " ",
                ..fields
            }),
            "a source's name cannot be empty"
        );
        assert!(
            e(SourceFields {
                kind: "fax",
                ..fields
            })
            .starts_with("unknown source kind \"fax\"")
        );
        assert!(
            e(SourceFields {
                url: "javascript:alert(1)",
                ..fields
            })
            .contains("only http and https")
        );
    }

    #[test]
    fn update_replaces_in_place() {
        let (_tmp, desk) = sample();
        let mut s = desk.load_sources().unwrap().value.sources[1].clone();
        s.name = "Renamed".into();
        s.outlet = Some("Wire".into());
        update_source(&desk, s.clone()).unwrap();
        let reg = desk.load_sources().unwrap().value;
        assert_eq!(reg.sources[1], s);
        s.id = id("nope");
        assert!(update_source(&desk, s).is_err());
    }
}
