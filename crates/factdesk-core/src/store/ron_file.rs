//! Reading and writing the desk's RON files.
//!
//! Output is deterministic and one field a line so that `git diff` of a desk
//! shows exactly what changed. Reading refuses files from a newer schema and
//! turns every parse error into `file:line:col: message`.

use serde::{Serialize, de::DeserializeOwned};
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::SCHEMA_VERSION;

/// The text of a RON file's bytes: UTF-8 and not empty, else a
/// `file:line:col` error.
pub fn ron_text<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col) = line_col(String::from_utf8_lossy(bytes).as_ref(), e.valid_up_to());
        Error::Parse {
            path: path.to_path_buf(),
            line,
            col,
            msg: "not UTF-8 text".into(),
        }
    })?;
    if text.trim().is_empty() {
        return Err(Error::Parse {
            path: path.to_path_buf(),
            line: 1,
            col: 1,
            msg: "the file is empty".into(),
        });
    }
    Ok(text)
}

pub fn to_string<T: Serialize>(value: &T, path: &Path) -> Result<String> {
    to_string_sized(value, path, 0)
}

/// [`to_string`] into a buffer made for about `hint` bytes (the size the
/// file had): an 8 MB story is then written without growing and copying
/// its buffer over and over.
pub fn to_string_sized<T: Serialize>(value: &T, path: &Path, hint: u64) -> Result<String> {
    let mut out = String::with_capacity(usize::try_from(hint).unwrap_or(0).saturating_add(4096));
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ")
        .struct_names(false)
        .separate_tuple_members(true)
        .enumerate_arrays(false)
        .escape_strings(true);
    ron::ser::to_writer_pretty(&mut out, value, config).map_err(|e| Error::Invalid {
        path: path.to_path_buf(),
        why: format!("cannot serialise: {e}"),
    })?;
    out.push('\n');
    Ok(out)
}

/// The `version` of a RON file's outer struct, read without parsing the
/// rest: factdesk writes it first, so the scan stops there (reading the
/// whole file for it doubled the cost of reading a story).
fn version_of(text: &str) -> Option<u32> {
    use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, Visitor};
    use std::cell::Cell;

    struct Seed<'a>(&'a Cell<Option<u32>>);
    impl<'de> DeserializeSeed<'de> for Seed<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(
            self,
            d: D,
        ) -> std::result::Result<(), D::Error> {
            d.deserialize_struct("VersionOnly", &["version"], self)
        }
    }
    impl<'de> Visitor<'de> for Seed<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a struct with a version")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                if key == "version" {
                    self.0.set(Some(map.next_value::<u32>()?));
                    // Stop here: the rest is not needed.
                    return Err(A::Error::custom("version found"));
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }
    let found = Cell::new(None);
    let _ = ron::Options::default().from_str_seed(text, Seed(&found));
    found.get()
}

/// Parse `text` (the contents of `path`). The version is checked first so
/// that a file from a newer factdesk gets that message, not a confusing
/// complaint about a field this version has never heard of.
pub fn from_str<T: DeserializeOwned>(text: &str, path: &Path) -> Result<T> {
    if let Some(version) = version_of(text)
        && version > SCHEMA_VERSION
    {
        return Err(Error::FutureVersion {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    ron::from_str(text).map_err(|e| Error::Parse {
        path: path.to_path_buf(),
        line: e.span.start.line,
        col: e.span.start.col,
        msg: e.code.to_string(),
    })
}

/// 1-based line and column of byte `offset` in `text`, for pointing at a
/// value that parsed but is wrong (a duplicate id, a bad span).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before
        .rfind('\n')
        .map_or(before, |i| before.get(i + 1..).unwrap_or(""))
        .chars()
        .count()
        + 1;
    (line, col)
}

/// Where `needle` first occurs in `text` at or after the `nth` occurrence of
/// `anchor`: a best-effort locator for semantic errors in parsed files.
pub fn locate(text: &str, anchor: &str, nth: usize, needle: &str) -> (usize, usize) {
    let start = text
        .match_indices(anchor)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let at = text
        .get(start..)
        .and_then(|rest| rest.find(needle))
        .map_or(start, |i| start + i);
    line_col(text, at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Doc {
        version: u32,
        name: String,
        items: Vec<u32>,
    }

    #[test]
    fn parse_error_names_file_line_and_column() {
        let err = from_str::<Doc>("(\n  version: 1,\n  name: 3,\n)", Path::new("x.ron"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.ron:3:"), "{err}");
    }

    #[test]
    fn future_version_is_refused_by_name() {
        let err = from_str::<Doc>("(version: 99, shiny: true)", Path::new("d.ron"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("newer factdesk (version 99"), "{err}");
    }

    #[test]
    fn version_is_found_first_or_late_and_not_in_garbage() {
        assert_eq!(version_of("(version: 3, name: \"x\")"), Some(3));
        assert_eq!(
            version_of("(name: \"x\", items: [1, 2], version: 7)"),
            Some(7)
        );
        assert_eq!(
            version_of("#![enable(implicit_some)]\n(version: 2)"),
            Some(2)
        );
        assert_eq!(version_of("(name: \"x\")"), None);
        assert_eq!(version_of("(version: \"one\")"), None);
        assert_eq!(version_of("not ron at all"), None);
        assert_eq!(version_of(""), None);
        let err = from_str::<Doc>("(name: \"x\", version: 99)", Path::new("d.ron"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("newer factdesk (version 99"), "{err}");
    }

    #[test]
    fn output_is_one_field_a_line_and_round_trips() {
        let doc = Doc {
            version: 1,
            name: "Café “quoted”\nline".into(),
            items: vec![1, 2],
        };
        let text = to_string(&doc, Path::new("d.ron")).unwrap();
        assert!(
            text.contains("\n  name: \"Café “quoted”\\nline\",\n"),
            "{text}"
        );
        assert_eq!(from_str::<Doc>(&text, Path::new("d.ron")).unwrap(), doc);
        assert_eq!(text, to_string(&doc, Path::new("d.ron")).unwrap());
    }

    #[test]
    fn line_col_counts_chars() {
        assert_eq!(line_col("ab\nc€d", 7), (2, 3));
        assert_eq!(line_col("", 5), (1, 1));
    }
}
