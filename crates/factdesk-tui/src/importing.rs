//! Import on the screen: reading a file or pasted text into articles
//! (through the same core path as `factdesk import`), and saying in one
//! status line what importing them made.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::env::Env;
use factdesk_core::error::Error;
use factdesk_core::ids::StoryId;
use factdesk_core::import::Items;
use factdesk_core::store::{Input, read_input};
use factdesk_core::text::{first_line, printable};

/// What messages call text pasted into the terminal.
pub const PASTED: &str = "pasted text";

/// Today where the editor is: the day relative dates ("Friday") are read
/// against.
pub fn today(env: &Env) -> NaiveDate {
    env.who().at.with_timezone(&env.tz).date_naive()
}

/// The articles of a file.
pub fn read_file(path: &Path, env: &Env) -> Result<Items, Error> {
    read_input(&Input::File(path.to_path_buf()), today(env))
}

/// The articles of pasted text.
pub fn read_pasted(text: String, env: &Env) -> Result<Items, Error> {
    let input = Input::Bytes {
        name: PathBuf::from(PASTED),
        bytes: text.into_bytes(),
    };
    read_input(&input, today(env))
}

/// The first line of pasted text, for a one-line field: terminals end
/// pasted lines with a carriage return, and nothing unprintable is kept.
pub fn pasted_line(text: &str) -> String {
    printable(text.split(['\r', '\n']).next().unwrap_or_default())
}

/// Whether any article read lacks a date, which the editor is asked for
/// before it is imported.
pub fn needs_date(items: &Items) -> bool {
    items.iter().flatten().any(|a| a.needs_date())
}

/// The first of `count` files that could not be read, in a line.
pub fn unread(first: &Error, count: usize) -> String {
    let mut msg = first_line(&first.to_string());
    if count > 1 {
        msg.push_str(&format!(" (and {} more not read)", count - 1));
    }
    msg
}

/// One status line for what an import made: the story (or how many, the
/// first of them opened), or the first refusal and how many more there
/// were.
pub fn outcome(ids: &[StoryId], errors: &[Error]) -> (String, bool) {
    let made = match ids {
        [] => String::new(),
        [one] => format!("imported {one}"),
        [first, rest @ ..] => format!(
            "imported {} stories; showing the first, {first} (Esc: the desk)",
            rest.len() + 1
        ),
    };
    let Some(first) = errors.first() else {
        return (made, false);
    };
    let mut msg = first_line(&first.to_string());
    if errors.len() > 1 {
        msg.push_str(&format!(" (and {} more refused)", errors.len() - 1));
    }
    if !made.is_empty() {
        msg = format!("{made}; {msg}");
    }
    (msg, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_for_any_outcome() {
        let a = StoryId::parse("2025-03-14-a").unwrap();
        let b = StoryId::parse("2025-03-14-b").unwrap();
        let bad = |n: &str| Error::BadArticle {
            path: PathBuf::from(n),
            why: "no article text".into(),
        };
        assert_eq!(
            outcome(std::slice::from_ref(&a), &[]),
            ("imported 2025-03-14-a".into(), false)
        );
        assert_eq!(
            outcome(&[a.clone(), b], &[]),
            (
                "imported 2 stories; showing the first, 2025-03-14-a (Esc: the desk)".into(),
                false
            )
        );
        let (msg, err) = outcome(&[a], &[bad("x.html"), bad("y.html")]);
        assert!(err);
        assert!(msg.starts_with("imported 2025-03-14-a; x.html: "), "{msg}");
        assert!(msg.ends_with(" (and 1 more refused)"), "{msg}");
    }
}
