//! The JSON wire types of `dsearch query --json` and `dsearch analyze --json`: plain
//! serde structs, so that programs (and dsearch's own tests) decode them instead of
//! comparing strings. Field names are a contract: add fields, never rename them.

use serde::{Deserialize, Serialize};

use crate::analysis::{chinese, japanese, Analysis, Representation};
use crate::search::Hit;

/// One line of `dsearch query --json`: one hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonHit {
    /// The file, relative to the current directory where it can be; null for a document
    /// added from memory.
    pub path: Option<String>,
    /// The document's id, else null.
    pub id: Option<String>,
    /// The document's url, else null.
    pub url: Option<String>,
    /// The title.
    pub title: String,
    /// ISO 639-1 language code.
    pub lang: String,
    /// Relevance score: higher is better, hits come in its order (unless sorted by a
    /// field). Only comparable within one query.
    pub score: f64,
    /// How many of the query's content words the document holds ("k" of "k of n").
    pub matched_words: usize,
    /// How many content words the query has ("n").
    pub query_words: usize,
    /// The content words the document does not hold, as typed.
    pub missing: Vec<String>,
    /// Those of `missing` that the document holds with other diacritics than typed.
    #[serde(default)]
    pub other_forms: Vec<String>,
    /// Those of `missing` whose syllables it holds apart (`lưu` … `tệp` for `lưu tệp`).
    #[serde(default)]
    pub apart: Vec<String>,
    /// Metadata: text and dates as strings (dates as given), numbers, lists.
    #[serde(default)]
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// The snippet text.
    pub snippet: String,
    /// `[start, end)` byte offsets into `snippet`, one per highlighted word.
    pub highlights: Vec<[usize; 2]>,
    /// The same ranges as character offsets into `snippet`.
    pub highlights_chars: Vec<[usize; 2]>,
    /// With `--explain`: which terms matched and how the score was formed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<serde_json::Value>,
}

impl JsonHit {
    /// The wire form of a hit; `path` is the hit's path as the caller shows it
    /// (relative to the current directory for the command line).
    pub fn from_hit(h: &Hit, path: Option<String>) -> JsonHit {
        JsonHit {
            path,
            id: h.id.clone(),
            url: h.url.clone(),
            title: h.title.clone(),
            lang: h.lang.clone(),
            score: h.score,
            matched_words: h.matched_words,
            query_words: h.query_words,
            missing: h.missing.clone(),
            other_forms: h.other_forms.clone(),
            apart: h.apart.clone(),
            fields: h
                .fields
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect(),
            snippet: h.snippet.text.clone(),
            highlights: h.snippet.highlights.iter().map(|&(s, e)| [s, e]).collect(),
            highlights_chars: char_ranges(&h.snippet.text, &h.snippet.highlights),
            explanation: h
                .explanation
                .as_ref()
                .and_then(|e| serde_json::to_value(e).ok()),
        }
    }
}

/// The output of `dsearch analyze --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonAnalysis {
    /// The language the text was analysed as.
    pub lang: String,
    /// Every token of every representation.
    pub tokens: Vec<JsonToken>,
    /// Which dictionaries were loaded to analyse the text.
    pub loaded: JsonLoaded,
}

impl JsonAnalysis {
    /// The wire form of the analysis of a text in language `lang`.
    pub fn from_analysis(lang: &str, a: &Analysis) -> JsonAnalysis {
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
        JsonAnalysis {
            lang: lang.to_string(),
            tokens,
            loaded: JsonLoaded {
                jieba: chinese::is_loaded(),
                lindera: japanese::is_loaded(),
            },
        }
    }
}

/// One token of `dsearch analyze --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonToken {
    /// `words`, `folded` or `bigrams`.
    pub field: String,
    /// The indexed term.
    pub text: String,
    /// Byte offset into the analysed text.
    pub from: usize,
    /// Byte offset of the end into the analysed text.
    pub to: usize,
    /// Position.
    pub position: u32,
}

/// Dictionaries loaded in the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonLoaded {
    /// jieba (Chinese).
    pub jieba: bool,
    /// lindera IPADIC (Japanese).
    pub lindera: bool,
}

/// Converts byte ranges into a string to character ranges.
pub fn char_ranges(text: &str, ranges: &[(usize, usize)]) -> Vec<[usize; 2]> {
    ranges
        .iter()
        .map(|&(s, e)| [text[..s].chars().count(), text[..e].chars().count()])
        .collect()
}
