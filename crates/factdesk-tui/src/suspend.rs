//! Job control from outside: `kill -TSTP`, a shell's or a terminal
//! multiplexer's suspend. In raw mode Ctrl-z is a key (undo), so the
//! signal only comes from another process. Like other full-screen
//! programs, the screen gives the terminal back (raw mode off, the
//! alternate screen left) before the process stops, and takes it again
//! when it continues; the event loop then redraws the whole screen.

use signal_hook::consts::SIGTSTP;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The watch on SIGTSTP, and the word that the process was continued.
pub struct JobControl {
    resumed: Arc<AtomicBool>,
}

impl JobControl {
    /// Watch for SIGTSTP on a thread of its own: restore the terminal,
    /// stop as the default action would, and on continuing re-enter the
    /// screen. `None` when the signal cannot be watched (the screen then
    /// works as before, without suspend).
    pub fn install() -> Option<JobControl> {
        let mut signals = signal_hook::iterator::Signals::new([SIGTSTP]).ok()?;
        let resumed = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&resumed);
        std::thread::Builder::new()
            .name("job-control".into())
            .spawn(move || {
                for _ in signals.forever() {
                    crate::restore();
                    // Stops the whole process here until SIGCONT.
                    let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
                    let _ = crate::enter();
                    flag.store(true, Ordering::SeqCst);
                }
            })
            .ok()?;
        Some(JobControl { resumed })
    }

    /// Whether the process was continued since the last call: the screen
    /// must then be drawn afresh.
    pub fn take_resumed(&self) -> bool {
        self.resumed.swap(false, Ordering::SeqCst)
    }
}
