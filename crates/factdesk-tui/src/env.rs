//! What every component reads and none changes: the desk, who is editing,
//! the keys, the colours, the clock, and the clipboard and browser.

use chrono::{DateTime, FixedOffset, Utc};
use std::path::PathBuf;

use crate::desktop::Desktop;
use crate::keymap::Keymap;
use crate::theme::Theme;
use factdesk_core::edit::Who;
use factdesk_core::store::Desk;

pub struct Env {
    pub desk: Desk,
    pub editor: String,
    pub keymap: Keymap,
    pub theme: Theme,
    /// Zone history times are shown in.
    pub tz: FixedOffset,
    /// A fixed "now" for edits (tests); the clock when `None`.
    pub now: Option<DateTime<Utc>>,
    /// The factdesk program git runs as the desk's merge driver.
    pub program: PathBuf,
    /// The clipboard and the browser (recorded, in tests).
    pub desktop: Box<dyn Desktop>,
}

impl Env {
    /// Who makes an edit made now.
    pub fn who(&self) -> Who {
        Who {
            editor: self.editor.clone(),
            at: self.now.unwrap_or_else(Utc::now),
        }
    }
}
