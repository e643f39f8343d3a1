//! The one rule for web addresses in a desk, for the screen and the command
//! line alike: absolute `http` or `https` with a host. Anything else in a
//! registry is a typo or worse (a `file:` or `javascript:` link in an
//! exported report).

use crate::error::{Error, Result};

/// `raw` as a normalised http(s) URL, or why not.
pub fn validate(raw: &str) -> Result<String> {
    let raw = raw.trim();
    let bad = |why: String| Error::InvalidUrl {
        url: raw.to_string(),
        why,
    };
    let parsed = url::Url::parse(raw).map_err(|e| bad(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return Err(bad("only http and https addresses are accepted".into()));
    }
    Ok(parsed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_pass() {
        assert_eq!(
            validate(" https://example.org/a ").unwrap(),
            "https://example.org/a"
        );
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "ftp://x.org",
            "example.org",
            "",
        ] {
            assert!(validate(bad).is_err(), "{bad}");
        }
    }
}
