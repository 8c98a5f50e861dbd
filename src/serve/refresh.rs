//! The refresher: a thread that renders the pages a rebuild left stale (see
//! [`Session::render_stale`]), a batch at a time, those a request waits for first, and puts
//! them into the pages served. It holds the session only for one batch, so an edit that
//! comes meanwhile waits at most that long.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::thread;
use std::time::Instant;

use super::{Builds, Shared, failed, lock, lock_session};

/// Pages rendered per turn: tens of milliseconds of work at 10,000 articles, which is the
/// longest an edit waits for the refresher.
const BATCH: usize = 128;

/// Starts the refresher thread.
pub(super) fn start(builds: Builds, shared: Shared, root: PathBuf) -> io::Result<()> {
    thread::Builder::new()
        .name("serve-refresh".to_string())
        .spawn(move || refresh(&builds, &shared, &root))
        .map(|_| ())
}

fn refresh(builds: &Builds, shared: &Shared, root: &std::path::Path) {
    // When the stale pages now being rendered began, and how many are done.
    let mut started: Option<(Instant, usize)> = None;
    loop {
        let first = {
            let live = lock(shared);
            let mut live = shared
                .1
                .wait_while(live, |live| live.stale.is_empty())
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            std::mem::take(&mut live.waited_for)
        };
        let mut session = lock_session(builds);
        let (since, done) = started.get_or_insert((Instant::now(), 0));
        let (tried, rendered) = session.render_stale(&first, BATCH);
        // The session is still held: no rebuild can change what is stale meanwhile.
        let mut live = lock(shared);
        *done += tried.len();
        for path in &tried {
            live.stale.remove(path);
        }
        match rendered {
            Ok(pages) => {
                for page in pages {
                    live.pages.insert(page.path, Arc::new(page.bytes));
                }
            }
            Err(problems) => {
                failed(&mut live, problems, root, |errors| {
                    format!(
                        "Rendering stale pages failed with {errors} error(s); still serving their last good version"
                    )
                });
                live.version += 1;
            }
        }
        if session.stale_pages().is_empty() {
            live.stale.clear();
            println!(
                "  and {done} stale pages rendered in the background in {} ms",
                since.elapsed().as_millis()
            );
            started = None;
        }
        shared.1.notify_all();
    }
}
