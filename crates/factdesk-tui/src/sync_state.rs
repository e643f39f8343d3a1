//! The desk's sync with its shared repository, as the screens see it: the
//! last known state (ahead, behind, conflicts, last sync), a sync running
//! on a thread of its own while the keyboard stays free, its current step
//! for the spinner, and what the last one did.

use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};

use factdesk_core::ids::StoryId;
use factdesk_core::store::Desk;
use factdesk_core::sync::{self, Step, SyncOptions, SyncReport, SyncStatus};
use factdesk_core::text::first_line;

/// The spinner's frames, one a tick.
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// What the sync thread tells the screen.
enum Msg {
    Step(Step),
    Done(Result<SyncReport, String>),
}

/// A sync that finished: what to say, and whether it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    pub line: String,
    pub failed: bool,
    /// Stories the incoming changes touched.
    pub changed: Vec<StoryId>,
}

#[derive(Default)]
pub struct SyncState {
    /// The state as last read; `None` until read.
    status: Option<SyncStatus>,
    /// Why the state could not be read (git missing, say).
    status_error: Option<String>,
    /// The state being read on another thread.
    status_job: Option<Receiver<Result<SyncStatus, String>>>,
    /// The sync running, and the step it is at.
    job: Option<Receiver<Msg>>,
    step: Option<Step>,
    /// Ticks since the sync started, for the spinner.
    frame: usize,
    /// Stories the last sync brought changes to, marked on the desk.
    changed: HashSet<StoryId>,
    /// When the last sync from this screen ended, and what it said.
    last: Option<(DateTime<Utc>, Finished)>,
}

impl SyncState {
    /// Read the state again: at once, or (`background`) on another thread,
    /// since it runs a few git commands. `story_conflicts`: the conflicts
    /// the desk's stories have, as the desk screen's summaries count them.
    pub fn refresh(&mut self, desk: &Desk, story_conflicts: usize, background: bool) {
        if self.status_job.is_some() {
            return;
        }
        let status = move |desk: &Desk| {
            sync::status(desk, story_conflicts).map_err(|e| first_line(&e.to_string()))
        };
        if !background {
            self.take_status(status(desk));
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let desk = desk.clone();
        let spawned = std::thread::Builder::new()
            .name("sync-status".into())
            .spawn(move || {
                let _ = tx.send(status(&desk));
            });
        match spawned {
            Ok(_) => self.status_job = Some(rx),
            Err(e) => self.status_error = Some(first_line(&e.to_string())),
        }
    }

    fn take_status(&mut self, read: Result<SyncStatus, String>) {
        match read {
            Ok(s) => {
                self.status = Some(s);
                self.status_error = None;
            }
            Err(e) => self.status_error = Some(e),
        }
    }

    /// Start a sync as `editor` on another thread, with `program` as git's
    /// merge driver; refused while one is running.
    pub fn start(&mut self, desk: &Desk, editor: &str, program: PathBuf) -> Result<(), String> {
        if self.job.is_some() {
            return Err("a sync is already running".into());
        }
        let options = SyncOptions {
            editor: editor.to_string(),
            remote: None,
            exe: program,
            // Git and ssh must not ask for anything over the screen.
            interactive: false,
        };
        let (tx, rx) = std::sync::mpsc::channel();
        let desk = desk.clone();
        std::thread::Builder::new()
            .name("sync".into())
            .spawn(move || {
                let steps = tx.clone();
                let done = sync::sync(&desk, &options, &mut |step| {
                    let _ = steps.send(Msg::Step(step));
                });
                let _ = tx.send(Msg::Done(done.map_err(|e| first_line(&e.to_string()))));
            })
            .map_err(|e| format!("cannot start the sync: {e}"))?;
        self.job = Some(rx);
        self.step = Some(Step::Committing);
        self.frame = 0;
        Ok(())
    }

    /// Whether something runs in the background: the loop should tick.
    pub fn busy(&self) -> bool {
        self.job.is_some() || self.status_job.is_some()
    }

    pub fn running(&self) -> bool {
        self.job.is_some()
    }

    /// A tick: move the spinner, take what the threads said. Returns
    /// whether anything changed, and the sync that finished, if one did.
    pub fn poll(&mut self) -> (bool, Option<Finished>) {
        let mut changed = false;
        if let Some(rx) = &self.status_job {
            match rx.try_recv() {
                Ok(read) => {
                    self.status_job = None;
                    self.take_status(read);
                    changed = true;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => self.status_job = None,
            }
        }
        let Some(rx) = &self.job else {
            return (changed, None);
        };
        self.frame = self.frame.wrapping_add(1);
        let mut finished = None;
        loop {
            match rx.try_recv() {
                Ok(Msg::Step(step)) => self.step = Some(step),
                Ok(Msg::Done(done)) => {
                    finished = Some(self.finish(done));
                    break;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    finished = Some(self.finish(Err("the sync stopped unexpectedly".into())));
                    break;
                }
            }
        }
        (true, finished)
    }

    fn finish(&mut self, done: Result<SyncReport, String>) -> Finished {
        self.job = None;
        self.step = None;
        let finished = match done {
            Ok(report) => Finished {
                line: report.to_string(),
                failed: false,
                changed: report.changed_stories.clone(),
            },
            Err(why) => Finished {
                line: format!("sync failed: {why}"),
                failed: true,
                changed: Vec::new(),
            },
        };
        if !finished.failed {
            self.changed = finished.changed.iter().cloned().collect();
        }
        self.last = Some((Utc::now(), finished.clone()));
        finished
    }

    /// Whether the last sync brought changes to `story`.
    pub fn changed(&self, story: &StoryId) -> bool {
        self.changed.contains(story)
    }

    pub fn status(&self) -> Option<&SyncStatus> {
        self.status.as_ref()
    }

    /// Set the state as if read (tests that draw it).
    pub fn set_status(&mut self, status: SyncStatus) {
        self.status = Some(status);
        self.status_error = None;
    }

    /// The one line the desk screen shows: the spinner and step while a
    /// sync runs, else the state as last read. `tz` for the last sync time.
    pub fn line(&self, tz: &chrono::FixedOffset) -> String {
        if let Some(step) = self.step {
            let spin = SPINNER.get(self.frame % SPINNER.len()).unwrap_or(&"*");
            let what = match step {
                Step::Committing => "committing this desk's changes".to_string(),
                Step::Fetching { attempt: 1 } => "fetching".to_string(),
                Step::Fetching { attempt } => format!("fetching again (try {attempt})"),
                Step::Merging => "merging claim by claim".to_string(),
                Step::Pushing { attempt: 1 } => "pushing".to_string(),
                Step::Pushing { attempt } => format!("pushing again (try {attempt})"),
            };
            return format!("{spin} syncing: {what}…");
        }
        if let Some(e) = &self.status_error {
            return format!("sync: {e}");
        }
        let Some(s) = &self.status else {
            return String::new();
        };
        let conflicts = match s.conflicts {
            0 => None,
            1 => Some("1 conflict to settle".to_string()),
            n => Some(format!("{n} conflicts to settle")),
        };
        if !s.repository {
            let not = "not shared (factdesk init --git)";
            return match conflicts {
                Some(c) => format!("sync: {c} · {not}"),
                None => format!("sync: {not}"),
            };
        }
        let mut parts = Vec::new();
        match &s.upstream {
            Some(up) => parts.push(format!("{up} ↑{} ↓{}", s.ahead, s.behind)),
            None => parts.push("no remote yet (`git remote add origin URL`)".to_string()),
        }
        if s.uncommitted {
            parts.push("changes to sync".into());
        }
        parts.extend(conflicts);
        let last = match (&self.last, s.last_sync) {
            (Some((at, f)), _) if f.failed => Some(format!(
                "last sync failed {}",
                at.with_timezone(tz).format("%H:%M")
            )),
            (_, Some(at)) => Some(format!(
                "last sync {}",
                at.with_timezone(tz).format("%Y-%m-%d %H:%M")
            )),
            _ => None,
        };
        parts.extend(last);
        format!("sync: {}", parts.join(" · "))
    }
}
