//! `factdesk merge-driver BASE OURS THEIRS PATH`, as git runs it for
//! `story.ron`, `sources.ron` and `desk.ron`.

use std::io::Write;

use factdesk_core::sync::driver;

use super::args::DriverArgs;
use super::error::report;

/// Merge into OURS; the exit code is what git expects (non-zero when a
/// file could not be merged and both versions were kept).
pub fn run(args: &DriverArgs, err: &mut dyn Write) -> i32 {
    let done = driver::merge_driver(&args.base, &args.ours, &args.theirs, &args.path);
    for m in &done.messages {
        report(err, m);
    }
    done.exit_code()
}
