//! The token list of one representation: every term lives in one shared buffer, so a
//! token costs no allocation of its own (two `String`s per word were a fifth of the
//! analysis time and most of its memory).

use std::fmt;

/// One token: its term, its byte range in the original text, its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The indexed term.
    pub text: &'a str,
    /// Byte offset of the token's first char in the original text.
    pub from: usize,
    /// Byte offset just past the token's last char in the original text.
    pub to: usize,
    /// Position, for phrase queries.
    pub position: u32,
}

/// Where one token's term ends in the buffer, and the rest of the token: 16 bytes, so
/// a representation holds at most 4 GiB of terms and offsets (a token past that, in a
/// text of over 4 GiB, is dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    end: u32,
    from: u32,
    to: u32,
    position: u32,
}

impl Entry {
    /// The token, given the buffer and where its term starts (the previous entry's end).
    fn token(self, terms: &str, start: usize) -> Token<'_> {
        Token {
            text: &terms[start..self.end as usize],
            from: self.from as usize,
            to: self.to as usize,
            position: self.position,
        }
    }
}

/// The tokens of one representation, in order.
///
/// Terms are stored back to back in one buffer; a term under construction is written at
/// the end of the buffer (`pending`) and becomes a token with
/// `commit`, or is dropped with `discard`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    terms: String,
    entries: Vec<Entry>,
}

impl Tokens {
    /// An empty list with room for `tokens` tokens whose terms take `bytes` bytes.
    pub fn with_capacity(tokens: usize, bytes: usize) -> Tokens {
        Tokens {
            terms: String::with_capacity(bytes),
            entries: Vec::with_capacity(tokens),
        }
    }

    /// The number of tokens.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no token.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `i`th token.
    pub fn get(&self, i: usize) -> Option<Token<'_>> {
        let e = self.entries.get(i)?;
        let start = match i {
            0 => 0,
            _ => self.entries[i - 1].end as usize,
        };
        Some(e.token(&self.terms, start))
    }

    /// The tokens, in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            terms: &self.terms,
            entries: self.entries.iter(),
            start: 0,
        }
    }

    /// The tokens as a vector, for code that slices runs of them.
    pub fn to_vec(&self) -> Vec<Token<'_>> {
        self.iter().collect()
    }

    /// Appends a token.
    pub fn push(&mut self, text: &str, from: usize, to: usize, position: u32) {
        debug_assert!(self.pending().is_empty(), "a term was left pending");
        self.terms.truncate(self.committed());
        self.terms.push_str(text);
        self.commit(from, to, position);
    }

    /// The buffer, to write the next term at its end (after any term being built).
    pub(crate) fn buffer(&mut self) -> &mut String {
        &mut self.terms
    }

    /// The term written since the last token.
    pub(crate) fn pending(&self) -> &str {
        &self.terms[self.committed()..]
    }

    /// Makes the pending term a token (dropped past 4 GiB: see [`Entry`]).
    pub(crate) fn commit(&mut self, from: usize, to: usize, position: u32) {
        match (
            u32::try_from(self.terms.len()),
            u32::try_from(from),
            u32::try_from(to),
        ) {
            (Ok(end), Ok(from), Ok(to)) => self.entries.push(Entry {
                end,
                from,
                to,
                position,
            }),
            _ => self.discard(),
        }
    }

    /// Bytes of memory the list holds.
    pub fn memory(&self) -> usize {
        self.terms.capacity() + self.entries.capacity() * std::mem::size_of::<Entry>()
    }

    /// Drops the pending term.
    pub(crate) fn discard(&mut self) {
        self.terms.truncate(self.committed());
    }

    fn committed(&self) -> usize {
        self.entries.last().map_or(0, |e| e.end as usize)
    }
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for &'a Tokens {
    type Item = Token<'a>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The iterator of [`Tokens::iter`].
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    terms: &'a str,
    entries: std::slice::Iter<'a, Entry>,
    start: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let e = self.entries.next()?;
        let token = e.token(self.terms, self.start);
        self.start = e.end as usize;
        Some(token)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_share_one_buffer() {
        let mut t = Tokens::default();
        t.push("khoáng", 0, 7, 0);
        t.buffer().push_str("sả");
        t.buffer().push('n');
        assert_eq!(t.pending(), "sản");
        t.commit(8, 13, 1);
        t.buffer().push_str("dropped");
        t.discard();
        t.push("xanh", 14, 18, 2);
        let got: Vec<(&str, usize, usize, u32)> = t
            .iter()
            .map(|k| (k.text, k.from, k.to, k.position))
            .collect();
        assert_eq!(
            got,
            [("khoáng", 0, 7, 0), ("sản", 8, 13, 1), ("xanh", 14, 18, 2)]
        );
        assert_eq!(t.len(), 3);
        assert_eq!(t.get(1).map(|k| k.text), Some("sản"));
        assert_eq!(t.get(3), None);
        assert_eq!(t.to_vec()[2].text, "xanh");
    }
}
