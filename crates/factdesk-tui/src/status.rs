//! The status bar: counts, editor, saved state, messages and key hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{App, Overlay, Screen};
use crate::keymap::{Command, Context};
use crate::sanitize::{fit, sanitize};
use crate::widgets::counts_spans;

fn short(cmd: Command) -> &'static str {
    match cmd {
        Command::Open => "open",
        Command::Down => "down",
        Command::Up => "up",
        Command::Filter => "filter",
        Command::Import => "import",
        Command::Help => "help",
        Command::Quit => "quit",
        Command::Confirmed => "confirmed",
        Command::Unconfirmed => "unconfirmed",
        Command::Disputed => "disputed",
        Command::Pending => "pending",
        Command::NextPending => "next pending",
        Command::LinkSource => "source",
        Command::EditText => "wording",
        Command::EditNote => "note",
        Command::Delete => "delete",
        Command::FocusArticle => "article",
        Command::Undo => "undo",
        Command::Select => "select",
        Command::AddClaim => "add claim",
        Command::WordNext => "word",
        Command::SentenceNext => "sentence",
        Command::Find => "find",
        Command::FindNext => "next match",
        Command::Back => "back",
        Command::Accept => "ok",
        Command::Cancel => "cancel",
        Command::CycleStance => "stance",
        Command::NewSource => "new source",
        Command::NextField => "next field",
        Command::Complete => "complete",
        Command::Yes => "yes",
        Command::No => "no",
        Command::Save => "retry save",
        Command::DeskScreen => "desk",
        Command::ArchiveScreen => "archive",
        Command::SourcesScreen => "sources",
        Command::CycleVerdict => "verdict filter",
        Command::SeenBefore => "seen before",
        Command::History => "history",
        Command::EditSource => "edit",
        Command::Merge => "merge",
        _ => "",
    }
}

/// The keys worth showing in `ctx`, as "key action" pairs.
pub fn hints(app: &App, ctx: Context) -> String {
    use Command::*;
    let cmds: &[Command] = match ctx {
        Context::Desk => &[
            Open,
            Filter,
            Import,
            ArchiveScreen,
            SourcesScreen,
            Help,
            Quit,
        ],
        Context::Archive => &[Open, Filter, CycleVerdict, DeskScreen, SourcesScreen, Help],
        Context::ArchiveSearch => &[Open, Accept],
        Context::Sources => &[
            NewSource,
            EditSource,
            Merge,
            DeskScreen,
            ArchiveScreen,
            Help,
        ],
        Context::History => &[Down, Up, Cancel],
        Context::Filter => &[Accept, Cancel],
        Context::Import => &[Complete, Accept, Cancel],
        Context::Story => &[
            Confirmed,
            Unconfirmed,
            Disputed,
            Pending,
            NextPending,
            LinkSource,
            EditText,
            EditNote,
            Delete,
            FocusArticle,
            Undo,
            History,
            SeenBefore,
            Help,
        ],
        Context::Article => &[
            Select,
            AddClaim,
            WordNext,
            SentenceNext,
            Find,
            FindNext,
            Back,
            Help,
        ],
        Context::Find => &[Accept, Cancel],
        Context::Picker => &[Accept, CycleStance, NewSource, Cancel],
        Context::Form => &[NextField, Accept, Cancel],
        Context::EditText | Context::EditNote => &[Accept, Cancel],
        Context::Confirm => &[Yes, No],
        Context::Help => &[Cancel],
    };
    let mut parts = Vec::new();
    let save_failed = app.story.as_ref().is_some_and(|s| s.save_error.is_some());
    if save_failed
        && matches!(ctx, Context::Story | Context::Article)
        && let Some(k) = app.keymap.key_for(Context::Story, Save)
    {
        parts.push(format!("{k} retry save"));
    }
    let mut verdict_keys = Vec::new();
    for &c in cmds {
        let Some(k) = app.keymap.key_for(ctx, c) else {
            continue;
        };
        match c {
            Confirmed | Unconfirmed | Disputed | Pending => {
                verdict_keys.push(k);
                if c == Pending {
                    parts.push(format!("{} verdict", verdict_keys.join("/")));
                }
            }
            Cancel if matches!(ctx, Context::Help | Context::History) => {
                parts.push(format!("{k} close"))
            }
            Accept if ctx == Context::ArchiveSearch => parts.push(format!("{k} to the list")),
            Filter if ctx == Context::Archive => parts.push(format!("{k} search")),
            _ => parts.push(format!("{k} {}", short(c))),
        }
    }
    parts.join("  ")
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &app.theme;
    let ctx = app.context();
    let width = area.width as usize;
    let mut spans: Vec<Span> = Vec::new();

    // A prompt being typed takes the whole bar.
    let prompt = match &app.overlay {
        Overlay::Import(t) => Some(("Import file: ", t.as_str())),
        Overlay::Find(t) => Some(("Find: ", t.as_str())),
        Overlay::None if app.desk_state.filtering => {
            Some(("Filter: ", app.desk_state.filter.as_str()))
        }
        _ => None,
    };
    if let Some((label, text)) = prompt {
        let hint = hints(app, ctx);
        let line = Line::from(vec![
            Span::styled(label, theme.accent()),
            Span::raw(sanitize(text).into_owned()),
            Span::styled("▏", theme.accent()),
            Span::styled(format!("   {hint}"), theme.dim()),
        ]);
        frame.render_widget(Paragraph::new(line).style(theme.status()), area);
        return;
    }
    let confirm = match &app.overlay {
        Overlay::Confirm(id) => Some(format!("Delete claim #{id}? (y/n)")),
        Overlay::ConfirmMerge(from, into) => Some(format!(
            "Merge source {from} into {into}? Every link to {from} moves to {into}. (y/n)"
        )),
        Overlay::ConfirmQuit(why) => Some(format!(
            "Your last changes are not saved ({why}). Quit and keep them in a recovery file? (y/n)"
        )),
        _ => None,
    };
    if let Some(q) = confirm {
        let line = Line::from(Span::styled(fit(&q, width), theme.error()));
        frame.render_widget(Paragraph::new(line), area);
        return;
    }

    if app.screen == Screen::Story
        && let Some(st) = &app.story
    {
        spans.extend(counts_spans(theme, &st.doc().story().counts()));
        spans.push(Span::raw(" │ "));
        spans.push(Span::raw(fit(&app.editor, 16)));
        spans.push(Span::raw(" │ "));
        match &st.save_error {
            None => spans.push(Span::raw("saved")),
            Some(e) => spans.push(Span::styled(format!("SAVE FAILED: {e}"), theme.error())),
        }
        spans.push(Span::raw(" │ "));
        if let Some(sel) = st.selection().filter(|_| ctx == Context::Article) {
            let n = st.doc().article[sel].chars().count();
            spans.push(Span::styled(format!("selected {n} chars"), theme.accent()));
            spans.push(Span::raw(" │ "));
        }
    } else if app.screen == Screen::Archive {
        let n = app.archive.hits.len();
        spans.push(Span::raw(format!(
            "{n} {} │ ",
            if n == 1 { "claim" } else { "claims" }
        )));
    } else if app.screen == Screen::Desk {
        let n = app.desk_state.summaries.len();
        spans.push(Span::raw(format!(
            "{n} {} │ ",
            if n == 1 { "story" } else { "stories" }
        )));
        if !app.desk_state.filter.is_empty() {
            spans.push(Span::styled(
                format!("filter: {} │ ", sanitize(&app.desk_state.filter)),
                theme.accent(),
            ));
        }
        if let Some(w) = app.warning.as_ref().filter(|_| app.message.is_none()) {
            spans.push(Span::styled(w.clone(), theme.error()));
            spans.push(Span::raw(" │ "));
        }
        let problems = &app.desk_state.problems;
        if !problems.is_empty() && app.message.is_none() {
            let n = problems.len();
            spans.push(Span::styled(
                format!(
                    "{n} {} could not be read: {}",
                    if n == 1 { "story" } else { "stories" },
                    problems[0]
                ),
                theme.error(),
            ));
            spans.push(Span::raw(" │ "));
        }
    }
    match &app.message {
        Some((m, true)) => spans.push(Span::styled(m.clone(), theme.error())),
        Some((m, false)) => spans.push(Span::styled(m.clone(), theme.accent())),
        None => spans.push(Span::styled(hints(app, ctx), Style::new())),
    }
    // Cut to the bar's width (spans are already sanitized).
    let mut used = 0;
    let mut out = Vec::new();
    for s in spans {
        let w = crate::sanitize::width(&s.content);
        if used + w > width {
            let rest = width.saturating_sub(used);
            out.push(Span::styled(fit(&s.content, rest), s.style));
            break;
        }
        used += w;
        out.push(s);
    }
    frame.render_widget(Paragraph::new(Line::from(out)).style(theme.status()), area);
}
