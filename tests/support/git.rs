//! A shared desk for tests: a bare repository in a temporary folder and
//! clones of it, driven through the real binary and the real `git`, with
//! git's own configuration shut out so the machine's settings do not
//! matter.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const SEED: &str = include_str!("../fixtures/seed.txt");
pub const STORY: &str = "2017-06-16-russia-said-friday-that-the-leader";

pub struct Run {
    pub code: i32,
    pub out: String,
    pub err: String,
}

/// The remote and the folder the clones live in.
pub struct Shared {
    pub tmp: tempfile::TempDir,
    pub remote: PathBuf,
    config: PathBuf,
}

impl Shared {
    /// An empty bare repository, and a first desk `a` (with the seed
    /// story imported) made a repository, given the remote and synced.
    pub fn new() -> (Shared, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let config = tmp.path().join("gitconfig");
        fs::write(&config, "").unwrap();
        let remote = tmp.path().join("remote.git");
        let shared = Shared {
            tmp,
            remote,
            config,
        };
        shared.git(
            shared.tmp.path(),
            &["init", "--quiet", "--bare", "remote.git"],
        );
        let a = shared.path("a");
        let run = shared.factdesk(&a, "ana", &["init", "--git", "--name", "Team"]);
        assert_eq!(run.code, 0, "{}", run.err);
        shared.git(
            &a,
            &["remote", "add", "origin", shared.remote.to_str().unwrap()],
        );
        let article = shared.path("seed.txt");
        fs::write(&article, SEED).unwrap();
        let run = shared.factdesk(&a, "ana", &["import", article.to_str().unwrap()]);
        assert_eq!(run.out.trim(), STORY, "{}", run.err);
        shared.sync(&a, "ana");
        (shared, a)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// A plain `git clone` of the remote, as a colleague makes one.
    pub fn clone(&self, name: &str) -> PathBuf {
        let dir = self.path(name);
        self.git(
            self.tmp.path(),
            &["clone", "--quiet", self.remote.to_str().unwrap(), name],
        );
        dir
    }

    fn env(&self, cmd: &mut Command) {
        cmd.env("GIT_CONFIG_GLOBAL", &self.config)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE");
    }

    pub fn factdesk(&self, desk: &Path, editor: &str, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_factdesk"));
        cmd.args(args)
            .env("FACTDESK_DESK", desk)
            .env("FACTDESK_EDITOR", editor);
        self.env(&mut cmd);
        let out = cmd.output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            out: String::from_utf8_lossy(&out.stdout).into_owned(),
            err: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `factdesk ARGS`, which must succeed; its output.
    pub fn ok(&self, desk: &Path, editor: &str, args: &[&str]) -> String {
        let run = self.factdesk(desk, editor, args);
        assert_eq!(run.code, 0, "factdesk {args:?}: {}{}", run.out, run.err);
        run.out
    }

    pub fn sync(&self, desk: &Path, editor: &str) -> String {
        self.ok(desk, editor, &["sync"])
    }

    /// `git ARGS` in `dir`, which must succeed; its output.
    pub fn git(&self, dir: &Path, args: &[&str]) -> String {
        let run = self.git_run(dir, args);
        assert_eq!(run.code, 0, "git {args:?}: {}{}", run.out, run.err);
        run.out
    }

    pub fn git_run(&self, dir: &Path, args: &[&str]) -> Run {
        let mut cmd = Command::new("git");
        cmd.args(["-c", "user.name=tester", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(dir);
        self.env(&mut cmd);
        let out = cmd.output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            out: String::from_utf8_lossy(&out.stdout).into_owned(),
            err: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// The story as the desk at `desk` holds it on disk.
pub fn story(desk: &Path, id: &str) -> factdesk_core::model::Story {
    let d = factdesk_core::store::Desk::open(desk).unwrap();
    let id = factdesk_core::ids::StoryId::parse(id).unwrap();
    d.load_story_file(&id).unwrap().file.value
}

pub fn story_text(desk: &Path, id: &str) -> String {
    fs::read_to_string(desk.join("stories").join(id).join("story.ron")).unwrap()
}

pub fn sources(desk: &Path) -> Vec<String> {
    let d = factdesk_core::store::Desk::open(desk).unwrap();
    d.load_sources()
        .unwrap()
        .value
        .sources
        .iter()
        .map(|s| s.id.to_string())
        .collect()
}

/// Every file git tracks in the desk, with its contents: two clones in
/// step have the same.
pub fn tracked(shared: &Shared, desk: &Path) -> Vec<(String, Vec<u8>)> {
    let list = shared.git(desk, &["ls-files", "-z"]);
    list.split('\0')
        .filter(|p| !p.is_empty())
        .map(|p| (p.to_string(), fs::read(desk.join(p)).unwrap()))
        .collect()
}
