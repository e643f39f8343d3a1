//! The command line as a user runs it: the real binary on a desk, as
//! editor ana.

use std::path::Path;
use std::process::Command;

/// What one run of the binary gave.
pub struct Run {
    pub code: i32,
    pub out: String,
    pub err: String,
}

/// `factdesk ARGS` on `desk`.
pub fn factdesk(desk: &Path, args: &[&str]) -> Run {
    let o = Command::new(env!("CARGO_BIN_EXE_factdesk"))
        .args(args)
        .env("FACTDESK_DESK", desk)
        .env("FACTDESK_EDITOR", "ana")
        .output()
        .unwrap();
    Run {
        code: o.status.code().unwrap_or(-1),
        out: String::from_utf8(o.stdout).unwrap(),
        err: String::from_utf8(o.stderr).unwrap(),
    }
}
