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

/// The `https://` address an address typed without a scheme is taken
/// for (`www.afp.com/fr` → `https://www.afp.com/fr`), when it reads as a
/// host name with a dot, an optional port and a path; `None` for
/// anything else (it has a scheme, is no host, or names a user, as
/// `mailto:x@y.org` would become).
pub fn offered(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.contains("://") || raw.chars().any(char::is_whitespace) {
        return None;
    }
    let host_port = raw.split(['/', '?', '#']).next().unwrap_or("");
    let (host, port) = match host_port.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (host_port, None),
    };
    let host_ok = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    if !(host_ok && port_ok) {
        return None;
    }
    validate(&format!("https://{raw}")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_without_a_scheme_is_offered_as_https() {
        for (typed, offered_as) in [
            ("www.afp.com", "https://www.afp.com/"),
            (" tass.com/en/1?x=2 ", "https://tass.com/en/1?x=2"),
            ("example.org:8080/a", "https://example.org:8080/a"),
        ] {
            assert_eq!(offered(typed).as_deref(), Some(offered_as), "{typed}");
        }
        for not in [
            "https://afp.com",
            "afp",
            "mailto:x@y.org",
            "javascript:alert(1)",
            "a b.com",
            "user@host.com",
            ".com",
            "",
        ] {
            assert_eq!(offered(not), None, "{not}");
        }
    }

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
