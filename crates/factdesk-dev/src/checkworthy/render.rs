//! A transcript written out as an article, the way import will read it,
//! with where each line landed.
//!
//! Two renderings, because wire copy comes both ways: the raw sentences
//! (each speaker's turn a paragraph, its lines the sentences) and wire
//! style, where every line is attributed (`Clinton said: “…”`), so that
//! the score must not lean on attribution.

use std::ops::Range;

use super::data::Transcript;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendering {
    /// Each turn a paragraph of its lines.
    Raw,
    /// Each line its own paragraph: `Name said: “line”`.
    Wire,
    /// Each turn one quotation: `Name said: “line line line”`.
    WireTurn,
}

impl Rendering {
    pub const ALL: [Rendering; 3] = [Rendering::Raw, Rendering::Wire, Rendering::WireTurn];

    pub fn name(self) -> &'static str {
        match self {
            Rendering::Raw => "raw",
            Rendering::Wire => "wire",
            Rendering::WireTurn => "wire-turn",
        }
    }
}

/// The article, and the byte range of each transcript line in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub text: String,
    pub lines: Vec<Range<usize>>,
}

/// Lines by no one in particular: applause, crosstalk.
fn is_stage(speaker: &str) -> bool {
    matches!(speaker, "SYSTEM" | "" | "UNKNOWN" | "AUDIENCE")
}

/// "HILLARY CLINTON (D-NY), FORMER SECRETARY OF STATE" → "Hillary Clinton".
pub fn display_name(speaker: &str) -> String {
    let name = speaker.split(['(', ',']).next().unwrap_or(speaker).trim();
    name.split_whitespace()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

pub fn render(t: &Transcript, how: Rendering) -> Article {
    let mut text = String::new();
    let mut lines = Vec::with_capacity(t.lines.len());
    let mut prev_speaker: Option<&str> = None;
    for line in &t.lines {
        let stage = is_stage(&line.speaker);
        let same_turn = prev_speaker == Some(line.speaker.as_str()) && !stage;
        match how {
            Rendering::Raw => {
                if !text.is_empty() {
                    text.push_str(if same_turn { " " } else { "\n\n" });
                }
                let start = text.len();
                text.push_str(&line.text);
                lines.push(start..text.len());
            }
            Rendering::Wire => {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                let start = text.len();
                if stage {
                    text.push_str(&line.text);
                } else {
                    text.push_str(&format!(
                        "{} said: “{}”",
                        display_name(&line.speaker),
                        line.text
                    ));
                }
                lines.push(start..text.len());
            }
            Rendering::WireTurn => {
                if same_turn {
                    // Reopen the quotation: drop its closing mark.
                    if text.ends_with('”') {
                        text.truncate(text.len() - '”'.len_utf8());
                    }
                    text.push(' ');
                    let start = text.len();
                    text.push_str(&line.text);
                    lines.push(start..text.len());
                    text.push('”');
                } else {
                    if !text.is_empty() {
                        text.push_str("\n\n");
                    }
                    let start = text.len();
                    if stage {
                        text.push_str(&line.text);
                        lines.push(start..text.len());
                    } else {
                        text.push_str(&format!("{} said: “", display_name(&line.speaker)));
                        text.push_str(&line.text);
                        lines.push(start..text.len());
                        text.push('”');
                    }
                }
            }
        }
        prev_speaker = Some(line.speaker.as_str());
    }
    Article { text, lines }
}

#[cfg(test)]
mod tests {
    use super::super::data::Line;
    use super::*;

    fn t() -> Transcript {
        let l = |s: &str, t: &str| Line {
            speaker: s.into(),
            text: t.into(),
            worthy: false,
        };
        Transcript {
            name: "t".into(),
            lines: vec![
                l("KELLY", "First."),
                l("KELLY", "You said more."),
                l("SYSTEM", "(APPLAUSE)"),
                l("TRUMP", "No."),
            ],
        }
    }

    #[test]
    fn renderings() {
        let a = render(&t(), Rendering::Raw);
        assert_eq!(a.text, "First. You said more.\n\n(APPLAUSE)\n\nNo.");
        let a = render(&t(), Rendering::Wire);
        assert_eq!(
            a.text,
            "Kelly said: “First.”\n\nKelly said: “You said more.”\n\n(APPLAUSE)\n\nTrump said: “No.”"
        );
        let a = render(&t(), Rendering::WireTurn);
        assert_eq!(
            a.text,
            "Kelly said: “First. You said more.”\n\n(APPLAUSE)\n\nTrump said: “No.”"
        );
        assert_eq!(&a.text[a.lines[1].clone()], "You said more.");
        assert_eq!(
            display_name("HILLARY CLINTON (D-NY), FORMER"),
            "Hillary Clinton"
        );
    }
}
