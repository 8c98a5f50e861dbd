//! The command line: parses arguments and hands them to the pipeline.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use briefing::diagnostics::Diagnostic;
use briefing::pipeline::{self, BuildOptions};

#[derive(Parser)]
#[command(
    name = "briefing",
    version,
    about = "Build annotated news briefings into a static site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        /// The site folder (holding content/ and optionally site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Overrides base_url from site.yaml, e.g. https://example.org/brief/.
        #[arg(long)]
        base_url: Option<String>,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            let options = BuildOptions {
                root,
                output,
                base_url,
                drafts,
            };
            match pipeline::build(&options) {
                Ok(summary) => {
                    report(&summary.warnings);
                    println!("{summary}");
                    ExitCode::SUCCESS
                }
                Err(problems) => {
                    report(&problems);
                    let errors = problems.iter().filter(|p| p.is_error()).count();
                    eprintln!(
                        "Build failed with {errors} error(s); the previous output was left as it was."
                    );
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn report(problems: &[Diagnostic]) {
    for problem in problems {
        eprintln!("{problem}");
    }
}
