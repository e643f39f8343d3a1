use clap::Parser;
use std::process::ExitCode;

mod cli;

use cli::Cli;

fn main() -> ExitCode {
    factdesk_core::crash::install_hook(env!("CARGO_PKG_VERSION"));
    let args = Cli::parse();
    let code = cli::main(args);
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
