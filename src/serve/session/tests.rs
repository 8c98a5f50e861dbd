//! The session's carried-over results against results worked out afresh.

use super::files::{LoadCache, load_cached};
use super::readings::{AnalysisCache, carried_over, resolve_cached};
use crate::load;
use crate::resolve::{ResolveOptions, Site, resolve};
use crate::testing::write;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

fn article(root: &Path, n: usize, day: usize, actors: &[usize], topics: &[usize]) {
    let list = |prefix: &str, items: &[usize]| {
        let slugs: Vec<String> = items.iter().map(|i| format!("{prefix}{i}")).collect();
        slugs.join(", ")
    };
    let text = format!(
        "---\ntitle: Story {n}\ndate: 2025-01-{day:02}\nactors: [{}]\ntopics: [{}]\n---\nText {n}.\n",
        list("a", actors),
        list("t", topics)
    );
    // A later modification time, so the load sees the change whatever the clock.
    write(root, &format!("content/articles/s{n:02}.md"), &text);
    let file = fs::File::options()
        .write(true)
        .open(root.join(format!("content/articles/s{n:02}.md")))
        .unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(n as u64 + 5);
    file.set_modified(later).unwrap();
}

/// Each article's related articles, by slug.
fn related_by_slug(site: &Site) -> BTreeMap<String, Vec<String>> {
    let slug = |i: usize| site.articles[i].article.origin.slug.clone();
    (0..site.articles.len())
        .map(|i| {
            (
                slug(i),
                site.articles[i].related.iter().map(|&r| slug(r)).collect(),
            )
        })
        .collect()
}

#[test]
fn related_lists_carried_over_match_lists_worked_out_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for a in 0..6 {
        write(
            root,
            &format!("content/actors/a{a}.md"),
            &format!("---\nname: Actor {a}\n---\nA.\n"),
        );
    }
    for t in 0..3 {
        write(
            root,
            &format!("content/topics/t{t}.md"),
            &format!("---\nname: Topic {t}\n---\nT.\n"),
        );
    }
    for n in 0..40 {
        article(root, n, 1 + n % 28, &[n % 6, (n * 7 + 1) % 6], &[n % 3]);
    }
    let options = ResolveOptions::default();
    // As serve does: files read once stay the same values, so unchanged articles are known.
    let mut files = LoadCache::default();
    let mut cache = AnalysisCache::default();
    let mut last = resolve_cached(load_cached(root, &mut files), options, &mut cache, None);
    let edits: [&dyn Fn(); 5] = [
        &|| article(root, 3, 27, &[3, 4], &[0]),
        &|| article(root, 10, 10, &[5], &[1, 2]),
        &|| article(root, 40, 15, &[0, 1], &[2]),
        &|| fs::remove_file(root.join("content/articles/s21.md")).unwrap(),
        &|| article(root, 7, 2, &[2], &[]),
    ];
    let mut kept = 0;
    for (step, edit) in edits.iter().enumerate() {
        edit();
        let carried = resolve_cached(
            load_cached(root, &mut files),
            options,
            &mut cache,
            Some(&last),
        );
        let fresh = resolve(load::load(root), options);
        assert_eq!(
            related_by_slug(&carried),
            related_by_slug(&fresh),
            "after edit {step}"
        );
        // Some of them were taken from the last site: carrying over did happen.
        let lists = carried_over(&carried.articles, &last.articles).unwrap();
        for (node, list) in carried.articles.iter().zip(&lists) {
            if let Some(list) = list {
                assert_eq!(list, &node.related, "after edit {step}");
                kept += 1;
            }
        }
        last = carried;
    }
    assert!(kept > 100, "only {kept} lists were carried over");
}
