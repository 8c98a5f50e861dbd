//! The layout of `src/` as ARCHITECTURE.md describes it: stage folders that import only
//! earlier stages, no import circle between modules, and no source file over 800 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use petgraph::algo::tarjan_scc;
use petgraph::graph::DiGraph;

/// Each top-level module and the modules it may import (`use crate::…`), in pipeline
/// order. ARCHITECTURE.md and each folder's opening lines say the same.
const MAY_IMPORT: &[(&str, &[&str])] = &[
    ("diagnostics", &[]),
    ("link_target", &[]),
    ("load", &["diagnostics", "link_target"]),
    ("text", &["diagnostics", "link_target", "load"]),
    ("resolve", &["diagnostics", "link_target", "load", "text"]),
    (
        "check",
        &["diagnostics", "link_target", "load", "text", "resolve"],
    ),
    (
        "search",
        &["diagnostics", "link_target", "load", "text", "resolve"],
    ),
    (
        "render",
        &[
            "diagnostics",
            "link_target",
            "load",
            "text",
            "resolve",
            "search",
        ],
    ),
    ("write", &["diagnostics", "link_target", "render"]),
    (
        "pipeline",
        &[
            "diagnostics",
            "link_target",
            "load",
            "text",
            "resolve",
            "check",
            "search",
            "render",
            "write",
        ],
    ),
    (
        "serve",
        &[
            "diagnostics",
            "link_target",
            "load",
            "text",
            "resolve",
            "check",
            "search",
            "render",
            "write",
            "pipeline",
        ],
    ),
    (
        "scaffold",
        &["diagnostics", "link_target", "load", "render", "pipeline"],
    ),
];

/// Longest a source file may be, unit tests included.
const MAX_LINES: usize = 800;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The module path of a file under `src/`: `src/render/article.rs` → `["render", "article"]`.
fn module_of(file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" && stem != "main" {
        parts.push(stem.to_string());
    }
    parts
}

/// The `crate::…` paths a file names outside comments, each as its module segments
/// (`use crate::{a::b, c}` gives `a::b` and `c`).
fn crate_paths(text: &str) -> Vec<Vec<String>> {
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut paths = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                paths.push(segments(item.trim()));
            }
        } else {
            paths.push(segments(rest));
        }
    }
    paths.retain(|p| !p.is_empty());
    paths
}

/// The leading `a::b::c` of `text`, as segments.
fn segments(text: &str) -> Vec<String> {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(text.len());
    text[..end]
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Top-level module → the top-level modules it names.
fn top_level_imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&src()) {
        let module = module_of(&file);
        let Some(own) = module.first() else { continue };
        if own == "main" || module.contains(&"tests".to_string()) {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        let entry = imports.entry(own.clone()).or_default();
        for path in crate_paths(&text) {
            if path[0] != *own && path[0] != "testing" {
                entry.insert(path[0].clone());
            }
        }
    }
    imports
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let imports = top_level_imports();
    let mut graph = DiGraph::<&str, ()>::new();
    let mut nodes = BTreeMap::new();
    for name in imports.keys().chain(imports.values().flatten()) {
        nodes
            .entry(name.as_str())
            .or_insert_with(|| graph.add_node(name.as_str()));
    }
    for (from, targets) in &imports {
        for to in targets {
            graph.add_edge(nodes[from.as_str()], nodes[to.as_str()], ());
        }
    }
    let circles: Vec<Vec<&str>> = tarjan_scc(&graph)
        .into_iter()
        .filter(|scc| scc.len() > 1)
        .map(|scc| scc.into_iter().map(|n| graph[n]).collect())
        .collect();
    assert!(circles.is_empty(), "import circles: {circles:?}");
    // The check sees real imports: render names resolve, and load names diagnostics.
    assert!(imports["render"].contains("resolve"), "{imports:?}");
    assert!(imports["load"].contains("diagnostics"), "{imports:?}");
    assert!(imports["load"].contains("link_target"), "{imports:?}");
}

#[test]
fn each_stage_imports_only_earlier_stages() {
    let allowed: BTreeMap<&str, &[&str]> = MAY_IMPORT.iter().copied().collect();
    for (module, targets) in top_level_imports() {
        if module == "lib" || module.is_empty() {
            continue;
        }
        let Some(may) = allowed.get(module.as_str()) else {
            panic!("src/{module} is not in MAY_IMPORT (nor in ARCHITECTURE.md)");
        };
        for target in targets {
            assert!(
                may.contains(&target.as_str()),
                "src/{module} imports crate::{target}, which it may not touch"
            );
        }
    }
}

#[test]
fn no_source_file_is_over_800_lines() {
    let long: Vec<String> = rust_files(&src())
        .into_iter()
        .filter_map(|file| {
            let lines = fs::read_to_string(&file).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", file.display()))
        })
        .collect();
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:?}");
}

#[test]
fn crate_paths_are_read_from_use_lines_and_code() {
    let text = "use crate::{load::Corpus, text};\n// crate::serve\nlet x = crate::render::urls::Urls::new();\n";
    let found = crate_paths(text);
    assert_eq!(
        found,
        vec![
            vec!["load".to_string(), "Corpus".to_string()],
            vec!["text".to_string()],
            vec![
                "render".to_string(),
                "urls".to_string(),
                "Urls".to_string(),
                "new".to_string()
            ],
        ]
    );
}
