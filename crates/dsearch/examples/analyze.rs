//! Analyse text and print its tokens: what the index holds for a text, and why a query
//! matches it (the same analysis serves documents and queries).
//!
//! ```sh
//! cargo run --release --example analyze -- "關西國際空港を改装した"
//! ```

use dsearch::analysis::{self, detect, Representation};

fn main() {
    let text = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "Hợp tác khoáng sản xanh, 綠色礦產合作".into());
    // Documents are detected as one language; the language decides how Han characters
    // are cut (Chinese with jieba, Japanese with lindera when the text has kana).
    let lang = detect::detect(&text);
    let a = analysis::analyze(&text, lang);
    println!("language: {lang}");
    for r in Representation::ALL {
        for t in a.tokens(r) {
            // Offsets are byte offsets into the original text, whatever normalisation
            // (NFC, width, traditional to simplified) ran.
            println!(
                "{:<8} {:>3}  {:>3}..{:<3} {:<12} ({})",
                r.name(),
                t.position,
                t.from,
                t.to,
                t.text,
                &text[t.from..t.to]
            );
        }
    }
    if a.japanese_dictionary_missing {
        println!("(no Japanese dictionary: run scripts/ipadic.sh)");
    }
}
