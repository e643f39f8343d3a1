//! Reading the CheckThat! 2019 task 1 transcripts: one `.tsv` per debate
//! or speech, each line `number <TAB> speaker <TAB> sentence <TAB> label`.

use std::fs;
use std::path::Path;

/// One line of a transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub speaker: String,
    pub text: String,
    /// Chosen by fact-checkers as worth checking.
    pub worthy: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    /// The file name without `.tsv`.
    pub name: String,
    pub lines: Vec<Line>,
}

impl Transcript {
    pub fn positives(&self) -> usize {
        self.lines.iter().filter(|l| l.worthy).count()
    }
}

/// Every `.tsv` of `dir`, by file name.
pub fn load_dir(dir: &Path) -> Result<Vec<Transcript>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("{}: no .tsv transcripts", dir.display()));
    }
    paths.iter().map(|p| load_file(p)).collect()
}

pub fn load_file(path: &Path) -> Result<Transcript, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| parse_line(l).map_err(|why| format!("{}:{}: {why}", path.display(), i + 1)))
        .collect::<Result<Vec<_>, _>>()?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Transcript { name, lines })
}

fn parse_line(line: &str) -> Result<Line, String> {
    let fields: Vec<&str> = line.trim_end_matches('\r').split('\t').collect();
    let [_, speaker, text, label] = fields[..] else {
        return Err(format!("{} fields, not 4", fields.len()));
    };
    let worthy = match label.trim() {
        "1" => true,
        "0" => false,
        other => return Err(format!("label {other:?}, not 0 or 1")),
    };
    Ok(Line {
        speaker: unquote(speaker).trim().to_string(),
        text: unquote(text).trim().to_string(),
        worthy,
    })
}

/// A CSV-quoted field (`"a ""b"" c"`) unquoted; any other field, quotation
/// marks and all, as it is (the files quote only some fields that way).
fn unquote(field: &str) -> String {
    let inner = field
        .strip_prefix('"')
        .and_then(|f| f.strip_suffix('"'))
        .filter(|inner| !inner.replace("\"\"", "").contains('"'));
    match inner {
        Some(inner) if inner.contains("\"\"") => inner.replace("\"\"", "\""),
        _ => field.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_quotes() {
        let l = parse_line("7\tHOLT\t\"a \"\"b\"\" c\"\t1").unwrap();
        assert_eq!(
            (l.speaker.as_str(), l.text.as_str(), l.worthy),
            ("HOLT", "a \"b\" c", true)
        );
        let l = parse_line("8\tTRUMP\t\"Guam\" is far\t0").unwrap();
        assert_eq!(l.text, "\"Guam\" is far");
        assert!(parse_line("8\tTRUMP\tno label").is_err());
        assert!(parse_line("8\tTRUMP\tx\t2").is_err());
    }
}
