//! The crash reporter: on a panic, a short report (version, message, place,
//! backtrace) goes to `crash-<time>-<pid>.log` in the platform state folder
//! (`~/.local/state/factdesk` on Linux; the cache folder elsewhere), and one
//! line on standard error says where it is.

/// Install the reporter as the process's panic hook. A screen that installs
/// its own hook afterwards (to restore the terminal) must chain to this one,
/// so the line is printed on a usable terminal.
pub fn install_hook(version: &'static str) {
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        let place = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        let now = chrono::Utc::now();
        let report = format!(
            "factdesk {version} crashed at {} UTC\nthread: {}\nmessage: {msg}\nat: {place}\ncommand: {}\n\nbacktrace:\n{}\n",
            now.format("%Y-%m-%d %H:%M:%S"),
            std::thread::current().name().unwrap_or("?"),
            // Only the subcommand: arguments may hold notes and names.
            std::env::args().nth(1).unwrap_or_default(),
            std::backtrace::Backtrace::force_capture(),
        );
        let name = format!(
            "crash-{}-{}.log",
            now.format("%Y%m%dT%H%M%SZ"),
            std::process::id()
        );
        let dirs = directories::ProjectDirs::from("", "", "factdesk");
        let dir = dirs
            .as_ref()
            .map(|d| d.state_dir().unwrap_or(d.cache_dir()).to_path_buf())
            .unwrap_or_else(std::env::temp_dir);
        let written = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(dir.join(&name), &report))
            .map(|()| dir.join(&name));
        let msg = crate::text::printable(&msg);
        match written {
            Ok(path) => eprintln!(
                "factdesk: internal error ({msg}); please send the report {} to the developers",
                path.display()
            ),
            Err(e) => eprintln!(
                "factdesk: internal error ({msg}) at {place}; the report could not be written ({e})"
            ),
        }
    }));
}
