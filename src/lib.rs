//! factdesk: a terminal fact-check desk for newsrooms.
//!
//! The library holds the domain model, storage and import; the terminal UI
//! lives in `ui` and the command line in `cli`, both thin layers over the
//! same update path ([`update`]).

pub mod anchor;
pub mod archive;
pub mod cli;
pub mod error;
pub mod export;
#[doc(hidden)]
pub mod gen_desk;
pub mod history;
pub mod import;
pub mod model;
pub mod query;
pub mod registry;
pub mod sample;
pub mod similar;
pub mod slug;
pub mod stats;
pub mod store;
pub mod text;
pub mod ui;
pub mod update;

pub use error::{Error, Result};
