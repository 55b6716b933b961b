//! The judged query set: every query of `tests/judged.tsv` over `corpus/` and
//! `tests/data/judged/` must put its judged documents first, above the ones judged
//! lower (which must be found too). One test reports every failing query at once.

use std::path::{Path, PathBuf};

use dsearch::{Hit, Index, SearchOptions, UpdateOptions};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// The file stem of a hit's document (the judged set names documents so).
fn stem(h: &Hit) -> String {
    let path = h.path.as_ref().expect("documents from files");
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn judged_queries_rank_judged_documents_first() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    copy_dir(&repo().join("corpus"), &docs);
    copy_dir(&repo().join("tests/data/judged"), &docs);
    let index = Index::open_or_create(tmp.path().join(".dsearch")).unwrap();
    let report = index
        .update(&[docs], &UpdateOptions::default(), &mut |_| {})
        .unwrap();
    assert_eq!(report.skipped, 0, "{:?}", report.warnings);

    let judged = std::fs::read_to_string(repo().join("tests/judged.tsv")).unwrap();
    let mut failures = Vec::new();
    let mut count = 0;
    for line in judged.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (query, first, below, rule) = (
            cols[0],
            cols[1],
            cols.get(2).copied().unwrap_or(""),
            cols.get(3).copied().unwrap_or(""),
        );
        let first: Vec<&str> = first.split(',').filter(|s| !s.is_empty()).collect();
        let below: Vec<&str> = below.split(',').filter(|s| !s.is_empty()).collect();
        count += 1;
        let options = SearchOptions::default().limit(50).snippets(false);
        let hits = index.search(query, &options).unwrap().hits;
        let stems: Vec<String> = hits.iter().map(stem).collect();
        // Once a page is full, candidates that cannot enter it are skipped unread: a
        // short page must be the start of a long one, with the same scores.
        let long: Vec<(String, u64)> = stems
            .iter()
            .zip(&hits)
            .map(|(s, h)| (s.clone(), h.score.to_bits()))
            .collect();
        for k in [1, 2, 3] {
            let short = index
                .search(query, &SearchOptions::default().limit(k).snippets(false))
                .unwrap()
                .hits;
            let short: Vec<(String, u64)> =
                short.iter().map(|h| (stem(h), h.score.to_bits())).collect();
            if short[..] != long[..k.min(long.len())] {
                failures.push(format!(
                    "{query:?}: the top {k} {short:?} is not the start of the top 50 {long:?}"
                ));
            }
        }
        let mut top: Vec<&str> = stems.iter().take(first.len()).map(String::as_str).collect();
        top.sort_unstable();
        let mut want = first.clone();
        want.sort_unstable();
        if top != want {
            failures.push(format!("{query:?} ({rule}): first {want:?}, got {stems:?}"));
            continue;
        }
        for b in &below {
            match stems.iter().position(|s| s == b) {
                Some(i) if i >= first.len() => {}
                Some(i) => failures.push(format!(
                    "{query:?} ({rule}): {b} at {i}, above the judged ones: {stems:?}"
                )),
                None => failures.push(format!(
                    "{query:?} ({rule}): {b} not found at all: {stems:?}"
                )),
            }
        }
    }
    assert!(count >= 15, "the judged set has {count} queries");
    assert!(
        failures.is_empty(),
        "{} of {count} judged queries fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
