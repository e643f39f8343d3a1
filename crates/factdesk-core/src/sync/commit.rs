//! Committing the desk's changes as the editor who made them, with a
//! message that says what changed: "ana: 3 verdicts, 1 source in
//! 2017-06-16-russia-said-friday-that-the-leader".

use std::collections::BTreeMap;
use std::path::Path;

use super::SyncError;
use super::git::Git;
use crate::model::{Change, HistoryEntry, SourceRegistry, Story};
use crate::store;

/// Stage everything the desk shares (`.gitignore` keeps the rest out) and
/// commit it as `editor`. Returns the commit's subject, or `None` when
/// nothing had changed. `what` comes first in the subject, before what
/// changed (the first commit of a desk).
pub fn commit_all(
    git: &Git,
    editor: &str,
    what: Option<&str>,
) -> Result<Option<String>, SyncError> {
    git.ok(&["add", "--all"])?;
    if git.run(&["diff", "--cached", "--quiet"])?.ok() {
        return Ok(None);
    }
    let (subject, body) = describe(git)?;
    let editor_name = crate::text::clip(editor, 60);
    let subject = match what {
        Some(w) => format!("{editor_name}: {w} ({subject})"),
        None => format!("{editor_name}: {subject}"),
    };
    let as_editor = as_editor(git, editor)?;
    let mut args = vec!["commit", "--quiet", "-m", &subject];
    if !body.is_empty() {
        args.extend(["-m", &body]);
    }
    as_editor.ok(&args)?;
    Ok(Some(subject))
}

/// `git` with `editor` as the author of what it commits (and committer,
/// when this machine has no git identity of its own).
pub fn as_editor(git: &Git, editor: &str) -> Result<Git, SyncError> {
    let config = |key: &str| -> Result<Option<String>, SyncError> {
        let out = git.run(&["config", "--get", key])?;
        Ok(out.ok().then(|| out.text()).filter(|s| !s.is_empty()))
    };
    let email = config("user.email")?.unwrap_or_default();
    let name = crate::text::printable(editor);
    let mut g = git
        .clone()
        .with_env("GIT_AUTHOR_NAME", &name)
        .with_env("GIT_AUTHOR_EMAIL", &email);
    if config("user.name")?.is_none() {
        g = g
            .with_env("GIT_COMMITTER_NAME", &name)
            .with_env("GIT_COMMITTER_EMAIL", &email);
    }
    Ok(g)
}

/// What one story's change holds.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Counts {
    verdicts: usize,
    links: usize,
    notes: usize,
    wordings: usize,
    speakers: usize,
    added: usize,
    deleted: usize,
    settled: usize,
    reanchored: usize,
    assigned: Option<Option<String>>,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.verdicts += other.verdicts;
        self.links += other.links;
        self.notes += other.notes;
        self.wordings += other.wordings;
        self.speakers += other.speakers;
        self.added += other.added;
        self.deleted += other.deleted;
        self.settled += other.settled;
        self.reanchored += other.reanchored;
        if other.assigned.is_some() {
            self.assigned = other.assigned.clone();
        }
    }

    fn words(&self) -> Vec<String> {
        let n = |count: usize, one: &str, many: &str| {
            (count > 0).then(|| format!("{count} {}", if count == 1 { one } else { many }))
        };
        let mut out: Vec<String> = [
            n(self.verdicts, "verdict", "verdicts"),
            n(self.links, "source", "sources"),
            n(self.notes, "note", "notes"),
            n(self.wordings, "wording", "wordings"),
            n(self.speakers, "speaker", "speakers"),
            n(self.added, "new claim", "new claims"),
            n(self.deleted, "claim deleted", "claims deleted"),
            n(self.settled, "conflict settled", "conflicts settled"),
            n(self.reanchored, "claim re-anchored", "claims re-anchored"),
        ]
        .into_iter()
        .flatten()
        .collect();
        match &self.assigned {
            Some(Some(e)) => out.push(format!("assigned to {}", crate::text::clip(e, 40))),
            Some(None) => out.push("assignment cleared".into()),
            None => {}
        }
        out
    }
}

/// The subject (without the editor) and body of a commit of what is
/// staged.
fn describe(git: &Git) -> Result<(String, String), SyncError> {
    let has_head = git.run(&["rev-parse", "--verify", "--quiet", "HEAD"])?.ok();
    let listing = if has_head {
        git.run(&[
            "diff",
            "--cached",
            "--name-status",
            "--no-renames",
            "-z",
            "HEAD",
        ])?
    } else {
        git.run(&["diff", "--cached", "--name-status", "--no-renames", "-z"])?
    };
    let fields: Vec<&[u8]> = listing.stdout.split(|b| *b == 0).collect();
    let mut stories: BTreeMap<String, Counts> = BTreeMap::new();
    let (mut imported, mut removed, mut corrected) = (Vec::new(), Vec::new(), Vec::new());
    let mut registry = None;
    let (mut settings, mut setup, mut other) = (false, false, 0usize);
    for pair in fields.chunks(2) {
        let [status, path] = pair else { continue };
        let (status, path) = (
            String::from_utf8_lossy(status),
            String::from_utf8_lossy(path).into_owned(),
        );
        let parts: Vec<&str> = path.split('/').collect();
        let old = |git: &Git| show(git, &format!("HEAD:{path}"));
        match (parts.as_slice(), status.as_ref()) {
            (["stories", id, "story.ron"], "A") => imported.push(id.to_string()),
            (["stories", id, "story.ron"], "D") => removed.push(id.to_string()),
            (["stories", id, "story.ron"], _) => {
                let was = old(git)?.and_then(|b| parse_story(&b, &path));
                let now = show(git, &format!(":{path}"))?.and_then(|b| parse_story(&b, &path));
                let counts = match (was, now) {
                    (Some(a), Some(b)) => story_counts(&a, &b),
                    _ => Counts::default(),
                };
                stories.entry(id.to_string()).or_default().add(&counts);
            }
            (["stories", id, "article.txt"], "M") => corrected.push(id.to_string()),
            (["stories", _, "article.txt"], _) => {}
            (["sources.ron"], _) => {
                let was = old(git)?.and_then(|b| parse_registry(&b));
                let now = show(git, ":sources.ron")?.and_then(|b| parse_registry(&b));
                registry = Some(registry_words(was.as_ref(), now.as_ref()));
            }
            (["desk.ron"], _) => settings = true,
            ([".gitignore"] | [".gitattributes"], _) => setup = true,
            _ => other += 1,
        }
    }
    let mut parts = Vec::new();
    let changed: Vec<(&String, &Counts)> = stories
        .iter()
        .filter(|(_, c)| !c.words().is_empty())
        .collect();
    match changed.as_slice() {
        [] => {}
        [(id, counts)] => parts.push(format!("{} in {id}", counts.words().join(", "))),
        many => {
            let mut total = Counts::default();
            for (_, c) in many {
                total.add(c);
            }
            total.assigned = None;
            let mut words = total.words();
            if words.is_empty() {
                words.push("changes".into());
            }
            parts.push(format!("{} in {} stories", words.join(", "), many.len()));
        }
    }
    let list = |verb: &str, ids: &[String]| match ids {
        [] => None,
        [one] => Some(format!("{verb} {one}")),
        many => Some(format!("{verb} {} stories", many.len())),
    };
    parts.extend(list("imported", &imported));
    parts.extend(list("removed", &removed));
    parts.extend(list("corrected the article of", &corrected));
    parts.extend(registry.filter(|r| !r.is_empty()));
    if settings {
        parts.push("desk settings".into());
    }
    if setup {
        parts.push("sync set up".into());
    }
    if other > 0 {
        parts.push(format!(
            "{other} other {}",
            if other == 1 { "file" } else { "files" }
        ));
    }
    if parts.is_empty() {
        parts.push("changes".into());
    }
    let mut body = Vec::new();
    if changed.len() > 1 {
        for (id, counts) in changed.iter().take(50) {
            body.push(format!("- {id}: {}", counts.words().join(", ")));
        }
        if changed.len() > 50 {
            body.push(format!("- and {} more stories", changed.len() - 50));
        }
    }
    if imported.len() > 1 {
        for id in imported.iter().take(50) {
            body.push(format!("- imported {id}"));
        }
    }
    Ok((parts.join("; "), body.join("\n")))
}

/// A file as it is at `rev_path` (`HEAD:path`, `:path` for the index);
/// `None` when it is not there.
pub(crate) fn show(git: &Git, rev_path: &str) -> Result<Option<Vec<u8>>, SyncError> {
    let out = git.run(&["cat-file", "blob", rev_path])?;
    Ok(out.ok().then_some(out.stdout))
}

fn parse_story(bytes: &[u8], path: &str) -> Option<Story> {
    let path = Path::new(path);
    let text = store::ron_text(bytes, path).ok()?;
    store::parse_story(text, path, None).ok().map(|(s, _)| s)
}

fn parse_registry(bytes: &[u8]) -> Option<SourceRegistry> {
    let path = Path::new(store::SOURCES_FILE);
    store::parse_sources(store::ron_text(bytes, path).ok()?, path).ok()
}

fn story_counts(old: &Story, new: &Story) -> Counts {
    let mut c = Counts::default();
    for claim in &new.claims {
        let before = old
            .claim(claim.id)
            .map_or(&[][..], |o| o.history.as_slice());
        for entry in added(before, &claim.history) {
            match &entry.change {
                Change::Verdict { .. } => c.verdicts += 1,
                Change::Linked { .. } | Change::Unlinked { .. } | Change::LinkNote { .. } => {
                    c.links += 1
                }
                Change::Speaker { .. } => c.speakers += 1,
                Change::Note { .. } => c.notes += 1,
                Change::Text { .. } => c.wordings += 1,
                Change::Created { .. } => c.added += 1,
                Change::Resolved { .. } => c.settled += 1,
                Change::Reanchored { .. } | Change::Orphaned => c.reanchored += 1,
                _ => {}
            }
        }
    }
    c.deleted = old
        .claims
        .iter()
        .filter(|o| new.claim(o.id).is_none())
        .count();
    if old.assignment != new.assignment {
        c.assigned = Some(new.assignee().map(str::to_string));
    }
    c
}

/// The entries of `new` that `old` does not have (as many times as `new`
/// has them more).
fn added<'a>(old: &[HistoryEntry], new: &'a [HistoryEntry]) -> Vec<&'a HistoryEntry> {
    let common = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let mut rest: Vec<&HistoryEntry> = old.get(common..).unwrap_or_default().iter().collect();
    let mut out = Vec::new();
    for e in new.get(common..).unwrap_or_default() {
        match rest.iter().position(|r| *r == e) {
            Some(i) => {
                rest.swap_remove(i);
            }
            None => out.push(e),
        }
    }
    out
}

fn registry_words(old: Option<&SourceRegistry>, new: Option<&SourceRegistry>) -> String {
    let (Some(new), empty) = (new, SourceRegistry::default()) else {
        return "sources.ron".into();
    };
    let old = old.unwrap_or(&empty);
    let added = new
        .sources
        .iter()
        .filter(|s| old.get(&s.id).is_none())
        .count();
    let gone = old
        .sources
        .iter()
        .filter(|s| new.get(&s.id).is_none())
        .count();
    let changed = new
        .sources
        .iter()
        .filter(|s| old.get(&s.id).is_some_and(|o| o != *s))
        .count();
    let settled = old.conflicts.len().saturating_sub(new.conflicts.len());
    let n = |count: usize, what: &str| {
        (count > 0).then(|| {
            format!(
                "{count} {} {what}",
                if count == 1 { "source" } else { "sources" }
            )
        })
    };
    let mut words: Vec<String> = [
        n(added, "added"),
        n(changed, "changed"),
        n(gone, "merged or removed"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if settled > 0 {
        words.push(format!("{settled} source conflicts settled"));
    }
    if words.is_empty() {
        return String::new();
    }
    format!("registry: {}", words.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::tests::story_with_claims;
    use crate::edit::{Edit, Who, apply};
    use crate::model::Verdict;
    use crate::store::ron_file;

    #[test]
    fn counts_say_what_changed() {
        let old = story_with_claims(3);
        let mut new = old.clone();
        let who = Who::now("ana");
        for e in [
            Edit::SetVerdict {
                claim: 1,
                verdict: Verdict::Confirmed,
            },
            Edit::SetVerdict {
                claim: 2,
                verdict: Verdict::Disputed,
            },
            Edit::SetNote {
                claim: 2,
                note: "n".into(),
            },
            Edit::DeleteClaim {
                claim: 3,
                note: None,
            },
        ] {
            apply(&mut new, e, &who).unwrap();
        }
        let c = story_counts(&old, &new);
        assert_eq!(c.words(), ["2 verdicts", "1 note", "1 claim deleted"]);
        let _ = ron_file::to_string(&new, Path::new("x")).unwrap();
    }
}
