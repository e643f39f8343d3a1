//! The desk as a git repository: making it one, and the few files and
//! settings that make git merge it through factdesk.

use std::fs;
use std::path::{Path, PathBuf};

use super::SyncError;
use super::git::{Git, shell_quote};
use crate::store::{Desk, atomic};

/// The merge driver's name in `.gitattributes` and the git config.
pub const DRIVER: &str = "factdesk";

/// What a desk never shares: files derived from others, or that belong to
/// one machine.
pub const GITIGNORE: &str = "\
# factdesk: derived or local to this machine, never shared.
.cache/
.lock
*.lock
*.bak
.*.bak-*
.factdesk-*.tmp
*.conflict-*
";

/// The desk's files that git merges through factdesk (`factdesk
/// merge-driver`), by their parsed content rather than line by line.
pub const GITATTRIBUTES: &str = "\
# factdesk: merge the desk's files claim by claim (see docs/sync.md).
story.ron merge=factdesk
sources.ron merge=factdesk
desk.ron merge=factdesk
article.txt merge=factdesk
";

/// The command git runs to merge a desk file, for the factdesk at `exe`.
pub fn driver_command(exe: &Path) -> String {
    format!("{} merge-driver %O %A %B %P", shell_quote(exe))
}

/// What [`init`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Init {
    /// The repository was made now (else it was one already).
    pub created: bool,
    /// The first commit, when one was made.
    pub committed: Option<String>,
}

/// Make the desk a git repository (or finish making it one): `.gitignore`,
/// `.gitattributes`, the merge driver registered for the factdesk at
/// `exe`, and everything committed by `editor`.
pub fn init(desk: &Desk, editor: &str, exe: &Path) -> Result<Init, SyncError> {
    let root = desk.root();
    let git = Git::new(root);
    let created = !root.join(".git").exists();
    if created {
        // The first branch takes git's default name here, which is what
        // a shared repository made on the same system points its HEAD at.
        git.ok(&["init", "--quiet"])?;
    } else {
        own_repository(&git, root)?;
    }
    setup(&git, exe)?;
    let committed = super::commit::commit_all(&git, editor, Some("the desk, shared"))?;
    Ok(Init { created, committed })
}

/// Check that the desk is the top of its own repository (not a folder
/// inside another one, which a sync would commit whole).
pub fn own_repository(git: &Git, root: &Path) -> Result<(), SyncError> {
    let out = git.run(&["rev-parse", "--show-toplevel"])?;
    if !out.ok() {
        return Err(SyncError::NotARepo(root.to_path_buf()));
    }
    let top = PathBuf::from(out.text());
    let same = match (top.canonicalize(), root.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        Ok(())
    } else {
        Err(SyncError::InsideRepo {
            desk: root.to_path_buf(),
            top,
        })
    }
}

/// `.gitignore` and `.gitattributes` hold factdesk's lines, and git knows
/// the merge driver. Returns whether a file had to be written.
pub fn setup(git: &Git, exe: &Path) -> Result<bool, SyncError> {
    let mut wrote = false;
    for (name, lines) in [(".gitignore", GITIGNORE), (".gitattributes", GITATTRIBUTES)] {
        wrote |= ensure_lines(&git.dir().join(name), lines)?;
    }
    register_driver(git, exe)?;
    Ok(wrote)
}

/// Register the merge driver in the repository's config, unless it is
/// there already for this factdesk.
pub fn register_driver(git: &Git, exe: &Path) -> Result<(), SyncError> {
    let want = driver_command(exe);
    let key = format!("merge.{DRIVER}.driver");
    let have = git.run(&["config", "--get", &key])?;
    if have.ok() && have.text() == want {
        return Ok(());
    }
    git.ok(&["config", &key, &want])?;
    git.ok(&[
        "config",
        &format!("merge.{DRIVER}.name"),
        "factdesk: merge desk files claim by claim",
    ])?;
    Ok(())
}

/// For every command run on a desk: a desk that is a repository whose
/// `.gitattributes` asks for factdesk's driver gets it registered (a
/// fresh `git clone` has no config), so a plain `git pull` merges right.
/// Cheap when there is nothing to do: two small files read, no git run.
/// Failures are ignored: this is a convenience, `sync` does it properly.
pub fn register_quietly(root: &Path, exe: &Path) {
    let git_dir = root.join(".git");
    if !git_dir.is_dir() {
        return;
    }
    let attributes = read_small(&root.join(".gitattributes"));
    if !attributes.contains(&format!("merge={DRIVER}")) {
        return;
    }
    let config = read_small(&git_dir.join("config"));
    let registered = format!("driver = {}", driver_command(exe));
    if config.lines().any(|l| l.trim() == registered) {
        return;
    }
    let _ = register_driver(&Git::new(root), exe);
}

fn read_small(path: &Path) -> String {
    use std::io::Read;
    let mut text = String::new();
    if let Ok(f) = fs::File::open(path) {
        let _ = f.take(1 << 20).read_to_string(&mut text);
    }
    text
}

/// Append to `path` whichever of `lines` it lacks (all of them to a new
/// file). Returns whether it wrote.
fn ensure_lines(path: &Path, lines: &str) -> Result<bool, SyncError> {
    crate::store::refuse_symlink(path)?;
    let (old, expected) = match atomic::read(path) {
        Ok((bytes, fp)) => (String::from_utf8_lossy(&bytes).into_owned(), Some(fp)),
        Err(_) if !path.exists() => (String::new(), None),
        Err(e) => return Err(e.into()),
    };
    let have: Vec<&str> = old.lines().map(str::trim).collect();
    let missing: Vec<&str> = lines
        .lines()
        .filter(|l| !l.starts_with('#') && !have.contains(&l.trim()))
        .collect();
    if missing.is_empty() {
        return Ok(false);
    }
    let mut text = old.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if old.is_empty() {
        text.push_str(lines);
    } else {
        for l in missing {
            text.push_str(l);
            text.push('\n');
        }
    }
    atomic::write(path, text.as_bytes(), expected)?;
    // No `.bak` of these beside them: git keeps every version.
    let _ = fs::remove_file(atomic::backup_path(path));
    Ok(true)
}

/// The remote to sync with and the branch there: `--remote`, else the
/// branch's upstream, else `origin`, else the only remote.
pub fn remote_and_branch(
    git: &Git,
    branch: &str,
    wanted: Option<&str>,
) -> Result<(String, String), SyncError> {
    let remotes: Vec<String> = git.ok(&["remote"])?.lines().map(str::to_string).collect();
    let configured = git.run(&["config", "--get", &format!("branch.{branch}.remote")])?;
    let configured = configured.ok().then(|| configured.text());
    let remote = match wanted {
        Some(w) if remotes.iter().any(|r| r == w) => w.to_string(),
        Some(w) => return Err(SyncError::UnknownRemote(w.to_string())),
        None => configured
            .filter(|r| remotes.contains(r))
            .or_else(|| remotes.iter().find(|r| *r == "origin").cloned())
            .or_else(|| match remotes.as_slice() {
                [only] => Some(only.clone()),
                _ => None,
            })
            .ok_or(SyncError::NoRemote)?,
    };
    let merge = git.run(&["config", "--get", &format!("branch.{branch}.merge")])?;
    let remote_branch = if merge.ok() {
        merge
            .text()
            .strip_prefix("refs/heads/")
            .unwrap_or(branch)
            .to_string()
    } else {
        branch.to_string()
    };
    Ok((remote, remote_branch))
}
