//! Every command the README and the docs show in a `console` block runs on
//! a copy of the sample desk and prints what the page says it prints.
//! Commands are run in order on one copy, so an example may build on the
//! one before it; `factdesk` stands for the binary under test.

mod support;

use std::path::Path;
use std::process::Command;

/// The `$ factdesk …` lines of `console` blocks and the output under each.
fn examples(page: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut in_console = false;
    let mut current: Option<(String, String)> = None;
    for line in page.lines() {
        if line.starts_with("```") {
            in_console = !in_console && line.trim() == "```console";
            if let Some(ex) = current.take() {
                out.push(ex);
            }
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            if let Some(ex) = current.take() {
                out.push(ex);
            }
            current = Some((cmd.to_string(), String::new()));
        } else if let Some((_, expected)) = current.as_mut() {
            expected.push_str(line);
            expected.push('\n');
        }
    }
    out
}

/// Split a shell line into words: single and double quotes group, as a
/// shell would for the simple lines the pages show.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, ' ') => {
                if started || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            (None, c) => word.push(c),
        }
    }
    if started || !word.is_empty() {
        words.push(word);
    }
    words
}

fn check_page(name: &str) {
    let page = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap();
    let (_tmp, desk) = support::sample_desk();
    let examples = examples(&page);
    assert!(!examples.is_empty(), "{name} shows no console examples");
    for (line, expected) in &examples {
        let argv = words(line);
        let Some((program, args)) = argv.split_first() else {
            continue;
        };
        assert_eq!(
            program, "factdesk",
            "{name}: `{line}` is not a factdesk command"
        );
        let run = Command::new(env!("CARGO_BIN_EXE_factdesk"))
            .arg("--desk")
            .arg(&desk)
            .args(args)
            .env("FACTDESK_EDITOR", "desk")
            .env("TZ", "UTC")
            .output()
            .unwrap();
        // A page shows what a terminal shows: both streams, in order for
        // these one-stream commands.
        let mut got = String::from_utf8_lossy(&run.stdout).into_owned();
        got.push_str(&String::from_utf8_lossy(&run.stderr));
        assert_eq!(got, *expected, "{name}: `{line}` prints something else");
    }
}

#[test]
fn readme_examples_are_true_of_the_sample_desk() {
    check_page("README.md");
}

#[test]
fn search_page_examples_are_true_of_the_sample_desk() {
    check_page("docs/search.md");
}

#[test]
fn shell_words_group_quotes() {
    assert_eq!(
        words(r#"factdesk search 'speaker:"defense ministry"' x"#),
        ["factdesk", "search", r#"speaker:"defense ministry""#, "x"]
    );
}
