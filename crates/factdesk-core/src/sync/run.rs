//! One sync: commit what changed here, fetch, merge through the driver,
//! push; when the push is refused because someone pushed meanwhile,
//! fetch, merge and push again, a bounded number of times.

use std::path::PathBuf;

use super::commit::{as_editor, commit_all};
use super::git::{Git, INTERACTIVE_TIMEOUT, NETWORK_TIMEOUT, Output};
use super::{SyncError, repo, same_id};
use crate::edit::Who;
use crate::ids::StoryId;
use crate::store::{Desk, STORIES_DIR};

/// How many times a refused push is retried (fetch, merge, push).
pub const PUSH_TRIES: usize = 4;

/// What to sync, as whom.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// The editor: author of the commits and of any edit the sync makes.
    pub editor: String,
    /// The remote to sync with; `None`: the branch's, else `origin`, else
    /// the only one.
    pub remote: Option<String>,
    /// The factdesk program git should run as the merge driver (the
    /// running one: `std::env::current_exe()`).
    pub exe: PathBuf,
    /// Someone is at the terminal and git may ask for a password or a
    /// key's passphrase (the command line); `false` for a screen, where a
    /// prompt would garble the display: git and ssh never ask then.
    pub interactive: bool,
}

/// Where a sync is, for a screen to show while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Committing,
    Fetching { attempt: usize },
    Merging,
    Pushing { attempt: usize },
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub remote: String,
    pub branch: String,
    /// The subject of the commit made of this desk's changes, if any.
    pub committed: Option<String>,
    /// Commits that came in.
    pub incoming: usize,
    /// Commits that went out.
    pub outgoing: usize,
    /// Stories the incoming changes touched (to mark on the desk screen).
    pub changed_stories: Vec<StoryId>,
    /// Our stories moved to a new id because the same id came in for
    /// another article.
    pub renamed: Vec<(StoryId, StoryId)>,
    /// Links moved to sources kept by a source merge.
    pub relinked: usize,
    /// Conflicts left in the desk for an editor to settle.
    pub conflicts: usize,
    /// The remote had no branch yet: this sync made it.
    pub first_push: bool,
}

impl std::fmt::Display for SyncReport {
    /// One line: "synced with origin/main: 2 commits in (3 stories), 1
    /// out; 1 conflict to settle (`factdesk check` lists it)".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = |count: usize, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        write!(f, "synced with {}/{}", self.remote, self.branch)?;
        if self.first_push {
            f.write_str(" (new there)")?;
        }
        if self.incoming == 0 && self.outgoing == 0 {
            f.write_str(": up to date, nothing in or out")?;
        } else {
            write!(f, ": {} in", n(self.incoming, "commit", "commits"))?;
            if !self.changed_stories.is_empty() {
                write!(
                    f,
                    " ({})",
                    n(self.changed_stories.len(), "story", "stories")
                )?;
            }
            write!(f, ", {} out", self.outgoing)?;
            if let Some(c) = &self.committed {
                write!(f, " ({})", crate::text::clip(c, 80))?;
            }
        }
        for (old, new) in &self.renamed {
            write!(f, "; our story {old} is now {new}")?;
        }
        if self.relinked > 0 {
            write!(
                f,
                "; {} moved to merged sources",
                n(self.relinked, "link", "links")
            )?;
        }
        if self.conflicts > 0 {
            write!(
                f,
                "; {} to settle (`factdesk check` lists them)",
                n(self.conflicts, "conflict", "conflicts")
            )?;
        }
        Ok(())
    }
}

/// Sync the desk with its remote. `progress` is told each step (a screen
/// runs this on another thread and shows it).
pub fn sync(
    desk: &Desk,
    options: &SyncOptions,
    progress: &mut dyn FnMut(Step),
) -> Result<SyncReport, SyncError> {
    let (git, network) = if options.interactive {
        (Git::new(desk.root()), INTERACTIVE_TIMEOUT)
    } else {
        (Git::new(desk.root()).non_interactive(), NETWORK_TIMEOUT)
    };
    repo::own_repository(&git, desk.root())?;
    repo::setup(&git, &options.exe)?;
    let branch = git
        .run(&["symbolic-ref", "--quiet", "--short", "HEAD"])?
        .ok_text()
        .ok_or(SyncError::Detached)?;
    let (remote, remote_branch) =
        repo::remote_and_branch(&git, &branch, options.remote.as_deref())?;
    let mut report = SyncReport {
        remote: remote.clone(),
        branch: remote_branch.clone(),
        ..SyncReport::default()
    };
    let editor = options.editor.as_str();
    progress(Step::Committing);
    report.committed = commit_all(&git, editor, None)?;
    let tracking = format!("refs/remotes/{remote}/{remote_branch}");
    for attempt in 1..=PUSH_TRIES {
        progress(Step::Fetching { attempt });
        let fetch = git.run_for(&["fetch", "--quiet", "--prune", &remote], network)?;
        if !fetch.ok() {
            return Err(SyncError::Network {
                remote,
                why: fetch.why(),
            });
        }
        let upstream = rev(&git, &tracking)?;
        if attempt == 1 {
            report.first_push = upstream.is_none();
        }
        if let Some(up) = &upstream {
            let incoming = count(&git, &format!("HEAD..{up}"))?;
            if incoming > 0 {
                progress(Step::Merging);
                merge(&git, desk, editor, up, &tracking, &mut report)?;
                report.incoming += incoming;
            }
        }
        progress(Step::Pushing { attempt });
        let ahead = match &upstream {
            Some(up) => count(&git, &format!("{up}..HEAD"))?,
            None => count(&git, "HEAD")?,
        };
        if ahead == 0 {
            set_upstream(&git, &branch, &remote, &remote_branch)?;
            break;
        }
        let push = git.run_for(
            &[
                "push",
                "--quiet",
                "--set-upstream",
                &remote,
                &format!("HEAD:refs/heads/{remote_branch}"),
            ],
            network,
        )?;
        if push.ok() {
            report.outgoing = ahead;
            break;
        }
        if !refused_as_stale(&push) {
            return Err(SyncError::Network {
                remote,
                why: push.why(),
            });
        }
        if attempt == PUSH_TRIES {
            return Err(SyncError::PushRefused {
                remote,
                tries: PUSH_TRIES,
            });
        }
    }
    super::status::stamp(&git);
    report.conflicts = super::status::desk_conflicts(desk).0.len();
    Ok(report)
}

/// Merge `up` into HEAD through the driver, with what must happen
/// around it: our clashing imports moved aside first, links to merged
/// sources followed after, and a change saved meanwhile committed.
fn merge(
    git: &Git,
    desk: &Desk,
    editor: &str,
    up: &str,
    tracking: &str,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let renamed = same_id::rename_clashes(git, desk, up, editor)?;
    if !renamed.is_empty() {
        let what = renamed
            .iter()
            .map(|(a, b)| format!("{a} is now {b}"))
            .collect::<Vec<_>>()
            .join(", ");
        commit_all(
            git,
            editor,
            Some(&format!(
                "the same story id came in for another article: {what}"
            )),
        )?;
        report.renamed.extend(renamed);
    }
    let before = rev(git, "HEAD")?;
    let as_editor = as_editor(git, editor)?;
    let name = tracking.trim_start_matches("refs/remotes/");
    let message = format!("{}: merged {name}", crate::text::clip(editor, 60));
    // A screen may save a story between our commit and the merge: commit
    // that too and merge again, a few times.
    let mut out = None;
    for _ in 0..3 {
        let o = as_editor.run(&[
            "merge",
            "--no-edit",
            "--allow-unrelated-histories",
            "-m",
            &message,
            up,
        ])?;
        if o.ok() || !overwrites_local(&o) {
            out = Some(o);
            break;
        }
        commit_all(git, editor, None)?;
    }
    match out {
        Some(o) if o.ok() => {}
        Some(o) => return Err(stopped(git, &o)?),
        None => {
            return Err(SyncError::MergeStopped {
                files: Vec::new(),
                why: "files kept changing on disk during the merge; sync again".into(),
            });
        }
    }
    if let Some(before) = before {
        let changed = git.ok(&[
            "diff",
            "--name-only",
            "-z",
            &before,
            "HEAD",
            "--",
            STORIES_DIR,
        ])?;
        for path in changed.split('\0') {
            let id = path.split('/').nth(1).and_then(|s| StoryId::parse(s).ok());
            if let Some(id) = id
                && !report.changed_stories.contains(&id)
            {
                report.changed_stories.push(id);
            }
        }
        // git wrote them, not factdesk: the archive's next reader indexes
        // them again (the stories/ folder's stamp only shows stories
        // added or removed).
        for id in &report.changed_stories {
            crate::archive::note_saved(desk.root(), id);
        }
    }
    let who = Who::now(editor);
    let (moved, _left) = crate::registry::follow_merges(desk, &who)?;
    if moved > 0 {
        commit_all(
            git,
            editor,
            Some("links moved to the sources they were merged into"),
        )?;
        report.relinked += moved;
    }
    Ok(())
}

/// The merge stopped on files it could not merge: say which, put the
/// desk back as it was (their versions stay beside ours, as the driver
/// left them), and stop.
fn stopped(git: &Git, merge: &Output) -> Result<SyncError, SyncError> {
    let files = git.ok(&["diff", "--name-only", "--diff-filter=U", "-z"])?;
    let files: Vec<String> = files
        .split('\0')
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect();
    // The driver's own lines say why and where theirs was kept.
    let said: Vec<String> = merge
        .stderr
        .lines()
        .chain(String::from_utf8_lossy(&merge.stdout).lines())
        .filter(|l| l.contains(": not merged: "))
        .map(|l| l.trim_start_matches("factdesk: ").to_string())
        .collect();
    let why = if said.is_empty() {
        merge.why()
    } else {
        said.join("; ")
    };
    let _ = git.run(&["merge", "--abort"]);
    Ok(SyncError::MergeStopped { files, why })
}

fn overwrites_local(out: &Output) -> bool {
    out.stderr.contains("would be overwritten by merge")
}

/// A push refused because the remote moved since we fetched (someone
/// pushed meanwhile): worth fetching and merging again.
fn refused_as_stale(out: &Output) -> bool {
    let e = &out.stderr;
    e.contains("[rejected]")
        || e.contains("(fetch first)")
        || e.contains("non-fast-forward")
        || (e.contains("[remote rejected]") && e.contains("failed to update ref"))
        || e.contains("but expected")
        || e.contains("stale info")
}

fn rev(git: &Git, name: &str) -> Result<Option<String>, SyncError> {
    Ok(git
        .run(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{name}^{{commit}}"),
        ])?
        .ok_text())
}

fn count(git: &Git, range: &str) -> Result<usize, SyncError> {
    let out = git.run(&["rev-list", "--count", range])?;
    Ok(out.ok_text().and_then(|t| t.parse().ok()).unwrap_or(0))
}

/// Track the remote branch, when nothing was pushed that would set it.
fn set_upstream(
    git: &Git,
    branch: &str,
    remote: &str,
    remote_branch: &str,
) -> Result<(), SyncError> {
    let key = format!("branch.{branch}.remote");
    if git.run(&["config", "--get", &key])?.ok() {
        return Ok(());
    }
    if rev(git, &format!("refs/remotes/{remote}/{remote_branch}"))?.is_some() {
        let _ = git.run(&[
            "branch",
            "--set-upstream-to",
            &format!("{remote}/{remote_branch}"),
            branch,
        ]);
    }
    Ok(())
}

impl Output {
    /// The trimmed standard output of a command that succeeded.
    pub fn ok_text(&self) -> Option<String> {
        self.ok().then(|| self.text()).filter(|t| !t.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(stderr: &str) -> Output {
        Output {
            code: Some(1),
            stdout: Vec::new(),
            stderr: stderr.into(),
        }
    }

    #[test]
    fn a_push_refused_by_a_push_meanwhile_is_told_from_other_refusals() {
        for raced in [
            " ! [rejected]        main -> main (fetch first)\nerror: failed to push some refs",
            " ! [rejected]        main -> main (non-fast-forward)",
            "remote: error: cannot lock ref 'refs/heads/main': is at 8de1 but expected 45d7\n ! [remote rejected] HEAD -> main (failed to update ref)",
        ] {
            assert!(refused_as_stale(&output(raced)), "{raced}");
        }
        for other in [
            " ! [remote rejected] main -> main (pre-receive hook declined)",
            "fatal: Authentication failed for 'https://example.org/desk.git/'",
        ] {
            assert!(!refused_as_stale(&output(other)), "{other}");
        }
        assert_eq!(
            output("hint: do this\nfatal: Authentication failed for 'x'\n").why(),
            "Authentication failed for 'x'"
        );
    }

    #[test]
    fn the_report_is_one_line() {
        let mut r = SyncReport {
            remote: "origin".into(),
            branch: "main".into(),
            ..SyncReport::default()
        };
        assert_eq!(
            r.to_string(),
            "synced with origin/main: up to date, nothing in or out"
        );
        r.incoming = 2;
        r.outgoing = 1;
        r.changed_stories = vec![StoryId::parse("a").unwrap(), StoryId::parse("b").unwrap()];
        r.committed = Some("ana: 3 verdicts in a".into());
        r.conflicts = 1;
        r.renamed = vec![(StoryId::parse("c").unwrap(), StoryId::parse("c-2").unwrap())];
        assert_eq!(
            r.to_string(),
            "synced with origin/main: 2 commits in (2 stories), 1 out (ana: 3 verdicts in a); \
             our story c is now c-2; 1 conflict to settle (`factdesk check` lists them)"
        );
    }
}
