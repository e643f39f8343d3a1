//! The story screen's edits of who said a claim and of its source links:
//! the speaker field (completed from the speakers the desk knows), and the
//! links of the selected claim, moved into from the claims panel (`l`), to
//! unlink one, cycle its stance or edit its note. Every change is an
//! [`Edit`] through the story's session, undone with `Ctrl-z`.

use super::{Focus, StoryScreen};
use crate::action::PopupRequest;
use crate::component::Cx;
use crate::keymap::Command;
use factdesk_core::edit::Edit;
use factdesk_core::model::{SourceLink, Stance};

impl StoryScreen {
    /// `W`: the speaker field of the selected claim, with the speakers
    /// of every other story of the desk and of this one to complete from.
    pub(super) fn edit_speaker(&mut self, cx: &mut Cx) {
        if let Some(why) = self.edits.read_only_why() {
            return cx.error(format!("read-only ({why}): the speaker cannot change here"));
        }
        let Some(c) = self.selected_claim() else {
            return cx.info("no claim selected");
        };
        let (claim, was) = (c.id, c.speaker.clone());
        // The desk's speakers from its index (this story's saved claims
        // among them), and this story's own in case the index lags.
        let mut known: Vec<(String, usize)> = cx.data.speakers(&cx.env.desk);
        for c in self.story().live_claims() {
            if let Some(name) = c
                .speaker
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                && !known.iter().any(|(k, _)| k == name)
            {
                known.push((name.to_string(), 1));
            }
        }
        cx.open(PopupRequest::Speaker { claim, was, known });
    }

    /// `l`: into the selected claim's links, the first one selected.
    pub(super) fn enter_links(&mut self, cx: &mut Cx) {
        let Some(c) = self.selected_claim() else {
            return cx.info("no claim selected");
        };
        if c.sources.is_empty() {
            let key = cx
                .env
                .keymap
                .key_for(crate::keymap::Context::Story, Command::LinkSource)
                .map(|k| format!("; {k} links one"))
                .unwrap_or_default();
            return cx.info(format!("claim #{} has no sources{key}", c.id));
        }
        self.link = 0;
        self.focus = Focus::Links;
    }

    /// The link selected in the detail, while the links have the keys.
    pub fn selected_link(&self) -> Option<&SourceLink> {
        if self.focus != Focus::Links {
            return None;
        }
        self.selected_claim()?.sources.get(self.link)
    }

    /// After an edit or undo: the selection stays on a link that is there;
    /// with none left, the keys go back to the claims panel.
    pub(super) fn keep_link_in_range(&mut self) {
        let n = self.selected_claim().map_or(0, |c| c.sources.len());
        if n == 0 {
            if self.focus == Focus::Links {
                self.focus = Focus::Claims;
            }
            self.link = 0;
        } else {
            self.link = self.link.min(n - 1);
        }
    }

    /// Commands of the links in the detail.
    pub(super) fn links_command(&mut self, cmd: Command, cx: &mut Cx) -> bool {
        let Some(claim) = self.selected_id() else {
            self.focus = Focus::Claims;
            return true;
        };
        let n = self.selected_claim().map_or(0, |c| c.sources.len());
        match cmd {
            Command::Down => self.link = (self.link + 1).min(n.saturating_sub(1)),
            Command::Up => self.link = self.link.saturating_sub(1),
            Command::Back => self.focus = Focus::Claims,
            Command::LinkSource => self.link_source(cx),
            Command::Unlink => {
                let Some(link) = self.selected_link().cloned() else {
                    return true;
                };
                let edit = Edit::Unlink {
                    claim,
                    source: link.source.clone(),
                };
                if self.apply(edit, cx).is_some() {
                    cx.info(format!(
                        "unlinked {} ({}) from claim #{claim} (Ctrl-z undoes)",
                        link.source, link.stance
                    ));
                }
            }
            Command::CycleStance => {
                let Some(link) = self.selected_link().cloned() else {
                    return true;
                };
                let stance = next_stance(link.stance);
                let said = format!(
                    "{}: {} → {stance} (Ctrl-z undoes)",
                    link.source, link.stance
                );
                let edit = Edit::Link {
                    claim,
                    link: SourceLink { stance, ..link },
                };
                if self.apply(edit, cx).is_some() {
                    cx.info(said);
                }
            }
            Command::EditNote => {
                if let Some(why) = self.edits.read_only_why() {
                    cx.error(format!("read-only ({why}): the note cannot change here"));
                } else if let Some(link) = self.selected_link().cloned() {
                    cx.open(PopupRequest::LinkNote { claim, link });
                }
            }
            _ => return false,
        }
        self.keep_link_in_range();
        true
    }
}

/// Supports → contradicts → context → supports.
fn next_stance(s: Stance) -> Stance {
    let i = Stance::ALL.iter().position(|x| *x == s).unwrap_or(0);
    Stance::ALL
        .get((i + 1) % Stance::ALL.len())
        .copied()
        .unwrap_or(s)
}
