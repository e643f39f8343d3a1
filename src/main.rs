use clap::Parser;
use std::process::ExitCode;

use factdesk::cli::{self, Cli};

/// Install the crash reporter: on a panic, write a short report (version,
/// message, place, backtrace) to `crash-<time>-<pid>.log` in the platform
/// state folder (`~/.local/state/factdesk` on Linux; the cache folder
/// elsewhere) and print one line saying where it is.
///
/// Installed first thing in `main`. The desk screen installs its own hook
/// afterwards to restore the terminal; it must chain to this one (take the
/// previous hook and call it after restoring), so the line is printed on a
/// usable terminal.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
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
            "factdesk {} crashed at {} UTC\nthread: {}\nmessage: {msg}\nat: {place}\ncommand: {}\n\nbacktrace:\n{}\n",
            env!("CARGO_PKG_VERSION"),
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
        let msg = factdesk::text::printable(&msg);
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

fn main() -> ExitCode {
    install_panic_hook();
    let args = Cli::parse();
    let editor = cli::editor_name(args.editor.as_deref());
    if let Some(cli::Command::Check) = &args.command {
        let code = cli::check(
            args.desk.as_deref(),
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        );
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    if let Some(cli::Command::Init { name, organisation }) = &args.command {
        let Some(dir) = args.desk.as_deref() else {
            eprintln!("factdesk: init needs --desk DIR");
            return ExitCode::FAILURE;
        };
        return match cli::init(dir, name, organisation.clone()) {
            Ok(_) => {
                println!("{}", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                cli::report(&mut std::io::stderr(), &e);
                ExitCode::FAILURE
            }
        };
    }
    let desk = match cli::resolve_desk(args.desk.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            cli::report(&mut std::io::stderr(), &e);
            return ExitCode::FAILURE;
        }
    };
    let code = match args.command {
        Some(command) => {
            let mut out = std::io::stdout().lock();
            let mut err = std::io::stderr().lock();
            cli::run(&desk, &editor, command, &mut out, &mut err)
        }
        None => match factdesk::ui::run(desk, editor) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("factdesk: {e}");
                1
            }
        },
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
