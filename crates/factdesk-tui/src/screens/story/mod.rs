//! The story screen: the article on the left, the claims and the selected
//! claim's detail on the right. The story is held in an [`EditSession`]
//! (its lock, pending edits and undo); every change is an [`Edit`] applied
//! through it and saved at once.

mod article;
mod claims;
mod copy_open;
mod detail;
mod edits;
mod judgments;
pub mod lines;
mod links;
mod triage;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::Block;
use std::ops::Range;

use crate::action::{Action, Back, PopupRequest, StoryAt};
use crate::component::{Component, Cx, View, keep_in_view, screen_command};
use crate::desk_data::DeskData;
use crate::keymap::{Command, Context};
use crate::seen::{SeenBefore, SeenMemo};
use crate::theme::Theme;
use crate::widgets::counts_spans;
use article::ArticlePane;
use detail::DetailPane;
use edits::StoryEdits;
use factdesk_core::edit::{Edit, UndoStack};
use factdesk_core::model::{Assignment, Claim, ClaimId, Story, Verdict};
use factdesk_core::review;
use factdesk_core::text::fit;
use triage::{Triage, row_of};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Claims,
    Article,
    /// The selected claim's source links, in the detail.
    Links,
}

/// Where the parts of the screen are, from the last layout.
#[derive(Debug, Clone, Copy, Default)]
struct Areas {
    top: Rect,
    article: Rect,
    list: Rect,
    detail: Rect,
}

impl Areas {
    fn of(area: Rect, claims: usize) -> Areas {
        let [top, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(body);
        let n = u16::try_from(claims).unwrap_or(u16::MAX);
        let list_h = n.max(1).saturating_add(2).min(right.height / 2).max(3);
        let [list, detail] =
            Layout::vertical([Constraint::Length(list_h), Constraint::Min(1)]).areas(right);
        Areas {
            top,
            article: left,
            list,
            detail,
        }
    }
}

pub struct StoryScreen {
    /// The story, held in its edit session.
    edits: StoryEdits,
    /// Index into the story's claims.
    selected: usize,
    focus: Focus,
    /// Index into the selected claim's links, while they have the keys.
    link: usize,
    article: ArticlePane,
    seen: SeenMemo,
    /// Layout: the parts of the screen, the first claim listed, and where
    /// the claims are listed (for the mouse).
    areas: Areas,
    claims_offset: usize,
    claims_area: Rect,
    triage: Triage,
    /// The selected claim's detail, wrapped and scrolled.
    detail: DetailPane,
    /// What the detail is laid out with: the keys it names, the colours
    /// and the zone of its times (laid out before drawing, as the article).
    look: Look,
    /// The claim whose linked sources `b` and `Y` go through, and the
    /// next one's turn.
    link_turn: (Option<ClaimId>, usize),
}

/// What the detail's lines are built with, taken from the environment when
/// the story is opened.
struct Look {
    keys: claims::DetailKeys,
    theme: Theme,
    tz: chrono::FixedOffset,
    /// The keys that scroll the detail down and up.
    scroll_keys: (Option<String>, Option<String>),
}

impl Look {
    fn of(env: &crate::env::Env) -> Look {
        let key = |cmd| env.keymap.key_for(Context::Story, cmd);
        Look {
            keys: claims::DetailKeys {
                open: key(Command::SeenBefore),
                take: key(Command::TakeEarlier),
                reviewed: key(Command::Reviewed),
                resolve: key(Command::Resolve),
                open_link: key(Command::OpenLink),
                copy_link: key(Command::CopyLink),
                unlink: env.keymap.key_for(Context::Links, Command::Unlink),
                stance: env.keymap.key_for(Context::Links, Command::CycleStance),
                note: env.keymap.key_for(Context::Links, Command::EditNote),
            },
            theme: env.theme.clone(),
            tz: env.tz,
            scroll_keys: (key(Command::DetailDown), key(Command::DetailUp)),
        }
    }
}

impl StoryScreen {
    /// Open `at` for editing (read-only when someone else holds it), with
    /// its claim selected. Says why in the status bar and returns `None`
    /// when it cannot be read.
    pub fn open(at: &StoryAt, cx: &mut Cx) -> Option<StoryScreen> {
        let edits = StoryEdits::open(at, cx)?;
        if let Err(e) = cx.data.reload_sources(&cx.env.desk) {
            cx.error(e.to_string());
        }
        cx.data.ensure_similar(&cx.env.desk);
        let mut screen = StoryScreen {
            edits,
            selected: 0,
            focus: Focus::Claims,
            link: 0,
            article: ArticlePane::default(),
            seen: SeenMemo::default(),
            areas: Areas::default(),
            claims_offset: 0,
            claims_area: Rect::default(),
            triage: Triage::new(cx.data.claim_order(&cx.env.desk)),
            detail: DetailPane::default(),
            look: Look::of(cx.env),
            link_turn: (None, 0),
        };
        if let Some(claim) = at.claim {
            screen.select_claim(claim);
        }
        Some(screen)
    }

    pub fn story(&self) -> &Story {
        self.edits.story()
    }

    /// The story's undo history, kept when it is closed.
    pub(crate) fn into_undo(self) -> UndoStack {
        self.edits.into_undo()
    }

    /// Go on with the undo history of an earlier visit.
    pub(crate) fn keep_undo(&mut self, undo: UndoStack) {
        self.edits.keep_undo(undo);
    }

    pub fn article(&self) -> &str {
        self.edits.article()
    }

    pub fn selected_claim(&self) -> Option<&Claim> {
        self.story().claims.get(self.selected)
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// Byte offset of the article cursor.
    pub fn cursor(&self) -> usize {
        self.article.cursor()
    }

    /// First line of the article shown.
    pub fn scroll(&self) -> usize {
        self.article.scroll()
    }

    /// First line of the detail shown.
    pub fn detail_scroll(&self) -> usize {
        self.detail.scroll()
    }

    /// The selected byte range of the article.
    pub fn selection(&self) -> Option<Range<usize>> {
        self.article.selection(self.article())
    }

    /// Whether edits are waiting to be saved (a save failed).
    pub fn is_dirty(&self) -> bool {
        self.edits.is_dirty()
    }

    /// Why the last save failed, while it has not succeeded since.
    pub fn save_error(&self) -> Option<&str> {
        self.edits.save_error()
    }

    /// Whether the story holds changes that are not on disk; a save is
    /// tried once more first.
    pub(crate) fn unsaved_after_retry(&mut self, cx: &mut Cx) -> bool {
        if self.edits.has_unsaved() {
            self.edits.save(cx);
        }
        self.edits.has_unsaved()
    }

    /// Leaving the story: what cannot be saved is kept in a recovery file
    /// (`Ok(Some(path))`), or nowhere (`Err(why)`).
    pub(crate) fn leave(&mut self, cx: &mut Cx) -> Result<Option<std::path::PathBuf>, String> {
        self.edits.keep_unsaved(cx)
    }

    /// Why the story cannot be changed here, as the banner says it;
    /// `None`: editable.
    pub fn read_only(&self) -> Option<String> {
        self.edits.read_only()
    }

    /// The earlier verdict the selected claim repeats (looked up in
    /// `update`, see [`StoryScreen::look_up_seen`]).
    pub fn seen_before(&self) -> Option<&SeenBefore> {
        self.seen.get(self.selected_claim()?)
    }

    /// The "seen before" index changed: look everything up again.
    pub(crate) fn forget_seen(&mut self) {
        self.seen.clear();
    }

    fn select_claim(&mut self, id: ClaimId) {
        let story = self.edits.story();
        self.selected = match story.claim_index(id) {
            Some(i) => i,
            None => self.selected.min(story.claims.len().saturating_sub(1)),
        };
        self.article.follow();
    }

    /// Apply `edit` and save; the claim it changed (now selected), once
    /// applied. A verdict that goes against the desk's own earlier ruling
    /// of the same claim is said in the status bar; a restored claim is
    /// put back on the article as it reads now.
    fn apply(&mut self, edit: Edit, cx: &mut Cx) -> Option<ClaimId> {
        let disagrees = self.disagreement(&edit);
        let restored = match &edit {
            Edit::RestoreClaim { claim } => Some(*claim),
            _ => None,
        };
        let claim = self.edits.apply(edit, cx)?;
        if let Some(id) = restored {
            self.edits.settle(id, cx);
        }
        self.changed(claim);
        if let Some(msg) = disagrees {
            cx.error(msg);
        }
        Some(claim)
    }

    /// `claim` was changed: select it. "Seen before" is not looked up
    /// again: its matches come from other stories only, and a claim whose
    /// wording changed is looked up anew (the memo is kept by wording), so
    /// an edit costs one lookup, not one per claim.
    fn changed(&mut self, claim: ClaimId) {
        self.select_claim(claim);
    }

    fn claim_move(&mut self, cmd: Command, cx: &mut Cx) {
        let claims = &self.edits.story().claims;
        if claims.is_empty() {
            return;
        }
        let rows = self.triage.rows(claims);
        let last = rows.len().saturating_sub(1);
        let cur = row_of(&rows, self.selected);
        // `]` and `[` go down and up the list as shown, wrapping.
        let wanted = |r: &usize| {
            rows.get(*r)
                .and_then(|&i| claims.get(i))
                .is_some_and(review::wants_attention)
        };
        let n = rows.len();
        let next = match cmd {
            Command::Down => (cur + 1).min(last),
            Command::Up => cur.saturating_sub(1),
            Command::Top => 0,
            Command::Bottom => last,
            Command::NextPending | Command::PrevPending => {
                let forward = cmd == Command::NextPending;
                let found = (1..=n)
                    .map(|k| {
                        if forward {
                            (cur + k) % n
                        } else {
                            (cur + n - k % n) % n
                        }
                    })
                    .find(wanted);
                match found {
                    Some(i) if i == cur => {
                        cx.info("no other claim is pending or needs review");
                        i
                    }
                    Some(i) => {
                        if forward && i < cur {
                            cx.info("back to the first claim pending or needing review");
                        } else if !forward && i > cur {
                            cx.info("on to the last claim pending or needing review");
                        }
                        i
                    }
                    None => {
                        cx.info("no claim is pending or needs review");
                        cur
                    }
                }
            }
            _ => cur,
        };
        self.selected = rows.get(next).copied().unwrap_or(self.selected);
        self.article.follow();
    }

    /// `s`: the source picker, for the selected claim, on the stance its
    /// verdict suggests (contradicts for disputed, as `factdesk tag` does).
    fn link_source(&mut self, cx: &mut Cx) {
        let Some(c) = self.selected_claim() else {
            return cx.info("no claim selected");
        };
        let (claim, stance, linked) = (c.id, c.verdict.default_stance(), c.sources.clone());
        if cx.data.sources.is_none()
            && let Err(e) = cx.data.reload_sources(&cx.env.desk)
        {
            return cx.error(e.to_string());
        }
        cx.open(PopupRequest::Picker {
            claim,
            stance,
            linked,
        });
    }

    /// `a`: the selection, or the candidate or sentence under the cursor,
    /// becomes a claim; a whole sentence keeps its score, cues and speaker.
    fn add_claim_here(&mut self, cx: &mut Cx) {
        let text = self.edits.article();
        self.triage.score(text);
        let claims = &self.edits.story().claims;
        let cursor = self.article.cursor();
        let candidate = self.triage.candidate_at(claims, cursor);
        let range = match self.article.selection(text) {
            Some(r) => r,
            None => match candidate.map(|s| s.start..s.end) {
                Some(r) => r,
                None => match lines::sentence_at(text, cursor) {
                    Some(r) => r,
                    None => return cx.error("nothing here to make a claim of"),
                },
            },
        };
        let Some((start, end)) = lines::whole_words(text, range) else {
            return cx.error("the selection is empty");
        };
        let sentence = self.article.selection(text).is_none();
        if let Some(existing) = covering_claim(&self.edits.story().claims, start..end, sentence) {
            let id = existing.id;
            self.article.clear_selection();
            self.focus = Focus::Claims;
            self.select_claim(id);
            return cx.info(format!(
                "claim #{id} already covers this text: selected it (select other words with v to make another)"
            ));
        }
        let wording = text
            .get(start..end)
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let Some(anchor) = factdesk_core::anchor::anchor_at(text, start, end) else {
            return cx.error("cannot anchor a claim there");
        };
        self.article.clear_selection();
        let scored = self.triage.sentence(start..end).cloned();
        let edit = Edit::AddClaim {
            text: wording,
            anchor,
            speaker: scored.as_ref().and_then(|s| s.speaker.clone()),
            score: scored.as_ref().map(|s| s.score),
            cues: scored.map(|s| s.cues).unwrap_or_default(),
        };
        // Back to the claims panel, the new claim selected: the next key
        // rules on it, and typing cannot make more claims unseen.
        if let Some(id) = self.apply(edit, cx) {
            self.focus = Focus::Claims;
            cx.info(format!("added claim #{id}"));
        }
    }

    /// Move the cursor to the next (or previous) match of the search.
    fn find_step(&mut self, forward: bool, include_here: bool, cx: &mut Cx) {
        let Some(q) = self.article.find().filter(|q| !q.is_empty()) else {
            return cx.info("no search; press / to find");
        };
        let q = q.to_string();
        match self
            .article
            .find_from_cursor(self.edits.article(), forward, include_here)
        {
            Some(i) => {
                self.article.move_to(i);
                self.focus = Focus::Article;
            }
            None => cx.error(format!("not found: {q}")),
        }
    }

    /// `o`: open the earlier verdict; Esc comes back.
    fn open_seen_before(&self, cx: &mut Cx) {
        let Some(seen) = self.seen_before() else {
            return cx.info("no earlier verdict for this claim");
        };
        let Some(here) = self.selected_id() else {
            return;
        };
        cx.ask(Action::OpenStory {
            at: StoryAt {
                story: seen.story.clone(),
                claim: Some(seen.claim),
            },
            back: Some(Back::Story(StoryAt {
                story: self.story().id.clone(),
                claim: Some(here),
            })),
        });
    }

    /// `K`: the sides of the selected claim's conflict, to keep one.
    fn resolve(&self, cx: &mut Cx) {
        match self.selected_claim() {
            Some(c) if !c.conflicts.is_empty() => {
                cx.open(PopupRequest::Resolve(Box::new(c.clone())));
            }
            Some(c) => cx.info(format!("claim #{} has no conflict to settle", c.id)),
            None => cx.info("no claim selected"),
        }
    }

    /// `A`: the story is assigned to the editor at the keys; when it is
    /// already, the assignment is cleared. Synced like any edit.
    fn assign(&mut self, cx: &mut Cx) {
        let who = cx.who();
        let mine = self.story().assignee() == Some(who.editor.as_str());
        let assignment = Assignment {
            editor: (!mine).then(|| who.editor.clone()),
            by: who.editor.clone(),
            at: who.at,
        };
        let said = if mine {
            "the story is no longer assigned".to_string()
        } else {
            format!("the story is assigned to {}", fit(&who.editor, 40))
        };
        let edit = Edit::Assign {
            to: Some(assignment),
        };
        if self.edits.apply(edit, cx).is_some() {
            cx.info(said);
        }
    }

    /// Commands of the claims panel.
    fn claims_command(&mut self, cmd: Command, cx: &mut Cx) -> bool {
        match cmd {
            Command::Down
            | Command::Up
            | Command::Top
            | Command::Bottom
            | Command::NextPending
            | Command::PrevPending => self.claim_move(cmd, cx),
            Command::Confirmed => self.set_verdict(Verdict::Confirmed, cx),
            Command::Unconfirmed => self.set_verdict(Verdict::Unconfirmed, cx),
            Command::Disputed => self.set_verdict(Verdict::Disputed, cx),
            Command::Pending => self.set_verdict(Verdict::Pending, cx),
            Command::LinkSource => self.link_source(cx),
            Command::EditText => {
                if let Some(c) = self.selected_claim() {
                    cx.open(PopupRequest::EditWording(Box::new(c.clone())));
                }
            }
            Command::EditNote => {
                if let Some(c) = self.selected_claim() {
                    cx.open(PopupRequest::EditNote(Box::new(c.clone())));
                }
            }
            Command::Delete => {
                if let Some(id) = self.selected_id() {
                    cx.open(PopupRequest::Confirm {
                        question: format!("Delete claim #{id}? (y/n)"),
                        yes: vec![Action::Edit {
                            edit: Edit::DeleteClaim {
                                claim: id,
                                note: None,
                            },
                            done: Some(format!("deleted claim #{id} (Ctrl-z undoes)")),
                        }],
                        no: Vec::new(),
                    });
                }
            }
            Command::FocusArticle => {
                self.focus = Focus::Article;
                // Start at the selected claim, or where the view is.
                let claim = self.edits.story().claims.get(self.selected);
                self.article.enter(claim, self.edits.article());
            }
            Command::Back => cx.ask(Action::Back),
            Command::History => {
                if let Some(c) = self.selected_claim() {
                    cx.open(PopupRequest::History(Box::new(c.clone())));
                }
            }
            Command::SeenBefore => self.open_seen_before(cx),
            Command::ClaimOrder => self.toggle_order(cx),
            Command::Resolve => self.resolve(cx),
            Command::Assign => self.assign(cx),
            Command::StoryDetails => match self.edits.read_only() {
                Some(why) => cx.error(why),
                None => cx.open(PopupRequest::StoryDetails {
                    story: Box::new(self.story().clone()),
                    open: true,
                }),
            },
            Command::Reviewed => self.mark_reviewed(cx),
            Command::TakeEarlier => self.take_earlier(cx),
            Command::DeletedClaims => self.list_deleted(cx),
            Command::Speaker => self.edit_speaker(cx),
            Command::Links => self.enter_links(cx),
            Command::CopyLink => self.link_step(false, cx),
            Command::OpenLink => self.link_step(true, cx),
            _ => return false,
        }
        true
    }

    /// `PageDown` `PageUp`: the detail, a page at a time.
    fn detail_page(&mut self, down: bool, cx: &mut Cx) {
        if !self.detail.overflows() {
            if let Some(c) = self.selected_claim() {
                cx.info(format!("the detail shows all of claim #{}", c.id));
            }
        } else if !self.detail.page(down) {
            cx.info(if down {
                "the end of the detail"
            } else {
                "the top of the detail"
            });
        }
    }

    /// Commands of the article panel.
    fn article_command(&mut self, cmd: Command, cx: &mut Cx) -> bool {
        if self.article.motion(cmd, self.edits.article()) {
            return true;
        }
        match cmd {
            Command::AddClaim => self.add_claim_here(cx),
            Command::NextCandidate | Command::PrevCandidate => {
                self.candidate_step(cmd == Command::NextCandidate, cx)
            }
            Command::FindNext | Command::FindPrev => {
                self.find_step(cmd == Command::FindNext, false, cx)
            }
            Command::Back => {
                if self.article.cancel() {
                    self.focus = Focus::Claims;
                    self.article.follow();
                }
            }
            _ => return false,
        }
        true
    }

    fn command(&mut self, cmd: Command, cx: &mut Cx) -> bool {
        match cmd {
            Command::Undo | Command::Redo => {
                if let Some(claim) = self.edits.undo_redo(cmd == Command::Redo, cx) {
                    self.changed(claim);
                }
                self.keep_link_in_range();
            }
            Command::Find => cx.open(PopupRequest::Find),
            Command::Candidates => self.toggle_candidates(cx),
            Command::Copy => self.copy_quote(cx),
            Command::DetailDown | Command::DetailUp => {
                self.detail_page(cmd == Command::DetailDown, cx)
            }
            Command::Save => {
                self.edits.save(cx);
                if self.edits.save_error().is_none() {
                    cx.info("saved");
                }
            }
            Command::Quit
            | Command::Help
            | Command::DeskScreen
            | Command::ArchiveScreen
            | Command::SourcesScreen
            | Command::Sync => {
                if let Some(action) = screen_command(cmd, self.context()) {
                    cx.ask(action);
                }
            }
            _ if self.focus == Focus::Article => return self.article_command(cmd, cx),
            _ if self.focus == Focus::Links => return self.links_command(cmd, cx),
            _ => return self.claims_command(cmd, cx),
        }
        true
    }

    /// A click: on a claim in the list or in the article selects it; on
    /// other text of the article puts the cursor there.
    fn click(&mut self, pos: Position) -> bool {
        let claims = &self.edits.story().claims;
        if self.claims_area.contains(pos) {
            let row = self.claims_offset + (pos.y - self.claims_area.y) as usize;
            if let Some(&i) = self.triage.rows(claims).get(row) {
                self.selected = i;
                self.focus = Focus::Claims;
                self.article.follow();
                return true;
            }
        } else if self.article.contains(pos) {
            let Some(at) = self.article.offset_at(pos, self.edits.article()) else {
                return false;
            };
            let hit = claims
                .iter()
                .position(|c| !c.orphaned && c.anchor.start <= at && at < c.anchor.end);
            if let Some(i) = hit {
                self.selected = i;
                self.focus = Focus::Claims;
            } else {
                self.article.place_cursor(at);
                self.focus = Focus::Article;
            }
            return true;
        }
        false
    }

    fn wheel(&mut self, pos: Position, down: bool, cx: &mut Cx) -> bool {
        if self.article.contains(pos) {
            self.article.wheel(down, self.edits.article());
            true
        } else if self.claims_area.contains(pos) {
            self.claim_move(if down { Command::Down } else { Command::Up }, cx);
            true
        } else if self.detail.contains(pos) {
            self.detail.scroll_by(3, down)
        } else {
            false
        }
    }
}

/// A claim a new one on `range` would duplicate: for a whole `sentence`
/// (`a` without a selection), a claim mostly inside it; for words the
/// editor selected, a claim on nearly the same words. A few words chosen
/// inside a claimed sentence, or claims that overlap a little, are new.
fn covering_claim(claims: &[Claim], range: Range<usize>, sentence: bool) -> Option<&Claim> {
    let len = range.end.saturating_sub(range.start);
    claims.iter().filter(|c| !c.orphaned).find(|c| {
        let (a, b) = (c.anchor.start, c.anchor.end);
        let overlap = b.min(range.end).saturating_sub(a.max(range.start));
        let claim_len = b.saturating_sub(a);
        let against = if sentence {
            claim_len
        } else {
            claim_len.max(len)
        };
        against > 0 && overlap * 2 > against
    })
}

impl Component for StoryScreen {
    fn context(&self) -> Context {
        match self.focus {
            Focus::Article => Context::Article,
            Focus::Claims => Context::Story,
            Focus::Links => Context::Links,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        let before = self.selected_id();
        let changed = match action {
            Action::Command(cmd) => self.command(cmd, cx),
            Action::Click { column, row } => self.click(Position::new(column, row)),
            Action::Scroll { column, row, down } => {
                self.wheel(Position::new(column, row), down, cx)
            }
            Action::Edit { edit, done } => {
                if self.apply(edit, cx).is_some()
                    && let Some(done) = done
                {
                    cx.info(done);
                }
                self.keep_link_in_range();
                true
            }
            Action::Find(q) => {
                self.article.set_find(q);
                self.find_step(true, true, cx);
                true
            }
            _ => false,
        };
        // Another claim's detail starts at its top, even when the
        // selection came back before the next frame.
        if self.selected_id() != before {
            self.detail.rewind();
        }
        changed
    }

    fn layout(&mut self, area: Rect, data: &mut DeskData) {
        let story = self.edits.story();
        self.areas = Areas::of(area, story.claims.len());
        let target = match self.focus {
            Focus::Article => {
                let c = self.article.cursor();
                Some(c..c + 1)
            }
            Focus::Claims | Focus::Links => story
                .claims
                .get(self.selected)
                .filter(|c| !c.orphaned)
                .map(|c| c.anchor.start..c.anchor.end),
        };
        let inner = Block::bordered().inner(self.areas.article);
        self.article.fit(inner, self.edits.article(), target);
        let list = Block::bordered().inner(self.areas.list);
        let row = row_of(&self.triage.rows(&story.claims), self.selected);
        self.claims_offset = keep_in_view(self.claims_offset, row, list.height as usize);
        self.claims_area = list;
        let claim = story.claims.get(self.selected);
        let look = &self.look;
        let detail = claims::Detail {
            registry: data.registry(),
            seen: claim.and_then(|c| self.seen.get(c)),
            keys: look.keys.clone(),
            tz: look.tz,
            link: None,
        };
        let lines = claim.map_or_else(Vec::new, |c| claims::detail_lines(c, &detail, &look.theme));
        self.detail
            .fit(self.areas.detail, claim.map(|c| c.id), lines);
    }

    fn draw(&self, frame: &mut Frame, _area: Rect, view: &View) {
        let theme = &view.env.theme;
        let story = self.story();
        let a = &self.areas;
        let read_only = self.read_only();
        claims::draw_headline(frame, a.top, story, read_only.as_deref(), theme);
        let candidates: Vec<Range<usize>> = self
            .triage
            .candidates(&story.claims)
            .map(|s| s.start..s.end)
            .collect();
        let marks = article::Claims {
            claims: &story.claims,
            selected: self.selected,
            focused: self.focus == Focus::Article,
            candidates: &candidates,
        };
        self.article
            .draw(frame, a.article, self.article(), &marks, theme);
        let list_focused = self.focus == Focus::Claims;
        let at = (self.selected, self.claims_offset);
        let rows = self.triage.rows(&story.claims);
        let list = (story.claims.as_slice(), rows.as_slice(), self.triage.order);
        claims::draw_list(frame, a.list, list, at, list_focused, &self.seen, theme);
        if self.focus == Focus::Links {
            let detail = claims::Detail {
                registry: view.data.registry(),
                seen: self.seen_before(),
                keys: self.look.keys.clone(),
                tz: self.look.tz,
                link: Some(self.link),
            };
            claims::draw_links_pane(frame, a.detail, self.selected_claim(), &detail, theme);
        } else {
            let (down, up) = &self.look.scroll_keys;
            self.detail
                .draw(frame, (down.as_deref(), up.as_deref()), theme);
        }
    }

    fn status(&self, view: &View) -> Vec<Span<'static>> {
        let theme = &view.env.theme;
        let mut spans = counts_spans(theme, &self.story().counts());
        spans.push(Span::raw(" │ "));
        spans.push(Span::raw(fit(&view.env.editor, 16)));
        spans.push(Span::raw(" │ "));
        match (self.edits.read_only_why(), self.edits.save_error()) {
            (Some(why), _) => spans.push(Span::styled(format!("READ-ONLY: {why}"), theme.error())),
            (None, None) => spans.push(Span::raw("saved")),
            (None, Some(e)) => spans.push(Span::styled(format!("SAVE FAILED: {e}"), theme.error())),
        }
        spans.push(Span::raw(" │ "));
        if let Some(sel) = self.selection().filter(|_| view.ctx == Context::Article) {
            let n = self.article().get(sel).map_or(0, |s| s.chars().count());
            spans.push(Span::styled(format!("selected {n} chars"), theme.accent()));
            spans.push(Span::raw(" │ "));
        }
        if view.ctx == Context::Article {
            spans.extend(self.candidate_status(theme));
        }
        spans
    }
}
