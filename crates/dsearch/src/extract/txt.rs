//! Plain text: the title is the first non-empty line, the body is the whole text.

use super::Extracted;

/// Extracts a `.txt` document.
pub fn extract(text: &str) -> Extracted {
    let title = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_string();
    Extracted {
        title,
        body: text.to_string(),
        ..Extracted::default()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn first_non_empty_line() {
        let d = super::extract("\n\n  Tiêu đề  \nthân bài");
        assert_eq!(d.title, "Tiêu đề");
        assert_eq!(d.body, "\n\n  Tiêu đề  \nthân bài");
    }
}
