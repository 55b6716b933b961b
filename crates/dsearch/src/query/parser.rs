//! The query language: words, `"quoted phrases"`, `-word` and `-"phrase"` exclusions,
//! `OR` between clauses, `title:` and `lang:` prefixes, and metadata filters
//! (`source:vov`, `date:2024-01..2024-06`, `-source:vov`; see [`super::filter`]).
//!
//! `OR` binds the clauses on either side of it (`a b OR c d` means a AND (b OR c) AND d).
//! Malformed input is read literally as far as possible: an unbalanced quote is dropped,
//! a lone `-` or a lone `OR` is an ordinary word, an unknown `name:` prefix is text.
//! Parsing never fails.

/// One searchable clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// The clause's text as typed (without quotes or prefixes).
    pub text: String,
    /// True for a quoted phrase.
    pub phrase: bool,
    /// True for `title:` clauses: match the title only.
    pub title_only: bool,
}

/// A metadata filter: `name:value` (`value` may be a range `a..b`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldFilter {
    /// The metadata field.
    pub name: String,
    /// The value as typed (quotes removed).
    pub value: String,
    /// True for `-name:value`: documents that match are left out.
    pub negated: bool,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    /// Groups of clauses; a group matches when any of its clauses does.
    pub groups: Vec<Vec<Clause>>,
    /// Excluded clauses.
    pub excluded: Vec<Clause>,
    /// `lang:` filters (any of them).
    pub langs: Vec<String>,
    /// `-lang:` filters (none of them).
    pub not_langs: Vec<String>,
    /// Per group of `groups`: true when an exclusion or a filter stands between it and
    /// the group before (`mật -x khẩu`), so their words are not side by side.
    pub apart: Vec<bool>,
    /// Metadata filters: a document matches every group, and any filter of a group
    /// (`source:vov OR source:nhk` is one group of two; a negated filter is alone).
    pub filters: Vec<Vec<FieldFilter>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Clause { clause: Clause, negated: bool },
    Or,
    Lang(String, bool),
    Filter(FieldFilter),
}

/// Parses a query string.
pub fn parse(input: &str) -> ParsedQuery {
    let items = lex(input);
    let mut q = ParsedQuery::default();
    let mut pending_or = false;
    let n = items.len();
    // `OR` between two filters: between two metadata filters it makes them one group;
    // between two `lang:` filters it says what they mean anyway (any of them); else
    // (a filter and a word, a negated filter) it is dropped: filters are not words.
    // Per item: `None`, or for an `OR` beside a filter whether it joins two filters.
    let positive_filter = |i: usize| matches!(items.get(i), Some(Item::Filter(f)) if !f.negated);
    let filter_or: Vec<Option<bool>> = (0..n)
        .map(|i| {
            let beside_filter = matches!(items[i], Item::Or)
                && i > 0
                && (matches!(items[i - 1], Item::Filter(_) | Item::Lang(..))
                    || matches!(items.get(i + 1), Some(Item::Filter(_) | Item::Lang(..))));
            beside_filter.then(|| positive_filter(i - 1) && positive_filter(i + 1))
        })
        .collect();
    let mut join_filter = false;
    // An exclusion or a filter since the last group.
    let mut between = false;
    for (i, item) in items.into_iter().enumerate() {
        if let Some(joins) = filter_or[i] {
            join_filter = joins;
            continue;
        }
        between |= !matches!(item, Item::Or | Item::Clause { negated: false, .. });
        match item {
            Item::Lang(l, false) => q.langs.push(l),
            Item::Lang(l, true) => q.not_langs.push(l),
            Item::Filter(f) => match q.filters.last_mut() {
                Some(group) if std::mem::take(&mut join_filter) => group.push(f),
                _ => q.filters.push(vec![f]),
            },
            Item::Or => {
                // Only an OR between two positive clauses is an operator.
                let prev_ok = q.groups.last().is_some() && i > 0;
                if prev_ok && i + 1 < n {
                    pending_or = true;
                } else {
                    q.groups.push(vec![word("OR")]);
                    q.apart.push(std::mem::take(&mut between));
                }
            }
            Item::Clause {
                clause,
                negated: true,
            } => {
                pending_or = false;
                q.excluded.push(clause);
            }
            Item::Clause {
                clause,
                negated: false,
            } => {
                if pending_or {
                    q.groups.last_mut().expect("checked above").push(clause);
                    pending_or = false;
                } else {
                    q.groups.push(vec![clause]);
                    q.apart.push(std::mem::take(&mut between));
                }
            }
        }
    }
    if pending_or {
        q.groups.push(vec![word("OR")]);
        q.apart.push(between);
    }
    q
}

fn word(s: &str) -> Clause {
    Clause {
        text: s.to_string(),
        phrase: false,
        title_only: false,
    }
}

/// The quote that closes a phrase opened by `open`. `"…"` and `“…”` (what the `"` key
/// gives on a Chinese IME or a phone) are the phrase operator; the corner brackets
/// `「…」` and `『…』` are not: Japanese and traditional Chinese write names and titles
/// in them, so a title pasted with them is read as words, not as a required phrase.
fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '“' => Some('”'),
        _ => None,
    }
}

fn lex(input: &str) -> Vec<Item> {
    let chars: Vec<char> = input.chars().collect();
    let mut items = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let mut negated = false;
        let mut title_only = false;
        if chars[i] == '-'
            && i + 1 < chars.len()
            && !chars[i + 1].is_whitespace()
            && chars[i + 1] != '-'
        {
            negated = true;
            i += 1;
        }
        let rest: String = chars[i..].iter().take(6).collect();
        if rest.starts_with("title:") && i + 6 < chars.len() && !chars[i + 6].is_whitespace() {
            title_only = true;
            i += 6;
        } else if rest.starts_with("lang:") {
            let mut j = i + 5;
            while j < chars.len() && !chars[j].is_whitespace() {
                j += 1;
            }
            // `lang:"vi"` is `lang:vi`.
            let code: String = chars[i + 5..j]
                .iter()
                .collect::<String>()
                .trim_matches(|c| c == '"' || c == '\'')
                .to_ascii_lowercase();
            if !code.is_empty() {
                items.push(Item::Lang(code, negated));
                i = j;
                continue;
            }
        }
        if !title_only {
            if let Some((filter, next)) = field_filter(&chars, i, negated) {
                items.push(Item::Filter(filter));
                i = next;
                continue;
            }
        }
        if let Some(close) = closing_quote(chars[i]) {
            if let Some(end) = chars[i + 1..].iter().position(|&c| c == close) {
                let text: String = chars[i + 1..i + 1 + end].iter().collect();
                items.push(Item::Clause {
                    clause: Clause {
                        text,
                        phrase: true,
                        title_only,
                    },
                    negated,
                });
                i = i + 1 + end + 1;
                continue;
            }
            // Unbalanced: drop the quote, read on as words.
            i += 1;
            if i >= chars.len() || chars[i].is_whitespace() {
                continue;
            }
        }
        let mut j = i;
        while j < chars.len()
            && !chars[j].is_whitespace()
            && !(j > i && closing_quote(chars[j]).is_some() && chars[j] != '\'')
        {
            j += 1;
        }
        let text: String = chars[i..j]
            .iter()
            .filter(|c| closing_quote(**c).is_none())
            .collect();
        i = j.max(start + 1);
        if text == "OR" && !negated && !title_only {
            items.push(Item::Or);
            continue;
        }
        if text.is_empty() {
            continue;
        }
        items.push(Item::Clause {
            clause: Clause {
                text,
                phrase: false,
                title_only,
            },
            negated,
        });
    }
    items
}

/// A metadata filter starting at `chars[i]`: a name (an ASCII letter or `_`, then
/// letters, digits, `_`, `-` or `.`), a colon, then a value that is quoted or runs to
/// the next space (a value starting with `/`, as in a URL, or with `:`, as in
/// `File::Cache` or `std::vector`, makes it text). Returns the filter and where the
/// input goes on.
fn field_filter(chars: &[char], i: usize, negated: bool) -> Option<(FieldFilter, usize)> {
    let first = *chars.get(i)?;
    if !(first.is_ascii_alphabetic() || first == '_') {
        return None;
    }
    let mut j = i + 1;
    while j < chars.len()
        && (chars[j].is_ascii_alphanumeric() || matches!(chars[j], '_' | '-' | '.'))
    {
        j += 1;
    }
    if chars.get(j) != Some(&':') {
        return None;
    }
    let name: String = chars[i..j].iter().collect();
    if name == "title" || name == "lang" {
        return None;
    }
    let v = j + 1;
    let first = *chars.get(v)?;
    if first.is_whitespace() || first == '/' || first == ':' {
        return None;
    }
    let (value, next) = match closing_quote(first) {
        Some(close) => {
            let end = chars[v + 1..].iter().position(|&c| c == close)?;
            (chars[v + 1..v + 1 + end].iter().collect(), v + end + 2)
        }
        None => {
            let mut e = v;
            while e < chars.len() && !chars[e].is_whitespace() {
                e += 1;
            }
            (chars[v..e].iter().collect::<String>(), e)
        }
    };
    let filter = FieldFilter {
        name: name.to_ascii_lowercase(),
        value,
        negated,
    };
    Some((filter, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Clause {
        word(s)
    }

    fn p(s: &str) -> Clause {
        Clause {
            text: s.to_string(),
            phrase: true,
            title_only: false,
        }
    }

    #[test]
    fn words_phrases_exclusions() {
        let q = parse("khoáng \"sản xanh\" -đầu -\"công nghệ\"");
        assert_eq!(q.groups, vec![vec![w("khoáng")], vec![p("sản xanh")]]);
        assert_eq!(q.excluded, vec![w("đầu"), p("công nghệ")]);
    }

    #[test]
    fn or_binds_neighbours() {
        let q = parse("a b OR c d");
        assert_eq!(
            q.groups,
            vec![vec![w("a")], vec![w("b"), w("c")], vec![w("d")]]
        );
    }

    #[test]
    fn or_between_filters_groups_them() {
        let q = parse("source:vov OR source:nhk date:2024 OR tags:x -source:y");
        let names: Vec<Vec<&str>> = q
            .filters
            .iter()
            .map(|g| g.iter().map(|f| f.value.as_str()).collect())
            .collect();
        assert_eq!(names, [vec!["vov", "nhk"], vec!["2024", "x"], vec!["y"]]);
        assert!(q.groups.is_empty(), "no word `OR`: {:?}", q.groups);
        let q = parse("lang:ja OR lang:zh 空港");
        assert_eq!(q.langs, ["ja", "zh"]);
        assert_eq!(q.groups, vec![vec![w("空港")]]);
        // Beside a word or a negated filter the OR is dropped: the filter applies.
        let q = parse("date:1900.. OR kẻ -source:a OR source:b");
        assert_eq!(q.groups, vec![vec![w("kẻ")]]);
        assert_eq!(q.filters.len(), 3);
        // Between words it is still the operator.
        assert_eq!(parse("a OR b").groups, vec![vec![w("a"), w("b")]]);
    }

    #[test]
    fn exclusions_and_filters_part_the_groups_around_them() {
        let q = parse("a b -x c source:y d lang:vi e OR f");
        assert_eq!(q.groups.len(), 5);
        assert_eq!(q.apart, [false, false, true, true, true]);
    }

    #[test]
    fn fields() {
        let q = parse("title:礦產 lang:ZH title:\"khoáng sản\" foo:bar");
        assert_eq!(q.langs, ["zh"]);
        assert!(q.groups[0][0].title_only && q.groups[0][0].text == "礦產");
        assert!(q.groups[1][0].title_only && q.groups[1][0].phrase);
        assert_eq!(q.groups.len(), 2);
        assert_eq!(q.filters[0][0].name, "foo");
        let q = parse("-lang:zh lang:\"vi\" 峰会");
        assert_eq!(
            (q.langs, q.not_langs),
            (vec!["vi".to_string()], vec!["zh".to_string()])
        );
    }

    #[test]
    fn metadata_filters() {
        let q = parse("khoáng source:VOV date:2024-01-01..2024-06-30 -Tags:x author:\"Nguyễn Văn A\" http://e.org 10:30 a: Code::Blocks");
        let f: Vec<(&str, &str, bool)> = q
            .filters
            .iter()
            .flatten()
            .map(|f| (f.name.as_str(), f.value.as_str(), f.negated))
            .collect();
        assert_eq!(
            f,
            [
                ("source", "VOV", false),
                ("date", "2024-01-01..2024-06-30", false),
                ("tags", "x", true),
                ("author", "Nguyễn Văn A", false)
            ]
        );
        let words: Vec<&str> = q.groups.iter().map(|g| g[0].text.as_str()).collect();
        assert_eq!(
            words,
            ["khoáng", "http://e.org", "10:30", "a:", "Code::Blocks"]
        );
    }

    #[test]
    fn malformed_input_is_literal() {
        assert_eq!(
            parse("\"khoáng sản").groups,
            vec![vec![w("khoáng")], vec![w("sản")]]
        );
        assert_eq!(parse("-").groups, vec![vec![w("-")]]);
        assert_eq!(parse("OR").groups, vec![vec![w("OR")]]);
        assert_eq!(parse("a OR").groups, vec![vec![w("a")], vec![w("OR")]]);
        assert_eq!(parse("OR a").groups, vec![vec![w("OR")], vec![w("a")]]);
        assert_eq!(parse("“綠色礦產”").groups, vec![vec![p("綠色礦產")]]);
        // Corner brackets are punctuation, left to the analysis: no phrase.
        assert_eq!(parse("「綠色」礦產").groups, vec![vec![w("「綠色」礦產")]]);
        assert_eq!(parse("").groups, Vec::<Vec<Clause>>::new());
        assert_eq!(parse("a* (b) [c]").groups.len(), 3);
    }
}
