//! Markdown: the title is the first ATX (`# …`) or setext heading, else the first
//! non-empty line; the body is the text as written (markup is punctuation to the
//! analysers, and snippets show what the file says).

use super::Extracted;

/// Extracts a `.md` document.
pub fn extract(text: &str) -> Extracted {
    let lines: Vec<&str> = text.lines().collect();
    let mut title = None;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if t.starts_with('#') {
            let h = t.trim_start_matches('#');
            if h.is_empty() || h.starts_with(' ') {
                title = Some(h.trim().trim_end_matches('#').trim().to_string());
                break;
            }
        }
        if !t.is_empty() {
            if let Some(next) = lines.get(i + 1) {
                let n = next.trim();
                if !n.is_empty()
                    && (n.chars().all(|c| c == '=') || n.chars().all(|c| c == '-'))
                    && n.len() >= 2
                {
                    title = Some(t.to_string());
                    break;
                }
            }
        }
    }
    let title = title.unwrap_or_else(|| super::txt::title(text));
    Extracted {
        title,
        body: text.to_string(),
        ..Extracted::default()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn headings() {
        assert_eq!(
            super::extract("intro\n\n## Khoáng sản xanh ##\nbody").title,
            "Khoáng sản xanh"
        );
        assert_eq!(super::extract("綠色礦產\n====\nbody").title, "綠色礦產");
        assert_eq!(super::extract("#hashtag\nplain").title, "#hashtag");
    }
}
