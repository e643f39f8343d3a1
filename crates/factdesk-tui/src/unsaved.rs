//! Leaving a story whose last changes could not be saved.
//!
//! Every edit is saved as it is made; only after SAVE FAILED (a full disk,
//! a read-only file) are changes held in memory alone. Quitting then asks
//! first, and leaving the story (quitting, opening another, going back to
//! the desk) tries the save once more and, if it still fails, keeps the
//! changes in a recovery file and says where (see
//! [`factdesk_core::store::recovery`]).

use crate::app::{App, Effect, Overlay};
use crate::sanitize::one_line;

impl App {
    /// Whether the open story has changes that are not on disk.
    pub fn has_unsaved(&self) -> bool {
        self.story
            .as_ref()
            .is_some_and(|st| st.session.read_only().is_none() && st.session.is_dirty())
    }

    /// The editor asked to quit: quit, unless changes could not be saved;
    /// then try once more, and ask.
    pub fn request_quit(&mut self) -> Effect {
        if self.has_unsaved() {
            self.save();
        }
        if !self.has_unsaved() {
            return Effect::Quit;
        }
        let why = self
            .story
            .as_ref()
            .and_then(|st| st.save_error.clone())
            .unwrap_or_else(|| "the save failed".into());
        self.overlay = Overlay::ConfirmQuit(why);
        Effect::Redraw
    }

    /// `y` to the question: keep the changes in a recovery file and quit;
    /// when even that fails, stay and say so.
    pub fn quit_keeping_unsaved(&mut self) -> Effect {
        if self.close_story() {
            Effect::Quit
        } else {
            Effect::Redraw
        }
    }

    /// Close the open story. Changes not yet on disk are saved, or else
    /// kept in a recovery file, which the status bar (and, on quitting,
    /// the terminal) names. Returns `false`, leaving the story open, when
    /// they could not be kept anywhere.
    pub fn close_story(&mut self) -> bool {
        if self.has_unsaved() {
            self.save();
        }
        if let Some(st) = &self.story {
            let why = st.save_error.clone().unwrap_or_default();
            match st.session.keep_unsaved(&self.desk, &why) {
                Ok(None) => {}
                Ok(Some(path)) => {
                    let note = format!(
                        "unsaved changes to {} kept in {}",
                        st.session.story().id,
                        path.display()
                    );
                    self.exit_notes.push(one_line(&note));
                    self.error(note);
                }
                Err(e) => {
                    self.error(format!(
                        "your changes could not be saved nor kept ({e}); free some space, then Ctrl-s"
                    ));
                    return false;
                }
            }
        }
        self.story = None;
        true
    }
}
