//! The status bar: what the screen says (counts, editor, saved state),
//! then the message or the keys worth knowing; or a prompt being typed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::component::View;
use crate::field::TextField;
use crate::keymap::{Command, Context, Keymap};
use factdesk_core::text::{fit, width};

fn short(cmd: Command) -> &'static str {
    match cmd {
        Command::Open => "open",
        Command::Down => "down",
        Command::Up => "up",
        Command::Filter => "filter",
        Command::Import => "import",
        Command::Paste => "paste",
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
        Command::Sync => "sync",
        Command::Resolve => "settle conflict",
        Command::Assign => "assign",
        Command::Reviewed => "reviewed",
        Command::TakeEarlier => "take earlier",
        Command::DeletedClaims => "deleted",
        Command::Restore => "restore",
        Command::Revise => "revise",
        Command::Speaker => "speaker",
        Command::Links => "links",
        Command::Unlink => "unlink",
        Command::StoryDetails => "details",
        Command::DetailDown => "scroll detail",
        Command::Copy => "copy",
        Command::CopyLink => "copy address",
        Command::OpenLink => "browser",
        _ => "",
    }
}

/// The mode badge: which panel or field has the keys, in a word, as the
/// first thing of the status bar (helix shows NOR/INS the same way).
pub fn mode_name(ctx: Context) -> &'static str {
    match ctx {
        Context::Desk => "DESK",
        Context::Filter => "FILTER",
        Context::Import => "IMPORT",
        Context::ImportPreview => "IMPORT PREVIEW",
        Context::Resolve => "CONFLICT",
        Context::Story => "CLAIMS",
        Context::Article => "ARTICLE",
        Context::Find => "FIND",
        Context::Picker => "LINK SOURCE",
        Context::Form => "FORM",
        Context::EditText => "WORDING",
        Context::EditNote => "NOTE",
        Context::Confirm => "CONFIRM",
        Context::Help => "HELP",
        Context::Archive => "ARCHIVE",
        Context::ArchiveSearch => "SEARCH",
        Context::Sources => "SOURCES",
        Context::History => "HISTORY",
        Context::Deleted => "DELETED CLAIMS",
        Context::Speaker => "SPEAKER",
        Context::Links => "LINKS",
        Context::LinkNote => "LINK NOTE",
        Context::Details => "STORY DETAILS",
    }
}

/// The badge as drawn: reversed, so it stands out in colour and without.
pub fn badge(ctx: Context, theme: &crate::theme::Theme) -> Span<'static> {
    Span::styled(
        format!(" {} ", mode_name(ctx)),
        theme.badge(ctx.takes_text()),
    )
}

/// What of the open story changes the keys worth showing.
#[derive(Debug, Clone, Copy, Default)]
pub struct StoryState {
    /// The last save failed: offer to retry.
    pub save_failed: bool,
    /// Someone else holds the story: keys that would change it cannot work.
    pub read_only: bool,
}

/// Commands that change a story, not shown while it is read-only.
fn changes_story(cmd: Command) -> bool {
    use Command::*;
    matches!(
        cmd,
        Confirmed
            | Unconfirmed
            | Disputed
            | Pending
            | LinkSource
            | EditText
            | EditNote
            | Delete
            | Undo
            | Redo
            | AddClaim
            | Speaker
            | Unlink
            | CycleStance
            | StoryDetails
    )
}

/// The keys worth showing in `ctx`, as "key action" pairs.
pub fn hints(keymap: &Keymap, ctx: Context, story: StoryState) -> String {
    use Command::*;
    let cmds: &[Command] = match ctx {
        Context::Desk => &[
            Open,
            Filter,
            Import,
            Sync,
            Revise,
            Delete,
            Help,
            ArchiveScreen,
            SourcesScreen,
            Quit,
        ],
        Context::Archive => &[Open, Filter, CycleVerdict, DeskScreen, SourcesScreen, Help],
        Context::ArchiveSearch => &[Open, Accept, DeskScreen, SourcesScreen],
        Context::Sources => &[
            NewSource,
            EditSource,
            Merge,
            CopyLink,
            OpenLink,
            DeskScreen,
            ArchiveScreen,
            Help,
        ],
        Context::History => &[Down, Up, Cancel],
        Context::Resolve => &[Down, Up, Accept, Cancel],
        Context::Deleted => &[Down, Up, Restore, Cancel],
        Context::Filter => &[Accept, Cancel, ArchiveScreen, SourcesScreen],
        Context::Import => &[Complete, Accept, Cancel],
        Context::ImportPreview => &[Accept, Cancel],
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
            Speaker,
            Links,
            Help,
        ],
        Context::Links => &[
            Down,
            Up,
            Unlink,
            CycleStance,
            EditNote,
            LinkSource,
            Back,
            Help,
        ],
        Context::Speaker => &[Accept, Complete, Down, Cancel],
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
        Context::Form | Context::Details => &[NextField, Accept, Cancel],
        Context::EditText | Context::EditNote | Context::LinkNote => &[Accept, Cancel],
        Context::Confirm => &[Yes, No],
        Context::Help => &[Cancel],
    };
    let mut parts = Vec::new();
    let in_story = matches!(ctx, Context::Story | Context::Article | Context::Links);
    if story.save_failed
        && !story.read_only
        && in_story
        && let Some(k) = keymap.key_for(Context::Story, Save)
    {
        parts.push(format!("{k} retry save"));
    }
    let mut verdict_keys = Vec::new();
    for &c in cmds {
        if story.read_only && in_story && changes_story(c) {
            continue;
        }
        let Some(k) = keymap.key_for(ctx, c) else {
            continue;
        };
        match c {
            Confirmed | Unconfirmed | Disputed | Pending => {
                verdict_keys.push(k);
                if c == Pending {
                    parts.push(format!("{} verdict", verdict_keys.join("/")));
                }
            }
            Cancel if matches!(ctx, Context::Help | Context::History | Context::Deleted) => {
                parts.push(format!("{k} close"))
            }
            Accept if ctx == Context::ArchiveSearch => parts.push(format!("{k} to the list")),
            Accept if matches!(ctx, Context::Speaker | Context::LinkNote) => {
                parts.push(format!("{k} keep"))
            }
            Down if ctx == Context::Speaker => parts.push(format!("{k} choose")),
            Back if ctx == Context::Links => parts.push(format!("{k} back to the claims")),
            Filter if ctx == Context::Archive => parts.push(format!("{k} search")),
            _ => parts.push(format!("{k} {}", short(c))),
        }
    }
    parts.join("  ")
}

/// The bar: `left` (from the screen), then the message or the hints.
pub fn draw(frame: &mut Frame, area: Rect, view: &View, left: Vec<Span<'static>>) {
    let theme = &view.env.theme;
    let mut spans = left;
    match view.message {
        Some((m, true)) => spans.push(Span::styled(m.to_string(), theme.error())),
        Some((m, false)) => spans.push(Span::styled(m.to_string(), theme.accent())),
        None => spans.push(Span::styled(view.hints.clone(), Style::new())),
    }
    // Cut to the bar's width (spans are already displayable).
    let cols = area.width as usize;
    let mut used = 0;
    let mut out = Vec::new();
    for s in spans {
        let w = width(&s.content);
        if used + w > cols {
            let rest = cols.saturating_sub(used);
            out.push(Span::styled(fit(&s.content, rest), s.style));
            break;
        }
        used += w;
        out.push(s);
    }
    frame.render_widget(Paragraph::new(Line::from(out)).style(theme.status()), area);
}

/// A prompt being typed takes the whole bar: `label`, the field, the keys.
pub fn draw_prompt(
    frame: &mut Frame,
    area: Rect,
    view: &View,
    label: &'static str,
    field: &TextField,
) {
    let theme = &view.env.theme;
    let mut spans = vec![Span::styled(label, theme.accent())];
    spans.extend(field.spans(true, theme));
    spans.push(Span::styled(format!("   {}", view.hints), theme.dim()));
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.status()),
        area,
    );
}
