//! The commands' shared pipeline: load → resolve → render → write.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config;
use crate::diagnostics::{self, Diagnostic, code};
use crate::links;
use crate::load::{self, LoadCache};
use crate::render::{self, Page};
use crate::resolve::{self, AnalysisCache, ResolveOptions, Site};
use crate::theme;
use crate::write;

/// Command-line choices that apply on top of `site.yaml`.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Links between pages are relative (as `relative_urls: true` in site.yaml does).
    pub relative_urls: bool,
    /// Include drafts and future-dated articles.
    pub drafts: bool,
}

/// What `briefing build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `ROOT/public`.
    pub output: Option<PathBuf>,
    pub site: SiteOptions,
    /// Remove output files this build no longer produces.
    pub clean: bool,
}

/// What a successful build reports.
#[derive(Debug)]
pub struct BuildSummary {
    pub articles: usize,
    pub actors: usize,
    pub topics: usize,
    /// HTML pages written (static files not counted).
    pub pages: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

impl std::fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Built {} articles, {} actors, {} topics: {} pages written to {} in {} ms",
            self.articles,
            self.actors,
            self.topics,
            self.pages,
            self.output.display(),
            self.elapsed.as_millis()
        )
    }
}

/// Loads and resolves the site, applying command-line overrides. Problems are in the site;
/// only a folder that is no site at all is an `Err`.
pub fn resolve_site(root: &Path, options: &SiteOptions) -> Result<Site, Vec<Diagnostic>> {
    resolve_site_in(&mut Session::default(), root, options)
}

/// What one site's builds keep between them (`serve` keeps one), so a rebuild re-reads
/// only the files that changed and re-analyses only the articles that did.
#[derive(Default)]
pub struct Session {
    files: LoadCache,
    readings: AnalysisCache,
}

fn resolve_site_in(
    session: &mut Session,
    root: &Path,
    options: &SiteOptions,
) -> Result<Site, Vec<Diagnostic>> {
    if !root.join("content").is_dir() {
        let problem = Diagnostic::error(
            code::NO_SITE,
            root.join("content"),
            "no content folder: this is not a briefing site",
        )
        .with_hint("pass the site folder with --root, or create content/articles/ in it");
        return Err(vec![problem]);
    }
    let mut corpus = load::load_cached(root, &mut session.files);
    if let Some(url) = &options.base_url {
        match config::normalise_base_url(url) {
            Ok(url) => corpus.config.base_url = url,
            Err(message) => {
                corpus
                    .diagnostics
                    .push(Diagnostic::error(code::BAD_CONFIG, "--base-url", message))
            }
        }
    }
    corpus.config.relative_urls |= options.relative_urls;
    let resolve_options = ResolveOptions {
        include_drafts: options.drafts,
        now: Some(chrono::Utc::now().fixed_offset()),
    };
    Ok(resolve::resolve_cached(
        corpus,
        resolve_options,
        &mut session.readings,
    ))
}

/// Renders the site at `root` into pages, without writing anything. Every check runs,
/// and every problem found comes back, sorted, if any of them is an error.
pub fn render_site(
    root: &Path,
    options: &SiteOptions,
) -> Result<(Site, Vec<Page>), Vec<Diagnostic>> {
    render_site_in(&mut Session::default(), root, options)
}

/// Like [`render_site`], reusing what `session` kept from the previous build.
pub fn render_site_in(
    session: &mut Session,
    root: &Path,
    options: &SiteOptions,
) -> Result<(Site, Vec<Page>), Vec<Diagnostic>> {
    let mut site = resolve_site_in(session, root, options)?;
    let theme = theme::load(root);
    let static_files: Vec<String> = match &theme {
        Ok(theme) => theme.static_files.keys().cloned().collect(),
        Err(_) => theme::DEFAULT_STATIC
            .iter()
            .map(|f| f.path.to_string())
            .collect(),
    };
    let planned = render::planned_paths(&site, &static_files);
    let link_problems = links::check(&site, &planned);
    site.diagnostics.extend(link_problems);
    let fail = |mut problems: Vec<Diagnostic>| {
        diagnostics::sort(&mut problems);
        problems
    };
    let theme = match theme {
        Ok(theme) => {
            site.diagnostics.extend(theme.warnings.iter().cloned());
            theme
        }
        Err(problems) => {
            site.diagnostics.extend(problems);
            return Err(fail(site.diagnostics));
        }
    };
    if site.has_errors() {
        return Err(fail(site.diagnostics));
    }
    match render::render(&site, &theme) {
        Ok(pages) => {
            diagnostics::sort(&mut site.diagnostics);
            Ok((site, pages))
        }
        Err(problems) => {
            site.diagnostics.extend(problems);
            Err(fail(site.diagnostics))
        }
    }
}

/// Everything `build` checks, without writing: every problem found, sorted by file and line.
pub fn check(root: &Path, options: &SiteOptions) -> Vec<Diagnostic> {
    match render_site(root, options) {
        Ok((site, _)) => site.diagnostics,
        Err(mut problems) => {
            diagnostics::sort(&mut problems);
            problems
        }
    }
}

/// Builds the site into its output folder; the old output survives any failure.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Vec<Diagnostic>> {
    let started = Instant::now();
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    write::check_output(&options.root, &output).map_err(|d| vec![d])?;
    let (site, pages) = render_site(&options.root, &options.site)?;
    write::write_site(&output, &pages, options.clean).map_err(|d| vec![d])?;
    Ok(BuildSummary {
        articles: site.articles.len(),
        actors: site.actors.len(),
        topics: site.topics.len(),
        pages: pages.iter().filter(|p| p.path.ends_with(".html")).count(),
        output,
        elapsed: started.elapsed(),
        warnings: site.diagnostics,
    })
}
