//! This process and others: the machine's name and whether a process is
//! still alive. A story lock names its holder by both, and a save's
//! leftovers carry their writer's process id, so both the lock and the
//! atomic writes ask here whether a holder or writer is gone.

use std::fs;

/// This machine's name: the kernel's, else `/etc/hostname`, else
/// `$HOSTNAME`.
pub fn hostname() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .filter_map(|p| fs::read_to_string(p).ok())
        .map(|s| s.trim().to_string())
        .find(|s| !s.is_empty())
        .or_else(|| {
            std::env::var("HOSTNAME")
                .ok()
                .filter(|s| !s.trim().is_empty())
        })
        .unwrap_or_else(|| "localhost".into())
}

/// Whether process `pid` exists on this machine and has not ended. Unknown
/// means alive: a leftover is only removed when its process is known to be
/// gone. A zombie (ended, not yet reaped by its parent, as under a
/// container's first process that reaps nothing) is gone.
pub fn pid_alive(pid: u32) -> bool {
    exists(pid) && !is_zombie(pid)
}

/// Whether `/proc` says `pid` has ended and waits to be reaped.
fn is_zombie(pid: u32) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // `pid (command) S ...`: the command may hold anything, so the state
    // is read after its last closing parenthesis.
    stat.rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .is_some_and(|state| state == "Z" || state == "X")
}

fn exists(pid: u32) -> bool {
    if pid == 0 {
        return false;
    }
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: kill with signal 0 sends nothing; it only checks that the
        // process exists (EPERM: it exists but is not ours).
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}
