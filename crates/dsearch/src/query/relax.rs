//! The query searched again when its quoted phrases match nothing: each phrase read as
//! its words ([`ParsedQuery::phrases_apart`]).
//!
//! A quoted phrase is required of every hit, so a phrase no document holds, with the
//! rest of the query, leaves the page empty. That is most often a pasted title or
//! sentence whose quotes are part of the text (`别程序の "調理" する …`, a heading
//! between `“…”`), or a phrase the documents word otherwise. The search then runs the
//! query with those phrases as plain words, ranked in tiers like any, and says so.
//! Where some document holds the phrase, it stays strict: every hit holds it.

use super::parser::{Clause, ParsedQuery};

impl ParsedQuery {
    /// The query with each quoted phrase that stands alone (not in an `OR` group, not
    /// a `title:` clause) split at white space into plain words, and those phrases as
    /// typed (`"…"`); `None` when the query has no such phrase. The words inside the
    /// quotes are read as words only: `-`, `OR` and `name:` in them stay text.
    pub fn phrases_apart(&self) -> Option<(ParsedQuery, Vec<String>)> {
        let lone_phrase = |g: &[Clause]| matches!(g, [c] if c.phrase && !c.title_only);
        if !self.groups.iter().any(|g| lone_phrase(g)) {
            return None;
        }
        let mut relaxed = ParsedQuery {
            groups: Vec::new(),
            apart: Vec::new(),
            ..self.clone()
        };
        let mut phrases = Vec::new();
        for (i, group) in self.groups.iter().enumerate() {
            let apart = self.apart.get(i).copied().unwrap_or(false);
            if !lone_phrase(group) {
                relaxed.groups.push(group.clone());
                relaxed.apart.push(apart);
                continue;
            }
            let phrase = &group[0];
            phrases.push(format!("\"{}\"", phrase.text));
            for (j, word) in phrase.text.split_whitespace().enumerate() {
                relaxed.groups.push(vec![Clause {
                    text: word.to_string(),
                    phrase: false,
                    title_only: false,
                }]);
                relaxed.apart.push(apart && j == 0);
            }
        }
        Some((relaxed, phrases))
    }
}

#[cfg(test)]
mod tests {
    use crate::query::parse;

    fn texts(q: &crate::query::ParsedQuery) -> Vec<Vec<(String, bool)>> {
        q.groups
            .iter()
            .map(|g| g.iter().map(|c| (c.text.clone(), c.phrase)).collect())
            .collect()
    }

    #[test]
    fn lone_phrases_become_their_words() {
        let (q, phrases) = parse(r#"lũ "sông Cửu Long" -"cá tra""#)
            .phrases_apart()
            .unwrap();
        assert_eq!(phrases, [r#""sông Cửu Long""#]);
        let words = |ws: &[&str]| -> Vec<Vec<(String, bool)>> {
            ws.iter().map(|w| vec![(w.to_string(), false)]).collect()
        };
        assert_eq!(texts(&q), words(&["lũ", "sông", "Cửu", "Long"]));
        // Exclusions are left as they are: a phrase left out stays a phrase.
        assert_eq!(q.excluded.len(), 1);
        assert!(q.excluded[0].phrase);
        assert_eq!(q.apart, [false, false, false, false]);
    }

    #[test]
    fn syntax_inside_the_quotes_stays_text() {
        let (q, _) = parse(r#""a OR -b title:c""#).phrases_apart().unwrap();
        assert_eq!(
            texts(&q),
            [
                vec![("a".to_string(), false)],
                vec![("OR".to_string(), false)],
                vec![("-b".to_string(), false)],
                vec![("title:c".to_string(), false)],
            ]
        );
        assert!(q.excluded.is_empty());
    }

    #[test]
    fn phrases_that_are_not_required_are_kept() {
        // In an `OR` group a phrase is not required, and `title:` is a filter the user
        // asked for: neither empties the page alone, so neither is relaxed.
        assert!(parse(r#""a b" OR c"#).phrases_apart().is_none());
        assert!(parse(r#"title:"a b" c"#).phrases_apart().is_none());
        assert!(parse("a b").phrases_apart().is_none());
    }

    #[test]
    fn an_exclusion_before_a_phrase_still_parts_it() {
        let q = parse(r#"a -x "b c""#);
        assert_eq!(q.apart, [false, true]);
        let (r, _) = q.phrases_apart().unwrap();
        assert_eq!(r.apart, [false, true, false]);
    }
}
