//! Keys and mouse to actions, actions to state changes: [`handle_key`]
//! turns a key into an [`Action`] (a keymap lookup, aware of what is open),
//! [`update`] applies an action to the [`App`] and says what to do next.
//! Pure functions of the app's state; nothing here touches the terminal.

use crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Position;

use crate::app::{Action, App, Effect, Focus, Overlay, Screen};
use crate::complete::complete_path;
use crate::keymap::{Command, Context};
use crate::picker::{Picker, SourceForm, edit_line};
use factdesk_core::edit::Edit;
use factdesk_core::model::Verdict;

/// Turn a key into an action: the keymap of the current context, or text
/// for an open field.
pub fn handle_key(app: &App, key: KeyEvent) -> Action {
    if key.kind == KeyEventKind::Release {
        return Action::Nothing;
    }
    let ctx = app.context();
    match app.keymap.lookup(ctx, &key) {
        Some(cmd) => Action::Command(cmd),
        None if ctx.takes_text() => Action::Input(key),
        None if ctx == Context::Confirm => Action::Command(Command::No),
        None => Action::Nothing,
    }
}

pub fn handle_mouse(app: &App, ev: MouseEvent) -> Action {
    if !matches!(app.overlay, Overlay::None) {
        return Action::Nothing;
    }
    let (column, row) = (ev.column, ev.row);
    match ev.kind {
        MouseEventKind::Down(MouseButton::Left) => Action::Click { column, row },
        MouseEventKind::ScrollDown => Action::Scroll {
            column,
            row,
            down: true,
        },
        MouseEventKind::ScrollUp => Action::Scroll {
            column,
            row,
            down: false,
        },
        _ => Action::Nothing,
    }
}

/// Apply `action` to the app.
pub fn update(app: &mut App, action: Action) -> Effect {
    match action {
        Action::Nothing => Effect::Nothing,
        Action::Resize => Effect::Redraw,
        Action::Click { column, row } => click(app, column, row),
        Action::Scroll { column, row, down } => scroll(app, column, row, down),
        Action::Input(key) => input(app, key),
        Action::Command(cmd) => {
            if !matches!(cmd, Command::Help) {
                app.message = None;
            }
            match command(app, cmd) {
                // Every screen's quit: asks first when changes are unsaved.
                Effect::Quit => app.request_quit(),
                effect => effect,
            }
        }
    }
}

fn command(app: &mut App, cmd: Command) -> Effect {
    let ctx = app.context();
    match ctx {
        Context::Help => {
            app.overlay = Overlay::None;
            Effect::Redraw
        }
        Context::Confirm => {
            match std::mem::replace(&mut app.overlay, Overlay::None) {
                Overlay::ConfirmQuit(_) if cmd == Command::Yes => {
                    return app.quit_keeping_unsaved();
                }
                Overlay::Confirm(id) if cmd == Command::Yes => {
                    app.edit(Edit::DeleteClaim { claim: id });
                    app.info(format!("deleted claim #{id} (Ctrl-z undoes)"));
                }
                Overlay::ConfirmMerge(from, into) if cmd == Command::Yes => {
                    app.merge(&from, &into);
                }
                Overlay::ConfirmMerge(..) => app.info("merge cancelled"),
                _ => {}
            }
            Effect::Redraw
        }
        Context::History => {
            let n = app.history_len();
            if let Overlay::History(scroll) = &mut app.overlay {
                match cmd {
                    Command::Down => *scroll = (*scroll + 1).min(n.saturating_sub(1)),
                    Command::Up => *scroll = scroll.saturating_sub(1),
                    Command::Top => *scroll = 0,
                    Command::Bottom => *scroll = n.saturating_sub(1),
                    _ => app.overlay = Overlay::None,
                }
            }
            Effect::Redraw
        }
        Context::Form if matches!(app.overlay, Overlay::SourceForm(_)) => {
            let Overlay::SourceForm(mut edit) = std::mem::replace(&mut app.overlay, Overlay::None)
            else {
                return Effect::Nothing;
            };
            let form = &mut edit.form;
            // The id of a source being edited stays: links point at it.
            let first = usize::from(edit.editing.is_some());
            let n = SourceForm::LABELS.len();
            let mut keep = true;
            match cmd {
                Command::NextField => {
                    form.focus = (form.focus + 1) % n;
                    if form.focus < first {
                        form.focus = first;
                    }
                }
                Command::PrevField => {
                    form.focus = if form.focus <= first {
                        n - 1
                    } else {
                        form.focus - 1
                    };
                }
                Command::Accept => keep = !app.save_source_form(&mut edit),
                Command::Cancel => keep = false,
                _ => {}
            }
            if keep {
                app.overlay = Overlay::SourceForm(edit);
            }
            Effect::Redraw
        }
        Context::Archive | Context::ArchiveSearch => archive_command(app, ctx, cmd),
        Context::Sources => sources_command(app, cmd),
        Context::Filter => {
            match cmd {
                Command::ArchiveScreen => {
                    app.desk_state.filtering = false;
                    app.open_archive();
                }
                Command::Accept => app.desk_state.filtering = false,
                Command::Cancel => {
                    app.desk_state.filtering = false;
                    app.desk_state.filter.clear();
                    app.refilter_desk();
                }
                Command::Down => app.desk_move(1, true),
                Command::Up => app.desk_move(-1, true),
                _ => {}
            }
            Effect::Redraw
        }
        Context::Import => {
            let Overlay::Import(text) = &mut app.overlay else {
                return Effect::Nothing;
            };
            match cmd {
                Command::Complete => {
                    let (done, candidates) = complete_path(text);
                    *text = done;
                    if candidates.len() > 1 {
                        let list = candidates.join("  ");
                        app.info(list);
                    }
                }
                Command::Accept => {
                    let path = text.clone();
                    app.overlay = Overlay::None;
                    app.import(&path);
                }
                _ => app.overlay = Overlay::None,
            }
            Effect::Redraw
        }
        Context::Find => {
            let Overlay::Find(q) = std::mem::replace(&mut app.overlay, Overlay::None) else {
                return Effect::Nothing;
            };
            if cmd == Command::Accept
                && !q.is_empty()
                && let Some(st) = app.story.as_mut()
            {
                st.find = Some(q);
                app.find_step(true, true);
            }
            Effect::Redraw
        }
        Context::EditText | Context::EditNote => {
            let overlay = std::mem::replace(&mut app.overlay, Overlay::None);
            if cmd == Command::Accept
                && let Some(claim) = app.selected_id()
            {
                match overlay {
                    Overlay::EditText(ta) => {
                        let text = ta.lines().join(" ");
                        app.edit(Edit::SetText { claim, text });
                    }
                    Overlay::EditNote(ta) => {
                        let note = ta.lines().join("\n");
                        app.edit(Edit::SetNote { claim, note });
                    }
                    _ => {}
                }
            } else if cmd != Command::Cancel {
                app.overlay = overlay;
            }
            Effect::Redraw
        }
        Context::Picker | Context::Form => {
            let Overlay::Picker(mut picker) = std::mem::replace(&mut app.overlay, Overlay::None)
            else {
                return Effect::Nothing;
            };
            let mut keep = true;
            if let Some(form) = picker.form.as_mut() {
                match cmd {
                    Command::NextField => form.focus = (form.focus + 1) % 5,
                    Command::PrevField => form.focus = (form.focus + 4) % 5,
                    Command::Accept => app.create_source(&mut picker),
                    Command::Cancel => picker.form = None,
                    _ => {}
                }
            } else {
                match cmd {
                    Command::Down => picker.move_by(1),
                    Command::Up => picker.move_by(-1),
                    Command::CycleStance => picker.cycle_stance(),
                    Command::NewSource => picker.form = Some(SourceForm::new(&picker.query)),
                    Command::Accept => keep = !app.link_from_picker(&picker),
                    Command::Cancel => keep = false,
                    _ => {}
                }
            }
            if keep {
                app.overlay = Overlay::Picker(picker);
            }
            Effect::Redraw
        }
        Context::Desk => match cmd {
            Command::Quit => Effect::Quit,
            Command::Help => {
                app.overlay = Overlay::Help(ctx);
                Effect::Redraw
            }
            Command::Down => {
                app.desk_move(1, true);
                Effect::Redraw
            }
            Command::Up => {
                app.desk_move(-1, true);
                Effect::Redraw
            }
            Command::Top => {
                app.desk_move(0, false);
                Effect::Redraw
            }
            Command::Bottom => {
                app.desk_move(isize::MAX, false);
                Effect::Redraw
            }
            Command::Open => {
                app.open_selected_story();
                Effect::Redraw
            }
            Command::Filter => {
                app.desk_state.filtering = true;
                Effect::Redraw
            }
            Command::Cancel => {
                app.desk_state.filter.clear();
                app.refilter_desk();
                Effect::Redraw
            }
            Command::Import => {
                app.overlay = Overlay::Import(String::new());
                Effect::Redraw
            }
            _ => screen_command(app, cmd),
        },
        Context::Story | Context::Article => {
            match cmd {
                Command::Quit => return Effect::Quit,
                Command::Help => app.overlay = Overlay::Help(ctx),
                Command::Undo => app.undo_redo(false),
                Command::Redo => app.undo_redo(true),
                Command::Find => app.overlay = Overlay::Find(String::new()),
                Command::Save => {
                    app.save();
                    if app.story.as_ref().is_some_and(|s| s.save_error.is_none()) {
                        app.info("saved");
                    }
                }
                Command::DeskScreen | Command::ArchiveScreen | Command::SourcesScreen => {
                    return screen_command(app, cmd);
                }
                _ if ctx == Context::Article => return app.article_command(cmd),
                Command::Down
                | Command::Up
                | Command::Top
                | Command::Bottom
                | Command::NextPending
                | Command::PrevPending => app.claim_move(cmd),
                Command::Confirmed => app.set_verdict(Verdict::Confirmed),
                Command::Unconfirmed => app.set_verdict(Verdict::Unconfirmed),
                Command::Disputed => app.set_verdict(Verdict::Disputed),
                Command::Pending => app.set_verdict(Verdict::Pending),
                Command::LinkSource => {
                    if app.selected_id().is_none() {
                        app.info("no claim selected");
                    } else if let Some(reg) = app.sources.as_ref() {
                        app.overlay = Overlay::Picker(Box::new(Picker::new(&reg.value)));
                    } else {
                        match app.desk.load_sources() {
                            Ok(reg) => {
                                app.overlay = Overlay::Picker(Box::new(Picker::new(&reg.value)));
                                app.sources = Some(reg);
                            }
                            Err(e) => app.error(e.to_string()),
                        }
                    }
                }
                Command::EditText => app.open_editor(false),
                Command::EditNote => app.open_editor(true),
                Command::Delete => {
                    if let Some(id) = app.selected_id() {
                        app.overlay = Overlay::Confirm(id);
                    }
                }
                Command::FocusArticle => {
                    let width = app.article_width;
                    if let Some(st) = app.story.as_mut() {
                        st.focus = Focus::Article;
                        // Start at the selected claim, or where the view is.
                        st.cursor = match st.selected_claim() {
                            Some(c) if !c.orphaned => c.anchor.start,
                            _ => {
                                let scroll = st.scroll;
                                st.index(width).lines.get(scroll).map_or(0, |r| r.start)
                            }
                        };
                        st.follow = true;
                    }
                }
                Command::Back => app.story_back(),
                Command::History => {
                    if app.selected_id().is_some() {
                        app.overlay = Overlay::History(0);
                    }
                }
                Command::SeenBefore => app.open_seen_before(),
                _ => return screen_command(app, cmd),
            }
            Effect::Redraw
        }
    }
}

/// `1`, `2` / `Ctrl-f`, `3`: the screens.
fn screen_command(app: &mut App, cmd: Command) -> Effect {
    match cmd {
        Command::DeskScreen => app.open_desk(),
        Command::ArchiveScreen => app.open_archive(),
        Command::SourcesScreen => app.open_sources(),
        _ => return Effect::Nothing,
    }
    Effect::Redraw
}

fn archive_command(app: &mut App, ctx: Context, cmd: Command) -> Effect {
    match cmd {
        Command::Quit => return Effect::Quit,
        Command::Help => app.overlay = Overlay::Help(ctx),
        Command::Down => app.archive_move(1, true),
        Command::Up => app.archive_move(-1, true),
        Command::Top => app.archive_move(0, false),
        Command::Bottom => app.archive_move(isize::MAX, false),
        Command::Open => app.open_hit(),
        Command::Filter => app.archive.searching = true,
        Command::Accept => app.archive.searching = false,
        Command::CycleVerdict => app.cycle_verdict(),
        Command::Back => app.open_desk(),
        _ => return screen_command(app, cmd),
    }
    Effect::Redraw
}

fn sources_command(app: &mut App, cmd: Command) -> Effect {
    match cmd {
        Command::Quit => return Effect::Quit,
        Command::Help => app.overlay = Overlay::Help(Context::Sources),
        Command::Down => app.source_move(1, true),
        Command::Up => app.source_move(-1, true),
        Command::Top => app.source_move(0, false),
        Command::Bottom => app.source_move(isize::MAX, false),
        Command::NewSource => app.open_source_form(false),
        Command::EditSource => app.open_source_form(true),
        Command::Merge => app.merge_step(),
        Command::Back => {
            if app.sources_state.merging.take().is_some() {
                app.info("merge cancelled");
            } else {
                app.open_desk();
            }
        }
        _ => return screen_command(app, cmd),
    }
    Effect::Redraw
}

fn input(app: &mut App, key: KeyEvent) -> Effect {
    let changed = match &mut app.overlay {
        Overlay::SourceForm(edit) => {
            let f = edit.form.focus;
            edit_line(&mut edit.form.fields[f], &key)
        }
        Overlay::None if app.screen == Screen::Archive && app.archive.searching => {
            let changed = edit_line(&mut app.archive.query, &key);
            if changed {
                app.research(true);
            }
            changed
        }
        Overlay::EditText(ta) | Overlay::EditNote(ta) => ta.input(key),
        Overlay::Import(text) | Overlay::Find(text) => edit_line(text, &key),
        Overlay::Picker(picker) => {
            if let Some(form) = picker.form.as_mut() {
                let f = form.focus;
                edit_line(&mut form.fields[f], &key)
            } else {
                let changed = edit_line(&mut picker.query, &key);
                if changed && let Some(reg) = app.sources.as_ref() {
                    picker.selected = 0;
                    picker.refilter(&reg.value);
                }
                changed
            }
        }
        Overlay::None if app.desk_state.filtering => {
            let changed = edit_line(&mut app.desk_state.filter, &key);
            if changed {
                app.desk_state.selected = 0;
                app.refilter_desk();
            }
            changed
        }
        _ => false,
    };
    if changed {
        Effect::Redraw
    } else {
        Effect::Nothing
    }
}

fn click(app: &mut App, column: u16, row: u16) -> Effect {
    let pos = Position::new(column, row);
    let (claims, art) = (app.hit.claims, app.hit.article);
    let width = app.article_width;
    let Some(st) = app.story.as_mut() else {
        return Effect::Nothing;
    };
    if app.screen != Screen::Story {
        return Effect::Nothing;
    }
    if claims.contains(pos) {
        let i = st.claims_offset + (row - claims.y) as usize;
        if i < st.doc().story().claims.len() {
            st.selected = i;
            st.focus = Focus::Claims;
            st.follow = true;
            return Effect::Redraw;
        }
    } else if art.contains(pos) {
        let scroll = st.scroll;
        let line = scroll + (row - art.y) as usize;
        let Some(r) = st.index(width).lines.get(line).cloned() else {
            return Effect::Nothing;
        };
        let text = &st.doc().article;
        let want = (column - art.x) as usize;
        let mut w = 0;
        let mut at = r.end;
        for (off, g) in
            unicode_segmentation::UnicodeSegmentation::grapheme_indices(&text[r.clone()], true)
        {
            let gw = crate::sanitize::grapheme_width(g);
            if want < w + gw {
                at = r.start + off;
                break;
            }
            w += gw;
        }
        let hit = st
            .doc()
            .story()
            .claims
            .iter()
            .position(|c| !c.orphaned && c.anchor.start <= at && at < c.anchor.end);
        if let Some(i) = hit {
            st.selected = i;
            st.focus = Focus::Claims;
        } else {
            st.cursor = at;
            st.focus = Focus::Article;
        }
        return Effect::Redraw;
    }
    Effect::Nothing
}

fn scroll(app: &mut App, column: u16, row: u16, down: bool) -> Effect {
    let pos = Position::new(column, row);
    let (claims, art, h) = (app.hit.claims, app.hit.article, app.article_height);
    let width = app.article_width;
    match app.screen {
        Screen::Desk => {
            app.desk_move(if down { 3 } else { -3 }, true);
            return Effect::Redraw;
        }
        Screen::Archive => {
            app.archive_move(if down { 3 } else { -3 }, true);
            return Effect::Redraw;
        }
        Screen::Sources => {
            app.source_move(if down { 3 } else { -3 }, true);
            return Effect::Redraw;
        }
        Screen::Story => {}
    }
    let Some(st) = app.story.as_mut() else {
        return Effect::Nothing;
    };
    if art.contains(pos) {
        let lines = st.index(width).lines.len();
        let max = lines.saturating_sub(h.max(1));
        st.scroll = if down {
            (st.scroll + 3).min(max)
        } else {
            st.scroll.saturating_sub(3)
        };
        st.follow = false;
        Effect::Redraw
    } else if claims.contains(pos) {
        app.claim_move(if down { Command::Down } else { Command::Up });
        Effect::Redraw
    } else {
        Effect::Nothing
    }
}
