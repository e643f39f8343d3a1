//! The four screens. Each is a [`crate::component::Component`]; the app
//! shows one at a time, and keeps the desk, archive and sources screens
//! (their filter, search and position) for the life of the program.

pub mod archive;
pub mod desk;
pub mod sources;
pub mod story;

pub use crate::action::Screen;
