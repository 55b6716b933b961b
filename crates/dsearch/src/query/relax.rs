//! The query searched again when its quoted phrases match nothing: each phrase that no
//! document holds read as its words ([`ParsedQuery::phrases_apart`]).
//!
//! A quoted phrase is required of every hit, so a phrase no document holds, with the
//! filters of the query, leaves the page empty. That is most often a pasted title or
//! sentence whose quotes are part of the text (`别程序の "調理" する …`, a heading
//! between `“…”`), or a phrase the documents word otherwise. The search then runs the
//! query with those phrases as plain words, ranked in tiers like any, and says so.
//! A phrase some document holds stays strict: every hit holds it.

use super::parser::{Clause, ParsedQuery};
use crate::error::Result;

impl ParsedQuery {
    /// The query with each quoted phrase that stands alone (not in an `OR` group, not
    /// a `title:` clause) and that `held` says no document holds split at white space
    /// into plain words, and those phrases as typed (`"…"`); `None` when there is no
    /// such phrase. `held` is asked about the query of that phrase alone, with this
    /// query's exclusions and filters. The words inside the quotes are read as words
    /// only: `-`, `OR` and `name:` in them stay text.
    pub fn phrases_apart(
        &self,
        mut held: impl FnMut(&ParsedQuery) -> Result<bool>,
    ) -> Result<Option<(ParsedQuery, Vec<String>)>> {
        let lone_phrase = |g: &[Clause]| matches!(g, [c] if c.phrase && !c.title_only);
        let mut relaxed = ParsedQuery {
            groups: Vec::new(),
            apart: Vec::new(),
            ..self.clone()
        };
        let mut phrases = Vec::new();
        for (i, group) in self.groups.iter().enumerate() {
            let apart = self.apart.get(i).copied().unwrap_or(false);
            let alone = || ParsedQuery {
                groups: vec![group.clone()],
                apart: vec![false],
                ..self.clone()
            };
            if !lone_phrase(group) || held(&alone())? {
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
        Ok((!phrases.is_empty()).then_some((relaxed, phrases)))
    }
}

#[cfg(test)]
mod tests {
    use crate::error::Result;
    use crate::query::{parse, ParsedQuery};

    fn none_held(_: &ParsedQuery) -> Result<bool> {
        Ok(false)
    }

    fn texts(q: &ParsedQuery) -> Vec<Vec<(String, bool)>> {
        q.groups
            .iter()
            .map(|g| g.iter().map(|c| (c.text.clone(), c.phrase)).collect())
            .collect()
    }

    #[test]
    fn lone_phrases_become_their_words() {
        let (q, phrases) = parse(r#"lũ "sông Cửu Long" -"cá tra""#)
            .phrases_apart(none_held)
            .unwrap()
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
        let (q, _) = parse(r#""a OR -b title:c""#)
            .phrases_apart(none_held)
            .unwrap()
            .unwrap();
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
        for q in [r#""a b" OR c"#, r#"title:"a b" c"#, "a b"] {
            assert!(parse(q).phrases_apart(none_held).unwrap().is_none(), "{q}");
        }
    }

    #[test]
    fn a_phrase_some_document_holds_stays_a_phrase() {
        // `held` is asked about each lone phrase alone, with the query's filters.
        let mut asked = Vec::new();
        let (q, phrases) = parse(r#""Trung Quốc" "xanh sản" source:vov"#)
            .phrases_apart(|alone| {
                asked.push((texts(alone), alone.filters.len()));
                Ok(alone.groups[0][0].text == "Trung Quốc")
            })
            .unwrap()
            .unwrap();
        assert_eq!(phrases, [r#""xanh sản""#]);
        assert_eq!(
            texts(&q),
            [
                vec![("Trung Quốc".to_string(), true)],
                vec![("xanh".to_string(), false)],
                vec![("sản".to_string(), false)],
            ]
        );
        assert_eq!(asked.len(), 2);
        assert!(asked.iter().all(|(_, filters)| *filters == 1));
        assert!(parse(r#""Trung Quốc" x"#)
            .phrases_apart(|_| Ok(true))
            .unwrap()
            .is_none());
    }

    #[test]
    fn an_exclusion_before_a_phrase_still_parts_it() {
        let q = parse(r#"a -x "b c""#);
        assert_eq!(q.apart, [false, true]);
        let (r, _) = q.phrases_apart(none_held).unwrap().unwrap();
        assert_eq!(r.apart, [false, true, false]);
    }
}
