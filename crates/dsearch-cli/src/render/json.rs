//! JSON Lines output, through the library's wire types ([`dsearch::wire`]).

use std::io::Write;
use std::path::Path;

use dsearch::analysis::{chinese, japanese, Analysis, Representation};
use dsearch::wire::{char_ranges, JsonAnalysis, JsonHit, JsonLoaded, JsonToken};
use dsearch::SearchResults;

/// One JSON object per hit per line.
pub fn hits(out: &mut impl Write, results: &SearchResults, cwd: &Path) -> std::io::Result<()> {
    for h in &results.hits {
        let hit = JsonHit {
            path: h
                .path
                .as_ref()
                .map(|p| super::display_path(p, cwd).to_string_lossy().into_owned()),
            id: h.id.clone(),
            url: h.url.clone(),
            title: h.title.clone(),
            lang: h.lang.clone(),
            score: h.score,
            matched_words: h.matched_words,
            query_words: h.query_words,
            missing: h.missing.clone(),
            snippet: h.snippet.text.clone(),
            highlights: h.snippet.highlights.iter().map(|&(s, e)| [s, e]).collect(),
            highlights_chars: char_ranges(&h.snippet.text, &h.snippet.highlights),
            explanation: h
                .explanation
                .as_ref()
                .map(|e| serde_json::to_value(e).expect("explanations serialise")),
        };
        serde_json::to_writer(&mut *out, &hit)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The analysis of a text as one JSON object.
pub fn analysis(
    out: &mut impl Write,
    _text: &str,
    lang: &str,
    a: &Analysis,
) -> std::io::Result<()> {
    let mut tokens = Vec::new();
    for r in Representation::ALL {
        for t in a.tokens(r) {
            tokens.push(JsonToken {
                field: r.name().to_string(),
                text: t.text.to_string(),
                from: t.from,
                to: t.to,
                position: t.position,
            });
        }
    }
    let doc = JsonAnalysis {
        lang: lang.to_string(),
        tokens,
        loaded: JsonLoaded {
            jieba: chinese::is_loaded(),
            lindera: japanese::is_loaded(),
        },
    };
    serde_json::to_writer(&mut *out, &doc)?;
    out.write_all(b"\n")
}
