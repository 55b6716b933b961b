//! Plain text: the title is the first non-empty line with words in it (web-page
//! debris such as `- +1` is passed over), cut to [`MAX_TITLE_CHARS`]; the body is the
//! whole text.

use super::Extracted;

/// The longest title taken from a line of the text, in chars: a text written as one
/// long paragraph would otherwise be its own title, shown in full with every hit.
pub const MAX_TITLE_CHARS: usize = 200;

/// Extracts a `.txt` document.
pub fn extract(text: &str) -> Extracted {
    Extracted {
        title: title(text),
        body: text.to_string(),
        ..Extracted::default()
    }
}

/// The first non-empty line with at least two letters, else the first non-empty line;
/// lines end at `\n`, `\r\n` or a lone `\r` (old Mac text). A line longer than
/// [`MAX_TITLE_CHARS`] is cut at the last space before it (within its last fifth), else
/// at it, and ends with `…`.
pub fn title(text: &str) -> String {
    let mut lines = text
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let first = lines.clone().next().unwrap_or("");
    let line = lines
        .find(|l| l.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .unwrap_or(first);
    shorten(line)
}

/// `line` cut to [`MAX_TITLE_CHARS`], as [`title`] says.
fn shorten(line: &str) -> String {
    let floor = MAX_TITLE_CHARS - MAX_TITLE_CHARS / 5;
    match crate::truncate::cut_between_words(line, MAX_TITLE_CHARS, floor) {
        Some(end) => format!("{}…", line[..end].trim_end()),
        None => line.to_string(),
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

    #[test]
    fn debris_lines_are_not_titles() {
        assert_eq!(
            super::extract("- +1\n中國-中亞外長第五次會晤\n").title,
            "中國-中亞外長第五次會晤"
        );
        assert_eq!(super::extract("12345\n").title, "12345");
    }

    #[test]
    fn a_long_line_is_cut_at_a_space_and_a_lone_cr_ends_a_line() {
        let long = "Việt Nam ".repeat(100);
        let t = super::extract(&long).title;
        assert!(t.ends_with("Nam…"), "{t}");
        assert!(t.chars().count() <= super::MAX_TITLE_CHARS + 1, "{t}");
        assert!(t.chars().count() > super::MAX_TITLE_CHARS * 4 / 5, "{t}");
        // No space to cut at: cut at the limit.
        let han = "中".repeat(300);
        let t = super::extract(&han).title;
        assert_eq!(t, format!("{}…", "中".repeat(super::MAX_TITLE_CHARS)));
        assert_eq!(super::extract("Tiêu đề\rthân bài\r").title, "Tiêu đề");
        assert_eq!(super::extract("Tiêu đề\r\nthân bài").title, "Tiêu đề");
    }
}
