//! [`Plan::build`]: a parsed query read into units (see the module docs of
//! [`super`]), required and optional words, exclusions and filters, within the limits.

use super::highlight::Highlight;
use super::limits::{Budget, MAX_UNITS, MAX_WORDS};
use super::syllables::{pair_syllables, read_english_lookalikes, unfold_function_syllables};
use super::unit::{push_unit, Alt, Unit};
use super::Plan;
use crate::analysis::detect::language_code;
use crate::analysis::Dictionaries;
use crate::error::Result;
use crate::query::filter;
use crate::query::parser::{Clause, ParsedQuery};
use crate::query::words::{query_words, reads_as_japanese, QueryWord, Vocabulary};

impl Plan {
    /// Builds the plan of a parsed query. `vocabulary` gives the document frequency of a
    /// word of the index (it cuts Han runs); `dicts` cuts Japanese. Fails only on a
    /// malformed metadata filter (`date:2024-13-45`).
    pub fn build(
        q: &ParsedQuery,
        vocabulary: Vocabulary<'_>,
        dicts: &Dictionaries,
    ) -> Result<Plan> {
        let mut plan = Plan {
            // `lang:vietnamese`, `lang:zh-Hant` are `vi`, `zh`; an unknown code stays as
            // typed (it finds nothing, and the search says which languages there are).
            langs: q.langs.iter().map(|l| code(l)).collect(),
            not_langs: q.not_langs.iter().map(|l| code(l)).collect(),
            only_langs: Vec::new(),
            filters: q
                .filters
                .iter()
                .map(|g| g.iter().map(filter::parse).collect::<Result<_>>())
                .collect::<Result<_>>()?,
            ignored: q.warnings.clone(),
            ..Plan::default()
        };
        // Kana, or a kanji only Japanese writes, in any clause make the query Japanese
        // (its kanji-only words too).
        let japanese = q
            .groups
            .iter()
            .flatten()
            .chain(&q.excluded)
            .any(|c| reads_as_japanese(&c.text));
        // Without IPADIC, Japanese is read as characters (bigrams): an inflected word
        // no longer finds its other forms (`降る` and `降った`). Indexing said so; the
        // query says so too, as a server or another user may not find the dictionary.
        if japanese && dicts.japanese().is_none() {
            plan.ignored.push(
                "no Japanese dictionary found: the Japanese of the query is matched as characters, without the other forms of its words (run scripts/ipadic.sh)"
                    .to_string(),
            );
        }
        // Every clause's words, in query order (exclusions each from where the query
        // ends); then at most MAX_WORDS of them are kept: required clauses first, then
        // exclusions, each whole or not at all (a phrase or an exclusion cut short
        // would mean something else), then plain words and `OR` alternatives in order.
        let mut position = 0;
        let read = |text: &str, cut_absent: bool, position: &mut u32| {
            query_words(text, vocabulary, dicts, japanese, cut_absent, position)
        };
        let mut groups: Vec<Vec<Vec<QueryWord>>> = q
            .groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|c| read(&c.text, true, &mut position))
                    .collect()
            })
            .collect();
        // Punctuation that ends a clause parts its last word from the next clause's first
        // (`mật; khẩu` is two clauses), and so does an exclusion or a filter between them.
        let mut trailing = false;
        // The last word of the clause before, when it is a Latin word that ends it.
        let mut after_latin = false;
        for (gi, (g, words)) in q.groups.iter().zip(&mut groups).enumerate() {
            // An exclusion or a filter between two groups parts them too.
            trailing |= q.apart.get(gi).copied().unwrap_or(false);
            let alone = g.len() == 1;
            for (c, words) in g.iter().zip(words) {
                if japanese && alone && after_latin && !trailing {
                    read_as_suffix(words, dicts);
                }
                if let Some(first) = words.first_mut() {
                    first.apart |= trailing;
                }
                trailing = words
                    .last()
                    .is_none_or(|w| !c.text.trim_end().ends_with(w.text.as_str()));
                after_latin = words.last().is_some_and(|w| !w.is_cjk());
            }
        }
        let end = position;
        let mut excluded: Vec<Vec<QueryWord>> = q
            .excluded
            .iter()
            .map(|c| read(&c.text, false, &mut end.clone()))
            .collect();
        let mut budget = Budget {
            left: MAX_WORDS,
            dropped: 0,
        };
        let required = |g: &[Clause]| matches!(g, [c] if c.phrase || c.title_only);
        for (g, words) in q.groups.iter().zip(&mut groups) {
            if required(g) {
                budget.whole(&mut words[0]);
            }
        }
        excluded.iter_mut().for_each(|w| budget.whole(w));
        for (g, words) in q.groups.iter().zip(&mut groups) {
            match g.as_slice() {
                _ if required(g) => {}
                [_] => budget.cut(&mut words[0]),
                _ => words.iter_mut().for_each(|w| budget.whole(w)),
            }
        }
        let mut dropped = budget.dropped;
        let mut plain: Vec<&mut QueryWord> = q
            .groups
            .iter()
            .zip(&mut groups)
            .filter(|(g, _)| matches!(g.as_slice(), [c] if !c.phrase && !c.title_only))
            .flat_map(|(_, words)| words.iter_mut().flatten())
            .collect();
        unfold_function_syllables(&mut plain, vocabulary);
        read_english_lookalikes(&mut plain);
        // Content words of plain clauses not yet made units: Latin words side by side
        // may pair into one unit (see [`pair_syllables`]).
        let mut pending: Vec<QueryWord> = Vec::new();
        for (group, words) in q.groups.iter().zip(groups) {
            match group.as_slice() {
                [c] if !c.phrase && !c.title_only => {
                    for w in words.into_iter().flatten() {
                        if w.function {
                            plan.optional.push(w);
                        } else {
                            pending.push(w);
                        }
                    }
                    continue;
                }
                [c] => {
                    pair_syllables(&mut pending, vocabulary, &mut plan.units);
                    let alt = alt(c, words.into_iter().flatten().collect());
                    if !alt.words.is_empty() {
                        push_unit(&mut plan.required, Unit::new(label(c), vec![alt]));
                    }
                }
                clauses => {
                    pair_syllables(&mut pending, vocabulary, &mut plan.units);
                    let alts: Vec<Alt> = clauses
                        .iter()
                        .zip(words)
                        .map(|(c, w)| alt(c, w))
                        .filter(|a| !a.words.is_empty())
                        .collect();
                    if !alts.is_empty() {
                        let label = clauses.iter().map(label).collect::<Vec<_>>().join(" OR ");
                        push_unit(&mut plan.units, Unit::new(label, alts));
                    }
                }
            }
        }
        pair_syllables(&mut pending, vocabulary, &mut plan.units);
        let only_function_words = plan.units.is_empty() && plan.required.is_empty();
        if only_function_words {
            for w in std::mem::take(&mut plan.optional) {
                push_unit(&mut plan.units, Unit::word(w));
            }
        }
        let words = |u: &Unit| u.alts.iter().map(|a| a.words.len()).sum::<usize>();
        if plan.units.len() + plan.required.len() > MAX_UNITS {
            for u in plan.required.drain(MAX_UNITS.min(plan.required.len())..) {
                dropped += words(&u);
            }
            let keep = MAX_UNITS - plan.required.len();
            for u in plan.units.drain(keep.min(plan.units.len())..) {
                dropped += words(&u);
            }
            // Function words past the last word kept would only add score.
            let last = plan
                .units
                .iter()
                .chain(&plan.required)
                .flat_map(|u| &u.alts)
                .flat_map(|a| &a.words)
                .map(|w| w.position)
                .max()
                .unwrap_or(0);
            let before = plan.optional.len();
            plan.optional.retain(|w| w.position <= last);
            dropped += before - plan.optional.len();
        }
        for (c, mut words) in q.excluded.iter().zip(excluded) {
            // An excluded word typed with diacritics leaves out that word only, even when
            // no document holds it: `-bạn` must not leave out `bán` (a typo tolerated in
            // a word looked for would drop the wrong documents here).
            for w in &mut words {
                w.exact_only |= w.typed_with_marks();
            }
            let alt = alt(c, words);
            if !alt.words.is_empty() {
                plan.excluded.push(Unit::new(label(c), vec![alt]));
            }
        }
        plan.dropped = dropped;
        // A word typed with diacritics that no document holds (a typo, or a word the
        // documents spell otherwise) matches its other spellings: say so, or its hits
        // would read as holding the word.
        for w in plan
            .units
            .iter()
            .chain(&plan.required)
            .flat_map(|u| &u.alts)
            .flat_map(|a| &a.words)
        {
            if !w.exact_only && w.typed_with_marks() {
                let warning = format!(
                    "no document holds `{}` as typed: it matches `{}` with any diacritics",
                    w.text,
                    w.plain()
                );
                if !plan.ignored.contains(&warning) {
                    plan.ignored.push(warning);
                }
            }
        }
        let mut highlight = Highlight::default();
        for unit in plan.units.iter().chain(&plan.required) {
            for alt in &unit.alts {
                // A query made only of function words highlights them.
                let shown = |w: &&QueryWord| !w.function || alt.phrase || only_function_words;
                let words: Vec<&QueryWord> = alt.words.iter().filter(shown).collect();
                highlight.add_alt(&words, alt.phrase);
            }
        }
        for bond in plan.bonds() {
            highlight.add_bond(&plan, &bond);
        }
        plan.highlight = highlight;
        Ok(plan)
    }

    /// Keeps the search to documents in one of `langs` (names or codes, as `lang:`
    /// takes them), whatever `lang:` filters the query holds: `--lang zh` with `中亚
    /// lang:vi` finds nothing, not the Chinese and Vietnamese pages.
    pub fn keep_to_langs(&mut self, langs: &[String]) {
        self.only_langs.extend(langs.iter().map(|l| code(l)));
    }
}

/// The code of a language named in a query (see [`language_code`]), or the name.
fn code(name: &str) -> String {
    language_code(name).map_or_else(|| name.to_string(), str::to_string)
}

/// The alternative of one clause from its words: every word of a phrase, the content
/// words of other clauses (their function words when they have nothing else).
fn alt(c: &Clause, mut words: Vec<QueryWord>) -> Alt {
    if !c.phrase && words.iter().any(|w| !w.function) {
        words.retain(|w| !w.function);
    }
    Alt {
        words,
        phrase: c.phrase,
        title_only: c.title_only,
    }
}

fn label(c: &Clause) -> String {
    let text = if c.phrase {
        format!("\"{}\"", c.text)
    } else {
        c.text.clone()
    };
    if c.title_only {
        format!("title:{text}")
    } else {
        text
    }
}

/// A clause that is one kanji, typed after a Latin word with only a space between them,
/// is read as the suffix IPADIC rates it likelier to be than a noun (`用`, see
/// [`crate::analysis::japanese::JapaneseSegmenter::is_suffix_char`]), bound to that word:
/// a function word. Japanese sets a Latin word apart from the kanji after it (`GNOME 用`)
/// where it writes two Japanese words together (`変形風`), so between two Japanese words
/// a space parts keywords, and a kanji alone there stays a word (`フィルター 変形 風`).
fn read_as_suffix(words: &mut [QueryWord], dicts: &Dictionaries) {
    let [w] = words else {
        return;
    };
    let mut chars = w.text.chars();
    let one_kanji =
        chars.next().is_some_and(crate::analysis::script::is_han) && chars.next().is_none();
    if one_kanji
        && !w.function
        && dicts
            .japanese()
            .is_some_and(|seg| seg.is_suffix_char(&w.text))
    {
        w.function = true;
    }
}
