//! `mlsd`: parse arguments, dispatch, turn outcomes into exit codes (0 clean, 1 findings,
//! 2 usage, config or I/O errors).

use clap::Parser;
use mlsd::cli::args::{Cli, Command};
use mlsd::cli::{check, commands, progress};

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                check::EXIT_ERROR
            } else {
                check::EXIT_OK
            };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    let result = match &cli.command {
        Command::Check(args) => check::run(args),
        Command::Practice(args) => check::run_with(args, true),
        Command::Progress(args) => progress::progress(args),
        Command::Next(args) => progress::next(args),
        Command::Rule(args) => commands::rule(args),
        Command::New(args) => commands::new(args),
        #[cfg(feature = "server")]
        Command::Server(_) => Ok(mlsd::server::run_stdio()),
        Command::Completions(args) => commands::completions(args),
        Command::Schema(args) => commands::schema(args),
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(check::Fatal(msg)) => {
            eprintln!("mlsd: error: {msg}");
            std::process::exit(check::EXIT_ERROR);
        }
    }
}
