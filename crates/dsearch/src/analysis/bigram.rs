//! CJK bigrams, the recall representation: every pair of adjacent characters of a CJK
//! run, plus the run's last character alone. Character `i` of a run sits at position
//! `i`, so a phrase of bigrams finds any substring of two or more characters and a
//! prefix search on one character finds every occurrence of it.

/// Calls `emit(char_index, len_in_chars)` for each bigram of a run of `n` chars, then
/// for the final unigram. A run of one char gives one unigram.
pub fn bigrams(n: usize, mut emit: impl FnMut(usize, usize)) {
    if n == 0 {
        return;
    }
    for i in 0..n.saturating_sub(1) {
        emit(i, 2);
    }
    emit(n - 1, 1);
}

#[cfg(test)]
mod tests {
    use super::bigrams;

    #[test]
    fn shape() {
        let mut got = Vec::new();
        bigrams(4, |i, l| got.push((i, l)));
        assert_eq!(got, [(0, 2), (1, 2), (2, 2), (3, 1)]);
        got.clear();
        bigrams(1, |i, l| got.push((i, l)));
        assert_eq!(got, [(0, 1)]);
    }
}
