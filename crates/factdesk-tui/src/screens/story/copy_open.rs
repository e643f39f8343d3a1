//! Copying and opening from the story screen: the selected claim's quote
//! (or the article's selection), and the addresses of the sources linked
//! to the claim, one after the other on each press of the key.

use super::{Focus, StoryScreen};
use crate::component::Cx;
use crate::desktop;
use factdesk_core::text::fit;

impl StoryScreen {
    /// `y`: the article's selection when there is one in the article,
    /// else the selected claim's quote, to the clipboard.
    pub(super) fn copy_quote(&self, cx: &mut Cx) {
        if self.focus == Focus::Article
            && let Some(range) = self.selection()
            && let Some(text) = self.article().get(range)
        {
            return desktop::copy(cx, "the selection", text);
        }
        match self.selected_claim() {
            Some(c) => desktop::copy(cx, &format!("the quote of claim #{}", c.id), &c.text),
            None => cx.info("no claim selected: nothing was copied"),
        }
    }

    /// `b` (`open`) or `Y`: the address of a source linked to the selected
    /// claim, opened in the browser or copied. With several, each press
    /// takes the next one, and the status line says which of how many.
    pub(super) fn link_step(&mut self, open: bool, cx: &mut Cx) {
        let Some(c) = self.selected_claim() else {
            return cx.info("no claim selected");
        };
        let id = c.id;
        if cx.data.registry().is_none()
            && let Err(e) = cx.data.reload_sources(&cx.env.desk)
        {
            return cx.error(e.to_string());
        }
        let registry = cx.data.registry();
        let links: Vec<(String, String)> = c
            .sources
            .iter()
            .filter_map(|l| {
                let s = registry?.get(&l.source)?;
                Some((s.name.clone(), s.url.clone()?))
            })
            .collect();
        if links.is_empty() {
            return cx.info(if c.sources.is_empty() {
                format!("claim #{id} links no source (s links one)")
            } else {
                format!("no source linked to claim #{id} has an address")
            });
        }
        let turn = match self.link_turn {
            (Some(last), n) if last == id => n % links.len(),
            _ => 0,
        };
        self.link_turn = (Some(id), turn + 1);
        let Some((name, url)) = links.get(turn) else {
            return;
        };
        let name = if links.len() > 1 {
            format!("{} ({} of {})", fit(name, 30), turn + 1, links.len())
        } else {
            fit(name, 30)
        };
        if open {
            desktop::open_url(cx, &name, url);
        } else {
            desktop::copy(cx, &format!("the address of {name}"), url);
        }
    }
}
