//! factdesk's desk, without a screen or a command line: the model and its
//! ids, the one edit path, anchoring, import, storage, search, the source
//! registry, stats, exports and safe text.
//!
//! The terminal screen (`factdesk-tui`) and the command line (the
//! `factdesk` binary) are thin layers over this crate: every change to a
//! story goes through [`edit::apply`], every file through [`store`].

pub mod anchor;
pub mod archive;
pub mod conflict;
pub mod crash;
pub mod details;
pub mod edit;
pub mod error;
pub mod export;
pub mod history;
pub mod ids;
pub mod import;
pub mod merge3;
pub mod model;
pub mod query;
pub mod record;
pub mod registry;
pub mod resolve;
pub mod review;
pub mod rules;
pub mod sample;
pub mod seen;
pub mod session;
pub mod similar;
pub mod stats;
pub mod store;
pub mod sync;
pub mod text;
pub mod urls;

pub use error::{Error, Result};

/// The former name of [`ids`], for callers not yet moved to it.
#[doc(hidden)]
pub use ids as slug;
