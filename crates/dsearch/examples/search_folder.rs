//! Index a folder of documents and search it: what `dsearch index` and `dsearch query`
//! do, in a few lines of your own program.
//!
//! ```sh
//! cargo run --release --example search_folder -- corpus "khoáng sản xanh"
//! ```

use std::path::PathBuf;

use dsearch::{Index, SearchOptions, UpdateOptions};

fn main() -> Result<(), dsearch::Error> {
    let mut args = std::env::args().skip(1);
    let folder = PathBuf::from(args.next().unwrap_or_else(|| "corpus".into()));
    let query = args.next().unwrap_or_else(|| "khoang san xanh".into());

    // The index lives in a directory of its own; here a temporary one, so the example
    // leaves nothing behind. `Index::open_or_create` opens it or makes a new one.
    let tmp = std::env::temp_dir().join(format!("dsearch-example-{}", std::process::id()));
    let index = Index::open_or_create(tmp.join(".dsearch"))?;

    // Walk the folder: txt, md, html and jsonl files; the language of each document is
    // detected. Running it again re-reads only what changed.
    let report = index.update(&[folder], &UpdateOptions::default(), &mut |_| {})?;
    println!(
        "indexed {} files ({} documents), {} warnings",
        report.added + report.updated,
        report.documents,
        report.warnings.len()
    );

    // Search: words, "phrases", -exclusions, OR, title:, lang:, metadata filters.
    let results = index.search(&query, &SearchOptions::default().limit(5))?;
    for hit in &results.hits {
        let path = hit.path.as_ref().map(|p| p.display().to_string());
        println!(
            "\n{} [{}] {} of {} words",
            path.unwrap_or_default(),
            hit.lang,
            hit.matched_words,
            hit.query_words
        );
        println!("  {}", hit.title);
        // The snippet's highlights are byte ranges into its text.
        let mut line = String::new();
        let mut at = 0;
        for &(a, b) in &hit.snippet.highlights {
            line.push_str(&hit.snippet.text[at..a]);
            line.push('[');
            line.push_str(&hit.snippet.text[a..b]);
            line.push(']');
            at = b;
        }
        line.push_str(&hit.snippet.text[at..]);
        println!("  {line}");
    }
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}
