//! Plain text: the title is the first non-empty line with words in it (web-page
//! debris such as `- +1` is passed over), the body is the whole text.

use super::Extracted;

/// Extracts a `.txt` document.
pub fn extract(text: &str) -> Extracted {
    Extracted {
        title: title(text),
        body: text.to_string(),
        ..Extracted::default()
    }
}

/// The first non-empty line with at least two letters, else the first non-empty line.
pub fn title(text: &str) -> String {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.clone().next().unwrap_or("");
    lines
        .find(|l| l.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .unwrap_or(first)
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn first_non_empty_line() {
        let d = super::extract("\n\n  Tiêu đề  \nthân bài");
        assert_eq!(d.title, "Tiêu đề");
        assert_eq!(d.body, "\n\n  Tiêu đề  \nthân bài");
    }

    #[test]
    fn debris_lines_are_not_titles() {
        assert_eq!(
            super::extract("- +1\n中國-中亞外長第五次會晤\n").title,
            "中國-中亞外長第五次會晤"
        );
        assert_eq!(super::extract("12345\n").title, "12345");
    }
}
