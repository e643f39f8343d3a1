use clap::Parser;
use std::process::ExitCode;

use factdesk::cli::{self, Cli};

fn main() -> ExitCode {
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
                eprintln!("factdesk: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let desk = match cli::resolve_desk(args.desk.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("factdesk: {e}");
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
