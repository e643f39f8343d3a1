//! The world outside the terminal: the clipboard and the browser, behind
//! [`Desktop`] so that tests record what would have been copied or opened
//! ([`Recorder`]) and never touch the real ones.
//!
//! What reaches either is the program's own: text is cleaned of control
//! characters first ([`text::for_clipboard`]), and only http and https
//! addresses are opened ([`urls::validate`]).

use base64::Engine;
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use crate::component::Cx;
use factdesk_core::text::{self, fit};
use factdesk_core::urls;

/// Most characters put on the clipboard at once. OSC 52 goes through the
/// terminal (and tmux, and ssh) as one escape sequence, which terminals
/// cap; a quote, a note or an address is far shorter.
pub const MAX_COPY_CHARS: usize = 64 * 1024;

/// Where copied text went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copied {
    /// The system clipboard.
    Clipboard,
    /// The terminal's clipboard, through OSC 52 (no display here: ssh, a
    /// console).
    Terminal,
}

/// The clipboard and the browser.
pub trait Desktop {
    /// Put `text` (clean, capped) on the clipboard.
    fn copy(&self, text: &str) -> Result<Copied, String>;
    /// Open `url` (an http or https address) in the browser.
    fn open(&self, url: &str) -> Result<(), String>;
}

/// The real clipboard and browser.
#[derive(Default)]
pub struct System {
    /// Kept for the life of the program: on X11 the copied text is served
    /// by its owner, and would go when the clipboard handle is dropped.
    clipboard: RefCell<Option<arboard::Clipboard>>,
}

impl Desktop for System {
    fn copy(&self, text: &str) -> Result<Copied, String> {
        let mut slot = self.clipboard.borrow_mut();
        if slot.is_none() {
            *slot = arboard::Clipboard::new().ok();
        }
        if let Some(clipboard) = slot.as_mut()
            && clipboard.set_text(text).is_ok()
        {
            return Ok(Copied::Clipboard);
        }
        // No display to own a clipboard: ask the terminal.
        let mut out = std::io::stdout();
        out.write_all(osc52(text).as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| e.to_string())?;
        Ok(Copied::Terminal)
    }

    fn open(&self, url: &str) -> Result<(), String> {
        // Without a display, the desktop's opener would fall back to a
        // browser in this very terminal, over the screen.
        if cfg!(all(unix, not(target_os = "macos")))
            && std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty())
            && std::env::var_os("WAYLAND_DISPLAY").is_none_or(|d| d.is_empty())
        {
            return Err("no display".to_string());
        }
        open::that_detached(url).map_err(|e| e.to_string())
    }
}

/// The OSC 52 sequence that sets the terminal's clipboard to `text`.
pub fn osc52(text: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{b64}\x07")
}

/// What a [`Recorder`] was asked to do.
#[derive(Debug, Default)]
struct Log {
    copied: Vec<String>,
    opened: Vec<String>,
}

/// A desktop for tests: remembers what would have been copied and opened.
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    log: Rc<RefCell<Log>>,
    /// Opening fails, as where there is no browser.
    no_browser: bool,
}

impl Recorder {
    /// A desktop where no browser can be opened.
    pub fn without_browser() -> Recorder {
        Recorder {
            no_browser: true,
            ..Recorder::default()
        }
    }

    pub fn copied(&self) -> Vec<String> {
        self.log.borrow().copied.clone()
    }

    pub fn opened(&self) -> Vec<String> {
        self.log.borrow().opened.clone()
    }
}

impl Desktop for Recorder {
    fn copy(&self, text: &str) -> Result<Copied, String> {
        self.log.borrow_mut().copied.push(text.to_string());
        Ok(Copied::Clipboard)
    }

    fn open(&self, url: &str) -> Result<(), String> {
        if self.no_browser {
            return Err("no display".to_string());
        }
        self.log.borrow_mut().opened.push(url.to_string());
        Ok(())
    }
}

/// Copy `raw` (what the status line calls `what`) and say so.
pub fn copy(cx: &mut Cx, what: &str, raw: &str) {
    let clean = text::for_clipboard(raw);
    let cut = clean.chars().count() > MAX_COPY_CHARS;
    let clean: String = clean.chars().take(MAX_COPY_CHARS).collect();
    if clean.trim().is_empty() {
        return cx.info(format!("{what} is empty: nothing was copied"));
    }
    let n = clean.chars().count();
    match cx.env.desktop.copy(&clean) {
        Ok(how) => {
            let to = match how {
                Copied::Clipboard => "",
                Copied::Terminal => ", to the terminal's clipboard (OSC 52)",
            };
            let cut = if cut { ", cut to that length" } else { "" };
            cx.info(format!("copied {what}: {n} characters{cut}{to}"));
        }
        Err(e) => cx.error(format!("could not copy {what}: {}", fit(&e, 80))),
    }
}

/// Open `raw` (the address of `name`) in the browser and say so; where no
/// browser can be opened, the address is copied instead.
pub fn open_url(cx: &mut Cx, name: &str, raw: &str) {
    let url = match urls::validate(raw) {
        Ok(u) => u,
        Err(e) => return cx.error(format!("not opened: {e}")),
    };
    let shown = fit(&url, 60);
    match cx.env.desktop.open(&url) {
        Ok(()) => cx.info(format!("opened {} in the browser: {shown}", fit(name, 48))),
        Err(why) => {
            let clean = text::for_clipboard(&url);
            match cx.env.desktop.copy(&clean) {
                Ok(_) => cx.error(format!(
                    "no browser ({}): copied the address instead: {shown}",
                    fit(&why, 40)
                )),
                Err(e) => cx.error(format!(
                    "no browser ({}), and the address could not be copied ({})",
                    fit(&why, 40),
                    fit(&e, 40)
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_is_base64_between_the_escape_and_the_bell() {
        assert_eq!(osc52("héllo"), "\x1b]52;c;aMOpbGxv\x07");
    }
}
