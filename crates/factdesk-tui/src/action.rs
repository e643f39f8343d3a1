//! The screen's one vocabulary. A key, a click or the clock becomes an
//! [`Action`] (in the focused component's `handle_key`, or in
//! [`crate::App`] for the mouse); components answer an action in their
//! `update` and may ask for more actions in turn; [`crate::App::dispatch`]
//! moves every action to the component it is for, in one place.
//!
//! Actions are plain data: this module knows no component, so every
//! component can speak it.

use std::path::PathBuf;

use chrono::NaiveDate;
use crossterm::event::KeyEvent;

use crate::keymap::{Command, Context};
use factdesk_core::edit::Edit;
use factdesk_core::import::Items;
use factdesk_core::model::{Claim, ClaimId, Source, SourceLink, Stance, Story};
use factdesk_core::slug::{SourceId, StoryId};

/// The screens the app shows one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Desk,
    Story,
    Archive,
    Sources,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    // ----- from the terminal, for the focused component -----
    /// A command of the keymap, in the focused component's context.
    Command(Command),
    /// A key typed into the focused text field.
    Input(KeyEvent),
    Click {
        column: u16,
        row: u16,
    },
    Scroll {
        column: u16,
        row: u16,
        down: bool,
    },
    Resize,
    /// Text pasted into the terminal (bracketed paste), for the focused
    /// component, whole: into its text field, or on the desk, an article
    /// to import.
    Paste(String),
    /// Time passed while an index is built or a sync runs in the
    /// background.
    Tick,
    /// Sync the desk with its shared repository, in the background.
    Sync,

    // ----- asked for by a component, carried out by the app -----
    Quit,
    /// Quit though the last changes could not be saved: they are kept in
    /// a recovery file first.
    QuitKeepingUnsaved,
    /// `1`, `2`, `3`: the desk, archive or sources screen.
    Show(Screen),
    /// Open a story; once it is open, `back` says where Esc returns to.
    OpenStory {
        at: StoryAt,
        back: Option<Back>,
    },
    /// Esc on the story screen: back where the story was opened from.
    Back,
    /// A pop-up over the screen; it has the keys until it closes.
    Open(PopupRequest),
    /// Close the pop-up on top.
    Close,
    /// A message for the status bar.
    Info(String),
    Error(String),

    // ----- for one screen -----
    /// An edit of the open story; `done` is said once it is made.
    Edit {
        edit: Edit,
        done: Option<String>,
    },
    /// An edit of a story that is not open (the desk's story details):
    /// the app opens it, applies and saves, and keeps the undo for when
    /// it is opened.
    EditStory {
        story: StoryId,
        edit: Edit,
        done: Option<String>,
    },
    /// Find this text in the open story's article.
    Find(String),
    /// Import the article files at these paths into the desk.
    Import(Vec<PathBuf>),
    /// Import articles already read (and shown), each file's with the name
    /// messages call it, giving `date` to those without one.
    ImportArticles {
        batches: Vec<(PathBuf, Items)>,
        date: Option<NaiveDate>,
    },
    /// Take the file at `path` as a corrected version of `story`'s article.
    Revise {
        story: StoryId,
        path: String,
    },
    /// Move a story to the desk's trash.
    DeleteStory(StoryId),
    /// A source was added to or changed in the registry.
    SourceSaved {
        id: SourceId,
        verb: &'static str,
    },
    /// Merge the first source into the second.
    Merge {
        from: SourceId,
        into: SourceId,
    },
}

impl Action {
    /// Open `story`, with its first claim selected.
    pub fn open_story(story: StoryId) -> Action {
        Action::OpenStory {
            at: StoryAt { story, claim: None },
            back: None,
        }
    }
}

/// A pop-up to open, and what it is opened on.
#[derive(Debug, Clone, PartialEq)]
pub enum PopupRequest {
    /// The keys of a context.
    Help(Context),
    /// A yes/no question, and what to do on each answer.
    Confirm {
        question: String,
        yes: Vec<Action>,
        no: Vec<Action>,
    },
    /// The import prompt.
    Import,
    /// Waiting for an article to be pasted.
    Paste,
    /// What importing these articles (of one file or several) will make,
    /// and the date they lack.
    ImportPreview {
        batches: Vec<(PathBuf, Items)>,
    },
    /// The prompt for a corrected article of a story.
    Revise(StoryId),
    /// The deleted claims of the open story, to restore one.
    DeletedClaims(Vec<Claim>),
    /// The article's find prompt.
    Find,
    /// The source picker, to link a source to `claim`, starting on
    /// `stance` (the one the claim's verdict suggests); `linked` are the
    /// claim's links already, marked in the list.
    Picker {
        claim: ClaimId,
        stance: Stance,
        linked: Vec<SourceLink>,
    },
    /// The sources screen's form: a new source, or the edit of one.
    NewSource,
    EditSource(Box<Source>),
    /// The wording or note editor of a claim.
    EditWording(Box<Claim>),
    EditNote(Box<Claim>),
    /// The speaker of `claim` (now `was`), to complete from `known`: the
    /// desk's speakers with their claim counts, the most quoted first.
    Speaker {
        claim: ClaimId,
        was: Option<String>,
        known: Vec<(String, usize)>,
    },
    /// The note on one source link of `claim`.
    LinkNote {
        claim: ClaimId,
        link: SourceLink,
    },
    /// The whole history of a claim.
    History(Box<Claim>),
    /// The details form of a story; `open`: it is open on the story
    /// screen, which applies the edit.
    StoryDetails {
        story: Box<Story>,
        open: bool,
    },
    /// The sides of the claim's first conflict, to pick one.
    Resolve(Box<Claim>),
}

/// What the app should do after an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing changed; no need to draw.
    Nothing,
    Redraw,
    Quit,
}

/// A story, and the claim to select in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryAt {
    pub story: StoryId,
    pub claim: Option<ClaimId>,
}

/// Where Esc on the story screen returns to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Back {
    Archive,
    Story(StoryAt),
}
