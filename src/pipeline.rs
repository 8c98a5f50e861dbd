//! `build` and `check`: load → resolve → render → write, and nothing else. `serve`'s
//! rebuilds take their own way through the same stages (`serve::session`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, SubsecRound, Utc};

use crate::check;
use crate::diagnostics::{self, Diagnostic, code};
use crate::load::{self, Corpus, config};
use crate::render::theme::{self, Theme};
use crate::render::{self, Page};
use crate::resolve::{self, ResolveOptions, Site};
use crate::write;

/// Command-line choices that apply on top of `site.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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

impl BuildOptions {
    /// Where the site is written: `--output`, else `ROOT/public`.
    pub fn output_folder(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
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
    /// The site's warnings, then the output folder's (such as an old copy left behind).
    pub warnings: Vec<Diagnostic>,
}

impl std::fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Built {}, {}, {}: {} written to {} in {} ms",
            counted(self.articles, "article"),
            counted(self.actors, "actor"),
            counted(self.topics, "topic"),
            counted(self.pages, "page"),
            self.output.display(),
            self.elapsed.as_millis()
        )
    }
}

/// `1 article`, `2 articles`: a count and its noun, singular or plural (the noun must
/// take a plain `s`).
pub fn counted(count: usize, noun: &str) -> String {
    match count {
        1 => format!("1 {noun}"),
        _ => format!("{count} {noun}s"),
    }
}

/// How many HTML pages `paths` name: what `build` and `serve` both report as pages.
pub fn html_pages<'a>(paths: impl Iterator<Item = &'a str>) -> usize {
    paths.filter(|path| path.ends_with(".html")).count()
}

/// How to resolve under these options: drafts or not, and future articles as of now.
pub(crate) fn resolve_options(options: &SiteOptions) -> ResolveOptions {
    ResolveOptions {
        include_drafts: options.drafts,
        now: Some(chrono::Utc::now().fixed_offset()),
    }
}

/// Refuses a folder with no `content/` folder (a link named `content` does not count:
/// links are never followed): it is not a briefing site.
pub(crate) fn require_site(root: &Path) -> Result<(), Vec<Diagnostic>> {
    let content = root.join("content");
    let problem = match std::fs::symlink_metadata(&content) {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(meta) if meta.is_symlink() => Diagnostic::error(
            code::NO_SITE,
            content,
            "`content` is a symbolic link, and briefing never follows links",
        )
        .with_hint("move the content folder itself into the site folder"),
        _ => Diagnostic::error(
            code::NO_SITE,
            content,
            "no content folder: this is not a briefing site",
        )
        .with_hint("pass the site folder with --root, or create content/articles/ in it"),
    };
    Err(vec![problem])
}

/// The command line's overrides, applied over `site.yaml`.
pub(crate) fn apply_options(corpus: &mut Corpus, options: &SiteOptions) {
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
}

/// A warning when the site has no base URL with a host: the sitemap and robots.txt's
/// `Sitemap:` line need full URLs, so `build` leaves them out (not for `serve`, which never
/// publishes). None when the base URL is already a `bad-config` error.
fn no_base_url(corpus: &Corpus, options: &SiteOptions) -> Option<Diagnostic> {
    let base = &corpus.config.base_url;
    let bad_config = corpus
        .diagnostics
        .iter()
        .any(|d| d.code == code::BAD_CONFIG);
    if render::urls::has_host(base) || bad_config {
        return None;
    }
    let file = if options.base_url.is_some() {
        "--base-url"
    } else {
        "site.yaml"
    };
    let message = format!(
        "no `base_url` with a host (it is `{base}`): sitemap.xml and robots.txt's `Sitemap:` \
         line need full http(s) URLs, so they are left out, and the feeds have `urn:` ids \
         and links without a host"
    );
    let hint = "set `base_url: \"https://example.org/brief/\"` in site.yaml, or pass \
                `--base-url`, to the address the site is published at";
    Some(Diagnostic::warning(code::NO_BASE_URL, file, message).with_hint(hint))
}

/// The newest modification time of `site.yaml`, the `content/` folder and everything in
/// it (links are not followed), to the second: when the site's sources last changed.
pub(crate) fn sources_changed(root: &Path) -> Option<DateTime<FixedOffset>> {
    let content = walkdir::WalkDir::new(root.join("content"))
        .follow_links(false)
        .into_iter()
        .filter_map(|entry| entry.ok()?.metadata().ok());
    let newest = std::fs::symlink_metadata(root.join("site.yaml"))
        .into_iter()
        .chain(content)
        .filter_map(|meta| meta.modified().ok())
        .max()?;
    let newest = DateTime::<Utc>::from(newest).trunc_subsecs(0);
    Some(newest.fixed_offset())
}

/// The output paths of the theme's static files (the built-in ones when the theme
/// failed to load, so links can still be checked).
pub(crate) fn static_paths(theme: &Result<Arc<Theme>, Vec<Diagnostic>>) -> Vec<String> {
    match theme {
        Ok(theme) => theme.static_files.keys().cloned().collect(),
        Err(_) => theme::DEFAULT_STATIC
            .iter()
            .map(|f| f.path.to_string())
            .collect(),
    }
}

/// The loaded theme, its warnings added to the site's problems; or every problem of the
/// site, sorted, when the theme did not load or any problem is an error (then nothing is
/// rendered). `build`, `check` and `serve`'s rebuilds all pass through here.
pub(crate) fn ready_to_render(
    site: &mut Site,
    theme: Result<Arc<Theme>, Vec<Diagnostic>>,
) -> Result<Arc<Theme>, Vec<Diagnostic>> {
    let theme = match theme {
        Ok(theme) => {
            site.diagnostics.extend(theme.warnings.iter().cloned());
            Some(theme)
        }
        Err(problems) => {
            site.diagnostics.extend(problems);
            None
        }
    };
    match theme {
        Some(theme) if !site.has_errors() => Ok(theme),
        _ => {
            let mut problems = std::mem::take(&mut site.diagnostics);
            diagnostics::sort(&mut problems);
            Err(problems)
        }
    }
}

/// The site at `root`, loaded, resolved and link-checked, with its theme: everything
/// before rendering. Every problem found comes back, sorted, if any of them is an error.
fn ready_site(root: &Path, options: &SiteOptions) -> Result<(Site, Arc<Theme>), Vec<Diagnostic>> {
    require_site(root)?;
    let mut corpus = load::load(root);
    apply_options(&mut corpus, options);
    corpus.diagnostics.extend(no_base_url(&corpus, options));
    let mut site = resolve::resolve(corpus, resolve_options(options));
    if site.articles.is_empty() {
        site.sources_changed = sources_changed(root);
    }
    let theme = theme::load(root).map(Arc::new);
    let planned = render::planned_set(&site, &static_paths(&theme));
    site.diagnostics.extend(check::site_links(&site, &planned));
    let theme = ready_to_render(&mut site, theme)?;
    Ok((site, theme))
}

/// Renders a ready site, handing each page to `sink` as it is made; then the site's
/// problems are sorted. On failure, every problem, the site's and the render's, sorted.
fn render_ready(
    mut site: Site,
    theme: &Theme,
    sink: &(dyn Fn(Page) -> Result<(), Diagnostic> + Sync),
) -> Result<Site, Vec<Diagnostic>> {
    match render::render_to(&site, theme, sink) {
        Ok(()) => {
            diagnostics::sort(&mut site.diagnostics);
            Ok(site)
        }
        Err(problems) => {
            site.diagnostics.extend(problems);
            diagnostics::sort(&mut site.diagnostics);
            Err(site.diagnostics)
        }
    }
}

/// Renders the site at `root` into pages (in path order), without writing anything.
/// Every check runs, and every problem found comes back, sorted, if any of them is an
/// error. `build` and `check` stream the pages instead of holding them all.
pub fn render_site(
    root: &Path,
    options: &SiteOptions,
) -> Result<(Site, Vec<Page>), Vec<Diagnostic>> {
    let (site, theme) = ready_site(root, options)?;
    let pages = render::PageCollector::default();
    let site = render_ready(site, &theme, &|page| pages.put(page))?;
    Ok((site, pages.into_sorted()))
}

/// Everything `build` checks, without writing: every problem found, sorted by file and line.
pub fn check(root: &Path, options: &SiteOptions) -> Vec<Diagnostic> {
    // Every page is rendered, so that template problems show, and then dropped.
    let rendered =
        ready_site(root, options).and_then(|(site, theme)| render_ready(site, &theme, &|_| Ok(())));
    match rendered {
        Ok(site) => site.diagnostics,
        Err(mut problems) => {
            diagnostics::sort(&mut problems);
            problems
        }
    }
}

/// Builds the site into its output folder; the old output survives any failure.
///
/// The output folder is held from before the site is read until its new pages are in
/// place, so a second build of the same output waits for this one (see
/// [`write::lock_output`]) and then reads the site as it is by then.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Vec<Diagnostic>> {
    let started = Instant::now();
    let output = options.output_folder();
    write::check_output(&options.root, &output).map_err(|d| vec![d])?;
    require_site(&options.root)?;
    let held = write::lock_output(&output).map_err(|d| vec![d])?;
    let held_warnings = held.warnings().to_vec();
    let render_into = |staging: &write::Staging| {
        let (site, theme) = ready_site(&options.root, &options.site)?;
        let site = render_ready(site, &theme, &|page| staging.put(&page))?;
        Ok((site, staging.html_pages()))
    };
    let ((mut site, pages), written) =
        held.write_streamed(options.clean, render_into)
            .map_err(|mut problems| {
                problems.extend(held_warnings);
                diagnostics::sort(&mut problems);
                problems
            })?;
    let (articles, actors, topics) = (site.articles.len(), site.actors.len(), site.topics.len());
    let mut warnings = std::mem::take(&mut site.diagnostics);
    warnings.extend(written);
    // Freeing the site's many small parts need not hold up the report.
    std::thread::spawn(move || drop(site));
    Ok(BuildSummary {
        articles,
        actors,
        topics,
        pages,
        output,
        elapsed: started.elapsed(),
        warnings,
    })
}
