//! The pop-ups over a screen. Each is a [`Component`]; the one on top has
//! the keys until it closes (it asks for [`crate::Action::Close`]).

pub mod confirm;
pub mod deleted;
pub mod details;
pub mod editor;
pub mod help;
pub mod history;
pub mod import_preview;
pub mod picker;
pub mod prompt;
pub mod resolve;
pub mod source_editor;
pub mod source_form;
pub mod speaker;

use crate::action::PopupRequest;
use crate::component::Component;
use crate::desk_data::DeskData;

#[derive(Debug)]
pub enum Popup {
    /// The keys of a context.
    Help(help::Help),
    /// A yes/no question in the status bar.
    Confirm(confirm::Confirm),
    /// The import prompt (a path, with completion).
    Import(prompt::ImportPrompt),
    /// Waiting for a paste, or what an import will make.
    ImportPreview(import_preview::ImportPreview),
    /// The find prompt of the article.
    Find(prompt::FindPrompt),
    /// The source picker, with its new-source form.
    Picker(picker::Picker),
    /// The sources screen's add / edit form.
    SourceEditor(source_editor::SourceEditor),
    /// The wording or note editor of a claim.
    Editor(editor::ClaimEditor),
    /// The whole history of a claim.
    History(history::History),
    /// The sides of a claim's conflict, to pick one.
    Resolve(resolve::ResolvePicker),
    /// The deleted claims of a story.
    Deleted(deleted::DeletedClaims),
    /// A claim's speaker, completed from the desk's.
    Speaker(speaker::SpeakerPicker),
    /// A story's headline, date, dateline, outlet and URL.
    Details(details::DetailsForm),
}

impl Popup {
    /// The pop-up `request` asks for; `None` when what it needs is gone
    /// (the source registry could not be read, the claim has no conflict).
    pub fn open(request: PopupRequest, data: &DeskData) -> Option<Popup> {
        Some(match request {
            PopupRequest::Help(ctx) => Popup::Help(help::Help::new(ctx)),
            PopupRequest::Confirm { question, yes, no } => {
                Popup::Confirm(confirm::Confirm::new(question, yes, no))
            }
            PopupRequest::Import => Popup::Import(prompt::ImportPrompt::default()),
            PopupRequest::Paste => Popup::ImportPreview(import_preview::ImportPreview::Waiting),
            PopupRequest::ImportPreview { batches } => {
                Popup::ImportPreview(import_preview::ImportPreview::new(batches))
            }
            PopupRequest::Revise(story) => Popup::Import(prompt::ImportPrompt::revise(story)),
            PopupRequest::DeletedClaims(claims) => {
                Popup::Deleted(deleted::DeletedClaims::new(claims))
            }
            PopupRequest::Find => Popup::Find(prompt::FindPrompt::default()),
            PopupRequest::Picker {
                claim,
                stance,
                linked,
            } => Popup::Picker(picker::Picker::new(data.registry()?, claim, stance, linked)),
            PopupRequest::NewSource => Popup::SourceEditor(source_editor::SourceEditor::add()),
            PopupRequest::EditSource(source) => {
                Popup::SourceEditor(source_editor::SourceEditor::edit(&source))
            }
            PopupRequest::EditWording(claim) => {
                Popup::Editor(editor::ClaimEditor::new(editor::Field::Wording, &claim))
            }
            PopupRequest::EditNote(claim) => {
                Popup::Editor(editor::ClaimEditor::new(editor::Field::Note, &claim))
            }
            PopupRequest::Speaker { claim, was, known } => {
                let known = known
                    .into_iter()
                    .map(|(name, claims)| speaker::Known { name, claims })
                    .collect();
                Popup::Speaker(speaker::SpeakerPicker::new(claim, was, known))
            }
            PopupRequest::LinkNote { claim, link } => {
                Popup::Editor(editor::ClaimEditor::link_note(claim, link))
            }
            PopupRequest::History(claim) => Popup::History(history::History::new(*claim)),
            PopupRequest::Resolve(claim) => Popup::Resolve(resolve::ResolvePicker::new(&claim)?),
            PopupRequest::StoryDetails { story, open } => {
                Popup::Details(details::DetailsForm::new(&story, open))
            }
        })
    }

    pub fn component(&self) -> &dyn Component {
        match self {
            Popup::Help(p) => p,
            Popup::Confirm(p) => p,
            Popup::Import(p) => p,
            Popup::ImportPreview(p) => p,
            Popup::Find(p) => p,
            Popup::Picker(p) => p,
            Popup::SourceEditor(p) => p,
            Popup::Editor(p) => p,
            Popup::History(p) => p,
            Popup::Resolve(p) => p,
            Popup::Deleted(p) => p,
            Popup::Speaker(p) => p,
            Popup::Details(p) => p,
        }
    }

    pub fn component_mut(&mut self) -> &mut dyn Component {
        match self {
            Popup::Help(p) => p,
            Popup::Confirm(p) => p,
            Popup::Import(p) => p,
            Popup::ImportPreview(p) => p,
            Popup::Find(p) => p,
            Popup::Picker(p) => p,
            Popup::SourceEditor(p) => p,
            Popup::Editor(p) => p,
            Popup::History(p) => p,
            Popup::Resolve(p) => p,
            Popup::Deleted(p) => p,
            Popup::Speaker(p) => p,
            Popup::Details(p) => p,
        }
    }
}
