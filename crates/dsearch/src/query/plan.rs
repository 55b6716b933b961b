//! From a parsed query to a plan: the units a document is ranked by, the units it must
//! hold, the words that only add score, and what to highlight. No index type appears
//! here; [`crate::search`] runs the plan.
//!
//! - Every content word of an unquoted clause is a **unit** of its own: documents are
//!   ranked first by how many units they hold ("k of n words").
//! - A group of clauses joined by `OR` is one unit, held when any clause is (every
//!   content word of the clause, or its phrase).
//! - A quoted phrase and a `title:` clause are **required** units: every hit holds them.
//! - Function words are **optional**: they add score and never exclude a document. A
//!   query made only of function words requires them.

use std::collections::BTreeSet;

use super::cut::cut;
use super::filter::{self, FilterSpec};
use super::parser::{Clause, ParsedQuery};
use super::words::{holds_kana, query_words, Grams, QueryWord, Vocabulary};
use crate::analysis::detect::language_code;
use crate::analysis::{vietnamese, Dictionaries};
use crate::error::Result;

/// One alternative of a unit: words that must all match (side by side, in order, for a
/// phrase).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alt {
    /// The words, with their query positions.
    pub words: Vec<QueryWord>,
    /// True for a quoted phrase.
    pub phrase: bool,
    /// True when it must match in the title.
    pub title_only: bool,
}

/// A unit of the query: one word, a phrase, or alternatives joined by `OR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The unit as typed, for "missing" lists and explanations.
    pub label: String,
    /// Alternatives: the unit matches when any does.
    pub alts: Vec<Alt>,
}

impl Unit {
    /// The single word of a one-word unit.
    pub fn single_word(&self) -> Option<&QueryWord> {
        match self.alts.as_slice() {
            [alt] if alt.words.len() == 1 && !alt.title_only => alt.words.first(),
            _ => None,
        }
    }

    fn word(w: QueryWord) -> Unit {
        Unit {
            label: w.text.clone(),
            alts: vec![Alt {
                words: vec![w],
                phrase: false,
                title_only: false,
            }],
        }
    }

    /// The terms that identify the unit, to drop a repeated word.
    fn identity(&self) -> Vec<(Vec<String>, Vec<String>, bool, bool)> {
        self.alts
            .iter()
            .map(|a| {
                (
                    a.words.iter().flat_map(|w| w.exact.clone()).collect(),
                    a.words.iter().flat_map(|w| w.folded.clone()).collect(),
                    a.phrase,
                    a.title_only,
                )
            })
            .collect()
    }
}

/// What to highlight in a hit's snippet.
#[derive(Debug, Clone, Default)]
pub struct Highlight {
    /// Exact word forms.
    pub exact: BTreeSet<String>,
    /// Folded word forms.
    pub folded: BTreeSet<String>,
    /// Bigram sequences of CJK words (two or more characters).
    pub cjk: BTreeSet<Vec<String>>,
    /// Single CJK characters (simplified).
    pub cjk_chars: BTreeSet<char>,
    /// Stems of Japanese verbs and adjectives, as written (`降` of `降る`, `上が` of
    /// `上がる`): the index finds `降った` by its base form, which the text does not
    /// hold, so the stem is highlighted where no kanji comes before it and hiragana
    /// follow (see [`inflection_stem`]).
    pub stems: BTreeSet<String>,
}

impl Highlight {
    fn add(&mut self, w: &QueryWord) {
        match &w.grams {
            Grams::None => {
                self.exact.extend(w.exact.iter().cloned());
                // A word typed with diacritics means that word (`khoáng` is not
                // `khoảng`): as the ranking, its folded form highlights nothing.
                if !w.exact_only {
                    self.folded.extend(w.folded.iter().cloned());
                }
            }
            Grams::All(g) => {
                self.cjk.insert(g.clone());
            }
            Grams::Prefix(c) => {
                self.cjk_chars.insert(*c);
            }
        }
        // Japanese words carry their base form in `folded`.
        if w.is_cjk() {
            self.stems
                .extend(w.folded.iter().filter_map(|b| inflection_stem(b)));
        }
    }
}

/// The stem of a Japanese verb or adjective in its base form, the part its inflections
/// keep: the form without its last kana when that is a dictionary-form ending (`う く ぐ
/// す つ ぬ ぶ む る`, or `い`) and a kanji comes before it (`降る` → `降`, `上がる` →
/// `上が`, `美しい` → `美し`). `None` for other words (`空港`, `ゲーム`, `いる`).
pub fn inflection_stem(base: &str) -> Option<String> {
    let last = base.chars().next_back()?;
    let stem = &base[..base.len() - last.len_utf8()];
    let ending = matches!(
        last,
        'う' | 'く' | 'ぐ' | 'す' | 'つ' | 'ぬ' | 'ぶ' | 'む' | 'る' | 'い'
    );
    (ending && stem.chars().any(crate::analysis::script::is_han)).then(|| stem.to_string())
}

/// A query ready to run.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Content units: documents are ranked by how many of them they hold.
    pub units: Vec<Unit>,
    /// Units every hit must hold: quoted phrases and `title:` clauses.
    pub required: Vec<Unit>,
    /// Function words: they add score only.
    pub optional: Vec<QueryWord>,
    /// Units no hit may hold.
    pub excluded: Vec<Unit>,
    /// `lang:` filters (any of them).
    pub langs: Vec<String>,
    /// `-lang:` filters (none of them).
    pub not_langs: Vec<String>,
    /// Metadata filters: every group, any filter of a group (see
    /// [`ParsedQuery::filters`]).
    pub filters: Vec<Vec<FilterSpec>>,
    /// What to highlight.
    pub highlight: Highlight,
    /// Words of the query left out: past [`MAX_WORDS`], or in content units past
    /// [`MAX_UNITS`].
    pub dropped: usize,
    /// What the query says that the plan does not do (see [`ParsedQuery::warnings`]).
    pub ignored: Vec<String>,
}

/// Most content units (words, phrases, `OR` groups; required ones first) a query is
/// searched with; function words after the last of them are left out too. Each unit
/// costs a few term lookups and a prefix search per one-character word: a query of
/// 1,000 Chinese characters took 2.6 s and 820 MB. 32 words are a long sentence in any
/// of the languages, enough to find the page that holds it.
pub const MAX_UNITS: usize = 32;

/// Most words read from a query, in every clause (phrases, `OR` groups, exclusions and
/// function words included), so one long clause cannot get round [`MAX_UNITS`]: those
/// of required clauses first, then of exclusions, each clause whole or not at all, then
/// plain words and `OR` alternatives in the order typed.
pub const MAX_WORDS: usize = 64;

impl Plan {
    /// Warnings about the query, one line each: the parts of it ignored, then each
    /// metadata filter on a field no document has (`known` says whether any does). A
    /// filter alone, or an `OR` group of them all on such fields, finds nothing; in a
    /// group that holds a field documents have, the warning says which filters can
    /// still match.
    pub fn warnings(&self, known: impl Fn(&str) -> bool) -> Vec<String> {
        let mut warnings = self.ignored.clone();
        for group in &self.filters {
            let (held, missing): (Vec<&FilterSpec>, Vec<&FilterSpec>) =
                group.iter().partition(|f| known(&f.name));
            for f in missing {
                let warning = match held.is_empty() {
                    true => format!("no document has the field `{}`", f.name),
                    false => format!(
                        "no document has the field `{}`: of `{}`, only `{}` can match",
                        f.name,
                        either(group.iter()),
                        either(held.iter().copied())
                    ),
                };
                if !warnings.contains(&warning) {
                    warnings.push(warning);
                }
            }
        }
        warnings
    }

    /// True when the plan has nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
            && self.required.is_empty()
            && self.langs.is_empty()
            && self.filters.iter().flatten().all(|f| f.negated)
    }

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
            filters: q
                .filters
                .iter()
                .map(|g| g.iter().map(filter::parse).collect::<Result<_>>())
                .collect::<Result<_>>()?,
            ignored: q.warnings.clone(),
            ..Plan::default()
        };
        // Kana in any clause make the query Japanese (its kanji-only words too).
        let japanese = q
            .groups
            .iter()
            .flatten()
            .chain(&q.excluded)
            .any(|c| holds_kana(&c.text));
        // Every clause's words, in query order (exclusions each from where the query
        // ends); then at most MAX_WORDS of them are kept: required clauses first, then
        // exclusions, each whole or not at all (a phrase or an exclusion cut short
        // would mean something else), then plain words and `OR` alternatives in order.
        let mut position = 0;
        let read = |text: &str, position: &mut u32| {
            query_words(text, vocabulary, dicts, japanese, position)
        };
        let mut groups: Vec<Vec<Vec<QueryWord>>> = q
            .groups
            .iter()
            .map(|g| g.iter().map(|c| read(&c.text, &mut position)).collect())
            .collect();
        // Punctuation that ends a clause parts its last word from the next clause's first
        // (`mật; khẩu` is two clauses), and so does an exclusion or a filter between them.
        let mut trailing = false;
        for (gi, (g, words)) in q.groups.iter().zip(&mut groups).enumerate() {
            // An exclusion or a filter between two groups parts them too.
            trailing |= q.apart.get(gi).copied().unwrap_or(false);
            for (c, words) in g.iter().zip(words) {
                if let Some(first) = words.first_mut() {
                    first.apart |= trailing;
                }
                trailing = words
                    .last()
                    .is_none_or(|w| !c.text.trim_end().ends_with(w.text.as_str()));
            }
        }
        let end = position;
        let mut excluded: Vec<Vec<QueryWord>> = q
            .excluded
            .iter()
            .map(|c| read(&c.text, &mut end.clone()))
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
                        push_unit(
                            &mut plan.required,
                            Unit {
                                label: label(c),
                                alts: vec![alt],
                            },
                        );
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
                        push_unit(&mut plan.units, Unit { label, alts });
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
                w.exact_only |= !w.is_cjk() && w.exact.first() != w.folded.first();
            }
            let alt = alt(c, words);
            if !alt.words.is_empty() {
                plan.excluded.push(Unit {
                    label: label(c),
                    alts: vec![alt],
                });
            }
        }
        plan.dropped = dropped;
        let mut highlight = Highlight::default();
        for unit in plan.units.iter().chain(&plan.required) {
            for alt in &unit.alts {
                // A query made only of function words highlights them.
                let shown = |w: &&QueryWord| !w.function || alt.phrase || only_function_words;
                for w in alt.words.iter().filter(shown) {
                    highlight.add(w);
                }
            }
        }
        plan.highlight = highlight;
        Ok(plan)
    }
}

/// Filters as typed, joined by `OR`.
fn either<'a>(filters: impl Iterator<Item = &'a FilterSpec>) -> String {
    let typed: Vec<&str> = filters.map(|f| f.typed.as_str()).collect();
    typed.join(" OR ")
}

/// The code of a language named in a query (see [`language_code`]), or the name.
fn code(name: &str) -> String {
    language_code(name).map_or_else(|| name.to_string(), str::to_string)
}

/// Makes units of `words` (content words of plain clauses, in query order) and empties
/// it. Latin words side by side (only white space between them) pair into one unit when the index holds the pair (the
/// folded syllables joined by a space, which Vietnamese documents index): a Vietnamese
/// word is mostly two syllables, and `quản lý` is one word where `quản` and `lý` apart
/// are two common ones. The pairs are cut like a Han run ([`cut`]): fewest pieces, then
/// most frequent. A pair unit is held when its syllables stand side by side.
fn pair_syllables(words: &mut Vec<QueryWord>, vocabulary: Vocabulary<'_>, units: &mut Vec<Unit>) {
    let words = std::mem::take(words);
    let mut i = 0;
    while i < words.len() {
        // A stretch of Latin words at consecutive positions.
        let mut j = i + 1;
        while j < words.len()
            && !words[i].is_cjk()
            && !words[j].is_cjk()
            && words[j].position == words[j - 1].position + 1
            && !words[j].apart
        {
            j += 1;
        }
        let stretch = &words[i..j];
        let pieces = if stretch.len() > 1 {
            pair_cut(stretch, vocabulary)
        } else {
            vec![(0, stretch.len())]
        };
        for (a, b) in pieces {
            if b - a == 1 {
                push_unit(units, Unit::word(stretch[a].clone()));
            } else {
                let words = stretch[a..b].to_vec();
                let label = words
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                push_unit(
                    units,
                    Unit {
                        label,
                        alts: vec![Alt {
                            words,
                            phrase: true,
                            title_only: false,
                        }],
                    },
                );
            }
        }
        i = j;
    }
}

/// Cuts a stretch of Latin words into single words and pairs of syllables: the fewest
/// pieces whose pairs the index holds (see [`cut`]), so a query typed as a phrase is
/// matched as one wherever its syllables can pair.
fn pair_cut(stretch: &[QueryWord], vocabulary: Vocabulary<'_>) -> Vec<(usize, usize)> {
    let syllable = |w: &QueryWord| vietnamese::is_syllable(&w.folded[0]);
    cut(stretch.len(), 2, &|a, b| match b - a {
        1 => (vocabulary.folded)(&stretch[a].folded[0]),
        _ if syllable(&stretch[a]) && syllable(&stretch[a + 1]) => (vocabulary.pairs)(&format!(
            "{} {}",
            stretch[a].folded[0],
            stretch[a + 1].folded[0]
        )),
        _ => 0,
    })
}

/// Adds a unit unless the same one is there already (`xanh xanh`).
fn push_unit(units: &mut Vec<Unit>, unit: Unit) {
    let id = unit.identity();
    if !units.iter().any(|u| u.identity() == id) {
        units.push(unit);
    }
}

/// The words a query may still read ([`MAX_WORDS`]), and how many it left out.
struct Budget {
    left: usize,
    dropped: usize,
}

impl Budget {
    /// Keeps `words` whole, or none of them when they do not fit.
    fn whole(&mut self, words: &mut Vec<QueryWord>) {
        if words.len() > self.left {
            self.dropped += words.len();
            words.clear();
        } else {
            self.left -= words.len();
        }
    }

    /// Keeps the first of `words` that fit.
    fn cut(&mut self, words: &mut Vec<QueryWord>) {
        if words.len() > self.left {
            self.dropped += words.len() - self.left;
            words.truncate(self.left);
        }
        self.left -= words.len();
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    fn plan(q: &str, vocab: &[&str]) -> Plan {
        let v = |w: &str| u64::from(vocab.contains(&w));
        let vocabulary = Vocabulary {
            words: &v,
            folded: &v,
            pairs: &v,
        };
        Plan::build(&parse(q), vocabulary, Dictionaries::default_ref()).unwrap()
    }

    #[test]
    fn syllables_pair_as_the_index_pairs_them() {
        let df = |w: &str| match w {
            "lap" | "chu" => 500,
            "mat" => 120,
            "khau" => 100,
            "mat khau" => 90,
            "lap mat" => 8,
            "khau chu" => 5,
            _ => 0,
        };
        let vocabulary = Vocabulary {
            words: &df,
            folded: &df,
            pairs: &df,
        };
        let p = Plan::build(
            &parse("Lập mật khẩu chủ"),
            vocabulary,
            Dictionaries::default_ref(),
        )
        .unwrap();
        // The fewest pieces the index holds: a phrase typed is matched as a phrase.
        assert_eq!(labels(&p.units), ["Lập mật", "khẩu chủ"]);
        let p = Plan::build(
            &parse("Lập mật khẩu"),
            vocabulary,
            Dictionaries::default_ref(),
        )
        .unwrap();
        assert_eq!(
            labels(&p.units),
            ["Lập", "mật khẩu"],
            "the more frequent pair"
        );
        // Punctuation between syllables parts them, as in documents: a keyword list;
        // so does an exclusion or a filter typed between them.
        for q in [
            "mật; khẩu",
            "mật;khẩu",
            "mật ;khẩu",
            "mật/khẩu",
            "mật, khẩu",
            "mật -x khẩu",
            "mật source:y khẩu",
        ] {
            let p = Plan::build(&parse(q), vocabulary, Dictionaries::default_ref()).unwrap();
            assert_eq!(labels(&p.units), ["mật", "khẩu"], "{q}");
        }
        let p = Plan::build(
            &parse("lập mật  khẩu"),
            vocabulary,
            Dictionaries::default_ref(),
        )
        .unwrap();
        assert_eq!(labels(&p.units), ["lập", "mật khẩu"], "white space only");
    }

    fn labels(units: &[Unit]) -> Vec<&str> {
        units.iter().map(|u| u.label.as_str()).collect()
    }

    #[test]
    fn content_words_are_units_and_function_words_optional() {
        let p = plan("中国与中亚的峰会", &["中国", "中亚", "峰会"]);
        assert_eq!(labels(&p.units), ["中国", "中亚", "峰会"]);
        let optional: Vec<&str> = p.optional.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(optional, ["与", "的"]);
    }

    #[test]
    fn a_query_of_function_words_requires_them() {
        let p = plan("của các", &[]);
        assert_eq!(labels(&p.units), ["của", "các"]);
        assert!(p.optional.is_empty());
    }

    #[test]
    fn phrases_and_titles_are_required_or_groups_one_unit() {
        let p = plan(
            "\"Tập Cận Bình\" title:峰會 峰会 OR 会晤 xanh xanh",
            &["峰会", "会晤"],
        );
        assert_eq!(labels(&p.required), ["\"Tập Cận Bình\"", "title:峰會"]);
        assert_eq!(labels(&p.units), ["峰会 OR 会晤", "xanh"]);
        assert_eq!(p.units[0].alts.len(), 2);
        assert!(p.required[0].alts[0].phrase);
    }

    #[test]
    fn exclusions_and_highlights() {
        let p = plan("khoáng sản -đầu", &[]);
        assert_eq!(labels(&p.excluded), ["đầu"]);
        assert!(p.highlight.folded.contains("khoang"));
        assert!(!p.highlight.folded.contains("dau"));
        // No document holds `đầu` here, yet only that form is excluded, not `dau`.
        assert!(p.excluded[0].alts[0].words[0].exact_only);
        assert!(!plan("khoáng -dau", &[]).excluded[0].alts[0].words[0].exact_only);
        // A word typed with diacritics that the index holds highlights only as typed.
        let p = plan("khoáng", &["khoáng"]);
        assert!(p.highlight.exact.contains("khoáng"));
        assert!(p.highlight.folded.is_empty());
    }

    #[test]
    fn kana_in_one_clause_make_the_kanji_words_of_the_others_japanese() {
        // lindera cuts 最下層 as the prefix 最 (a function word) and 下層.
        let p = plan("最下層 レイヤー", &["下層", "レイヤー"]);
        assert_eq!(labels(&p.units), ["下層", "レイヤー"]);
        assert_eq!(labels_of(&p.optional), ["最"]);
        // Without kana the same words are Chinese, cut by the index's vocabulary.
        let p = plan("最下層 图层", &["最下层", "图层"]);
        assert_eq!(labels(&p.units), ["最下層", "图层"]);
        assert!(p.optional.is_empty());
    }

    #[test]
    fn a_filter_on_a_field_no_document_has_is_said_as_far_as_it_is_true() {
        let p = plan("source:vov OR x:1 OR y:\"a b\" z:2 OR z:3 -w:4 OR", &[]);
        let known = |f: &str| f == "source";
        assert_eq!(
            p.warnings(known),
            [
                "`OR` at the end of the query joins nothing: it was ignored",
                "no document has the field `x`: of `source:vov OR x:1 OR y:\"a b\"`, only `source:vov` can match",
                "no document has the field `y`: of `source:vov OR x:1 OR y:\"a b\"`, only `source:vov` can match",
                "no document has the field `z`",
                "no document has the field `w`",
            ]
        );
        assert!(p.warnings(|_| true).len() == 1);
    }

    #[test]
    fn inflection_stems() {
        for (base, stem) in [
            ("降る", Some("降")),
            ("上がる", Some("上が")),
            ("呼びかける", Some("呼びかけ")),
            ("美しい", Some("美し")),
            ("空港", None),
            ("ゲーム", None),
            ("いる", None),
            ("", None),
        ] {
            assert_eq!(inflection_stem(base).as_deref(), stem, "{base}");
        }
    }

    fn labels_of(words: &[QueryWord]) -> Vec<&str> {
        words.iter().map(|w| w.text.as_str()).collect()
    }
}
