//! JSON Lines output, through the library's wire types ([`dsearch::wire`]).

use std::io::Write;
use std::path::Path;

use dsearch::analysis::Analysis;
use dsearch::wire::{JsonAnalysis, JsonHit};
use dsearch::SearchResults;

/// One JSON object per hit per line.
pub fn hits(out: &mut impl Write, results: &SearchResults, cwd: &Path) -> std::io::Result<()> {
    for h in &results.hits {
        let path = h
            .path
            .as_ref()
            .map(|p| super::display_path(p, cwd).to_string_lossy().into_owned());
        serde_json::to_writer(&mut *out, &JsonHit::from_hit(h, path))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The analysis of a text as one JSON object.
pub fn analysis(out: &mut impl Write, lang: &str, a: &Analysis) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &JsonAnalysis::from_analysis(lang, a))?;
    out.write_all(b"\n")
}
