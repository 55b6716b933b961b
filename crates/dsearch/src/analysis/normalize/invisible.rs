//! Invisible and control characters: zero-width spaces separate words; joiners, soft
//! hyphens, byte-order marks and bidirectional formatting marks vanish; control
//! characters become spaces.

/// What `c` is replaced with, or `None` when it stays.
pub fn replacement(c: char) -> Option<&'static str> {
    match c {
        '\u{200B}' => Some(" "),
        '\u{00AD}'
        | '\u{200C}'
        | '\u{200D}'
        | '\u{2060}'
        | '\u{FEFF}'
        | '\u{FE00}'..='\u{FE0F}' => Some(""),
        // Bidirectional marks, embeddings, overrides and isolates.
        '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}' => Some(""),
        '\t' | '\n' | '\r' => None,
        c if c.is_control() => Some(" "),
        '\u{2028}' | '\u{2029}' => Some("\n"),
        _ => None,
    }
}
