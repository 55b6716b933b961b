//! Cutting a text to a number of characters between words: a long query
//! ([`crate::query::plan::analysed_part`]) and a title taken from a long line
//! ([`crate::extract::txt::title`]).

/// Where to cut `text` so that it keeps at most `max` chars: after the last white space
/// among its first `max` chars when that leaves at least `floor` chars (a word is not
/// cut in two), else at `max` chars. `None` when `text` has no more than `max` chars.
pub(crate) fn cut_between_words(text: &str, max: usize, floor: usize) -> Option<usize> {
    let (limit, _) = text.char_indices().nth(max)?;
    let floor = text.char_indices().nth(floor).map_or(0, |(i, _)| i);
    Some(
        text[..limit]
            .rfind(char::is_whitespace)
            .filter(|&i| i >= floor)
            .unwrap_or(limit),
    )
}

#[cfg(test)]
mod tests {
    use super::cut_between_words;

    #[test]
    fn cuts_after_the_last_space_above_the_floor() {
        assert_eq!(cut_between_words("ab cd", 5, 2), None);
        assert_eq!(cut_between_words("ab cd ef", 6, 2), Some(5));
        // The last space is below the floor: cut at the limit, on a char boundary.
        assert_eq!(cut_between_words("a bcdefgh", 6, 3), Some(6));
        assert_eq!(cut_between_words("綠色礦產合作", 4, 2), Some(12));
    }
}
