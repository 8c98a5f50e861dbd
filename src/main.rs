//! The command line: parses arguments and hands them to the pipeline.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use briefing::diagnostics::{self, Format};
use briefing::pipeline::{self, BuildOptions, SiteOptions};
use briefing::scaffold;
use briefing::serve::{self, ServeOptions};
use briefing::write;

/// mimalloc: a build allocates and frees millions of small strings, which glibc's malloc
/// spends about a tenth of the time on.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// Include drafts and future-dated articles.
        #[arg(long)]
        drafts: bool,
        /// Link pages relatively, so the output works from disk and under any sub-path.
        #[arg(long)]
        relative_urls: bool,
        /// Remove output files that this build no longer produces.
        #[arg(long)]
        clean: bool,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
    },
    /// Serve the site from memory, rebuilding and reloading on every change.
    Serve {
        /// The site folder (holding content/ and optionally site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; 0.0.0.0 exposes the site to your network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Include drafts and future-dated articles.
        #[arg(long)]
        drafts: bool,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
    },
    /// Make a new site folder that builds at once.
    Init {
        /// The folder to create (or an empty one to fill).
        dir: PathBuf,
    },
    /// Write a new article, actor, topic or digest file.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Check the site and report every problem, without writing anything.
    Check {
        /// The site folder (holding content/ and optionally site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Overrides base_url from site.yaml, as `build --base-url` does.
        #[arg(long)]
        base_url: Option<String>,
        /// Check drafts and future-dated articles too.
        #[arg(long)]
        drafts: bool,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// content/articles/<slug>.md, dated today unless --date is given.
    Article {
        title: String,
        /// RFC 3339 or YYYY-MM-DD.
        #[arg(long)]
        date: Option<String>,
        /// An actor it concerns (slug or name); repeat for more.
        #[arg(long = "actor")]
        actors: Vec<String>,
        /// A topic it concerns (slug or name); repeat for more.
        #[arg(long = "topic")]
        topics: Vec<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// content/actors/<slug>.md.
    Actor {
        name: String,
        /// person, office, government, organisation, country or group.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// content/topics/<slug>.md.
    Topic {
        name: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// content/briefings/<date>.md: a day's digest listing that day's articles.
    Briefing {
        /// YYYY-MM-DD; today in the site's timezone when left out.
        #[arg(long)]
        date: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Json,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
        }
    }
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            relative_urls,
            clean,
            format,
        } => {
            let options = BuildOptions {
                root,
                output,
                site: SiteOptions {
                    base_url,
                    relative_urls,
                    drafts,
                },
                clean,
            };
            let output = options.output_folder();
            let had_output = output.join(write::MARKER).is_file();
            match pipeline::build(&options) {
                Ok(summary) => {
                    diagnostics::report(&summary.warnings, &options.root, format.into());
                    println!("{summary}");
                    ExitCode::SUCCESS
                }
                Err(problems) => {
                    diagnostics::report(&problems, &options.root, format.into());
                    let errors = problems.iter().filter(|p| p.is_error()).count();
                    // A failed build replaces nothing; only when the old site could be
                    // neither kept nor put back is the output missing (the error says where).
                    if had_output && output.join(write::MARKER).is_file() {
                        eprintln!(
                            "Build failed with {errors} error(s); the previous output was left as it was."
                        );
                    } else {
                        eprintln!("Build failed with {errors} error(s).");
                    }
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            open,
        } => {
            let options = ServeOptions {
                root,
                port,
                bind,
                drafts,
                open,
            };
            match serve::serve(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(problem) => {
                    diagnostics::report(&[problem], &options.root, Format::Human);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Init { dir } => match scaffold::init(&dir) {
            Ok(files) => {
                for file in files {
                    println!("{}", dir.join(file).display());
                }
                ExitCode::SUCCESS
            }
            Err(problem) => {
                diagnostics::report(&[problem], Path::new("."), Format::Human);
                ExitCode::FAILURE
            }
        },
        Command::New { what } => {
            let (root, written) = match what {
                NewCommand::Article {
                    title,
                    date,
                    actors,
                    topics,
                    root,
                } => {
                    let written =
                        scaffold::new_article(&root, &title, date.as_deref(), &actors, &topics);
                    (root, written)
                }
                NewCommand::Actor { name, kind, root } => {
                    let written = scaffold::new_actor(&root, &name, kind.as_deref());
                    (root, written)
                }
                NewCommand::Topic { name, root } => {
                    let written = scaffold::new_topic(&root, &name);
                    (root, written)
                }
                NewCommand::Briefing { date, root } => {
                    let written = scaffold::new_briefing(&root, date.as_deref());
                    (root, written)
                }
            };
            match written {
                Ok(path) => {
                    println!("{}", scaffold::display_path(&root, &path).display());
                    ExitCode::SUCCESS
                }
                Err(problem) => {
                    diagnostics::report(&[problem], &root, Format::Human);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check {
            root,
            deny_warnings,
            base_url,
            drafts,
            format,
        } => {
            let options = SiteOptions {
                base_url,
                drafts,
                ..SiteOptions::default()
            };
            let problems = pipeline::check(&root, &options);
            diagnostics::report(&problems, &root, format.into());
            let errors = problems.iter().filter(|p| p.is_error()).count();
            let warnings = problems.len() - errors;
            if matches!(format, FormatArg::Human) {
                eprintln!(
                    "Checked {}: {errors} error(s), {warnings} warning(s).",
                    root.display()
                );
            }
            if errors > 0 || (deny_warnings && warnings > 0) {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
