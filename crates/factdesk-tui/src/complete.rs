//! Tab completion of file paths for the import prompt (of one word:
//! `paths` splits the line into words).

use std::path::PathBuf;

/// `~/…` expanded to the home folder.
pub fn expand_home(p: &str) -> PathBuf {
    match (p.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(p),
    }
}

/// Tab completion of a path typed in the import prompt. Returns the
/// completed text and, when ambiguous, the candidates.
pub fn complete_path(input: &str) -> (String, Vec<String>) {
    let (dir_part, name_part) = match input.rfind('/') {
        Some(i) => (&input[..=i], &input[i + 1..]),
        None => ("", input),
    };
    let dir = if dir_part.is_empty() {
        PathBuf::from(".")
    } else {
        expand_home(dir_part)
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (input.to_string(), vec![]);
    };
    let mut names: Vec<(String, bool)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let is_dir = e.file_type().ok()?.is_dir();
            (name.starts_with(name_part) && (!name.starts_with('.') || name_part.starts_with('.')))
                .then_some((name, is_dir))
        })
        .collect();
    names.sort();
    match names.as_slice() {
        [] => (input.to_string(), vec![]),
        [(name, is_dir)] => (
            format!("{dir_part}{name}{}", if *is_dir { "/" } else { "" }),
            vec![],
        ),
        many => {
            let first = &many[0].0;
            let mut common = first.len();
            for (n, _) in many {
                common = common.min(
                    first
                        .char_indices()
                        .zip(n.chars())
                        .take_while(|((_, a), b)| a == b)
                        .map(|((i, a), _)| i + a.len_utf8())
                        .last()
                        .unwrap_or(0),
                );
            }
            (
                format!("{dir_part}{}", &first[..common]),
                // Folders marked, as `ls -F` does.
                many.iter()
                    .map(|(n, dir)| if *dir { format!("{n}/") } else { n.clone() })
                    .collect(),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_completion_extends_to_the_common_prefix() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["story-one.txt", "story-two.txt", "other.txt"] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let base = format!("{}/", dir.path().display());
        let (done, many) = complete_path(&format!("{base}st"));
        assert_eq!(done, format!("{base}story-"));
        assert_eq!(many, vec!["story-one.txt", "story-two.txt"]);
        let (done, many) = complete_path(&format!("{base}o"));
        assert_eq!(done, format!("{base}other.txt"));
        assert!(many.is_empty());
        let (done, _) = complete_path(&format!("{base}su"));
        assert_eq!(done, format!("{base}sub/"));
        let (done, _) = complete_path(&format!("{base}zzz"));
        assert_eq!(done, format!("{base}zzz"));
    }
}
