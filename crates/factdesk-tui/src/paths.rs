//! The file names typed at the import prompt, read as a shell reads them:
//! separated by spaces, a name with spaces in quotes ('My file.txt',
//! "My file.txt") or with its spaces escaped (My\ file.txt), and `*` or
//! `?` in a file name matching every file of its folder that fits
//! (`~/wires/*.txt`). No other shell expansion: nothing is run.

use std::path::PathBuf;

use crate::complete::expand_home;

/// At most this many files come of one pattern, so that `/*` does not
/// read a whole disk.
pub const MAX_MATCHES: usize = 500;

/// One word of the prompt: its text without quotes and escapes, where it
/// starts in the typed line, and whether it holds a `*` or `?` typed
/// outside quotes (a pattern).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub start: usize,
    pub pattern: bool,
}

/// Why the typed line does not name files.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathsError {
    #[error("a quote is not closed: close it, or escape it with \\")]
    Unclosed,
    #[error("type the file to import (Tab completes)")]
    Empty,
    #[error("no file matches {0}")]
    NoMatch(String),
    #[error("{0} matches over {MAX_MATCHES} files; name fewer")]
    TooMany(String),
}

/// The words of `line`, and whether a quote was left open (the last word
/// is then still being typed: completion goes on with it).
pub fn words(line: &str) -> (Vec<Word>, bool) {
    let mut out = Vec::new();
    let mut current: Option<Word> = None;
    let mut quote: Option<char> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let word = current.get_or_insert_with(|| Word {
            text: String::new(),
            start: i,
            pattern: false,
        });
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => match chars.peek() {
                Some(&(_, n)) if n == '"' || n == '\\' => {
                    word.text.push(n);
                    chars.next();
                }
                _ => word.text.push('\\'),
            },
            (Some(_), c) => word.text.push(c),
            (None, '\'' | '"') => quote = Some(c),
            (None, '\\') => {
                if let Some((_, n)) = chars.next() {
                    word.text.push(n);
                }
            }
            (None, c) if c.is_whitespace() => {
                if let Some(w) = current.take()
                    && (w.start < i)
                {
                    out.push(w);
                }
            }
            (None, c) => {
                word.pattern |= c == '*' || c == '?';
                word.text.push(c);
            }
        }
    }
    out.extend(current);
    (out, quote.is_some())
}

/// `name` as it must be typed to be read back whole: a backslash before
/// every space, quote, backslash, `*` and `?`.
pub fn escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_whitespace() || matches!(c, '\'' | '"' | '\\' | '*' | '?') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The files `line` names, in the order typed, each pattern's matches in
/// name order; `~/` is the home folder.
pub fn files(line: &str) -> Result<Vec<PathBuf>, PathsError> {
    let (words, unclosed) = words(line);
    if unclosed {
        return Err(PathsError::Unclosed);
    }
    let mut out = Vec::new();
    for w in words {
        if w.pattern {
            out.extend(matches(&w.text)?);
        } else {
            out.push(expand_home(&w.text));
        }
    }
    if out.is_empty() {
        return Err(PathsError::Empty);
    }
    Ok(out)
}

/// The files of the folder of `pattern` whose names fit its last part
/// (hidden files only when the pattern starts with a dot).
fn matches(pattern: &str) -> Result<Vec<PathBuf>, PathsError> {
    let (dir, name) = match pattern.rfind('/') {
        Some(i) => (
            pattern.get(..=i).unwrap_or(""),
            pattern.get(i + 1..).unwrap_or(""),
        ),
        None => ("", pattern),
    };
    let folder = if dir.is_empty() {
        PathBuf::from(".")
    } else {
        expand_home(dir)
    };
    let no_match = || PathsError::NoMatch(pattern.to_string());
    let entries = std::fs::read_dir(&folder).map_err(|_| no_match())?;
    let want: Vec<char> = name.chars().collect();
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let Ok(n) = entry.file_name().into_string() else {
            continue;
        };
        if n.starts_with('.') && !name.starts_with('.') {
            continue;
        }
        let chars: Vec<char> = n.chars().collect();
        if fits(&want, &chars) {
            found.push(n);
            if found.len() > MAX_MATCHES {
                return Err(PathsError::TooMany(pattern.to_string()));
            }
        }
    }
    if found.is_empty() {
        return Err(no_match());
    }
    found.sort();
    Ok(found
        .into_iter()
        .map(|n| expand_home(&format!("{dir}{n}")))
        .collect())
}

/// Whether `name` fits `pattern`: `*` any run of characters, `?` one.
/// Iterative, with one point to go back to: linear in practice, never
/// exponential however many stars.
fn fits(pattern: &[char], name: &[char]) -> bool {
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, n));
                p += 1;
            }
            Some(&c) if c == '?' || Some(&c) == name.get(n) => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    p = sp + 1;
                    n = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(p..)
        .is_some_and(|rest| rest.iter().all(|&c| c == '*'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        words(line).0.into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn words_are_read_as_a_shell_reads_them() {
        assert_eq!(texts("a.txt  b.txt"), ["a.txt", "b.txt"]);
        assert_eq!(texts("'My file.txt' b"), ["My file.txt", "b"]);
        assert_eq!(texts(r#""say \"hi\".txt""#), [r#"say "hi".txt"#]);
        assert_eq!(texts(r"My\ file.txt"), ["My file.txt"]);
        assert_eq!(texts("   "), Vec::<String>::new());
        let (w, open) = words("a 'My fi");
        assert!(open);
        assert_eq!(w.last().map(|w| w.start), Some(2));
        assert!(words("*.txt").0[0].pattern);
        assert!(!words("'*.txt'").0[0].pattern);
        assert_eq!(texts(&escape("My 'odd' file*.txt")), ["My 'odd' file*.txt"]);
    }

    #[test]
    fn patterns_match_names_in_their_folder() {
        let star = |p: &str, n: &str| {
            fits(
                &p.chars().collect::<Vec<_>>(),
                &n.chars().collect::<Vec<_>>(),
            )
        };
        assert!(star("*.txt", "a.txt"));
        assert!(star("a?c*", "abc"));
        assert!(!star("*.txt", "a.html"));
        assert!(star("*a*a*a*a*a*b", &format!("{}b", "a".repeat(40))));
        assert!(!star("*a*a*a*a*a*b", &"a".repeat(40)));
        let dir = tempfile::tempdir().unwrap();
        for f in ["one.txt", "two.txt", "three.html", ".hidden.txt"] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        let base = dir.path().display().to_string();
        let got = files(&format!(
            "{}/*.txt {}/three.html",
            escape(&base),
            escape(&base)
        ))
        .unwrap();
        let names: Vec<String> = got
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["one.txt", "two.txt", "three.html"]);
        assert_eq!(
            files(&format!("{}/*.pdf", escape(&base))),
            Err(PathsError::NoMatch(format!("{base}/*.pdf")))
        );
        assert_eq!(files("'open"), Err(PathsError::Unclosed));
        assert_eq!(files("  "), Err(PathsError::Empty));
    }
}
