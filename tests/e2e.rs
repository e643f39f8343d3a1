//! End to end through a pseudo-terminal: the real binary, a temporary copy
//! of the sample desk, keys typed as a terminal sends them, and the screen
//! read back through a terminal emulator.

mod support;

use support::pty::Term;
use support::{SAMPLE_STORY, sample_desk};

#[test]
fn list_through_a_terminal() {
    let (_tmp, desk) = sample_desk();
    let mut term = Term::spawn(&["--desk", desk.to_str().unwrap(), "list"], &[], 120, 40);
    let screen = term.wait_for(SAMPLE_STORY);
    assert!(screen.contains("CBS News/AP"), "{screen}");
    assert!(term.wait_exit());
}
