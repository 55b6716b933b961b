//! The query language: words, `"quoted phrases"`, `-word` and `-"phrase"` exclusions,
//! `OR` between clauses, `title:` and `lang:` prefixes, and metadata filters
//! (`source:vov`, `date:2024-01..2024-06`, `-source:vov`; see [`super::filter`]).
//!
//! `OR` binds the clauses on either side of it (`a b OR c d` means a AND (b OR c) AND d),
//! or two metadata filters, or two `lang:` filters. Anywhere else (at either end of the
//! query, beside a filter of another kind, beside an exclusion) it is ignored, with a
//! warning ([`ParsedQuery::warnings`]). Malformed input is read literally as far as
//! possible: an unbalanced quote is dropped, a lone `-` or a query of `OR` alone is an
//! ordinary word, and a `name:value` that stands alone on a field no document has is
//! text ([`parse_with`]). Parsing never fails.

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
    /// What the query says that the search does not do, one line each: an `OR` that
    /// joins neither two clauses nor two filters of one kind is ignored; a filter on a
    /// field no document has is read as words ([`parse_with`]).
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Clause {
        clause: Clause,
        negated: bool,
    },
    Or,
    Lang(String, bool),
    /// A filter, and its text as typed (`C:\Windows`).
    Filter(FieldFilter, String),
}

/// What an `OR` does, from the items on either side of it (of a run of them, `a OR OR
/// b`, the first decides and the others do nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
enum OrRole {
    /// Between two positive clauses: either of them.
    Clauses,
    /// Between two positive metadata filters: either of them.
    Filters,
    /// Nothing to do: between two `lang:` filters (any of them is what they mean
    /// anyway), or not the first `OR` of a run.
    Nothing,
    /// The query is only `OR`: the word.
    Word,
    /// Ignored; the warning says why.
    Ignored(String),
}

/// The role of the `OR` at `items[i]`.
fn or_role(items: &[Item], i: usize) -> OrRole {
    if i > 0 && items[i - 1] == Item::Or {
        return OrRole::Nothing;
    }
    let before = i.checked_sub(1).map(|b| &items[b]);
    let after = items[i + 1..].iter().find(|x| **x != Item::Or);
    let ignored = |why: &str| OrRole::Ignored(why.to_string());
    match (before, after) {
        (None, None) => OrRole::Word,
        (None, Some(_)) => ignored("`OR` at the start of the query joins nothing: it was ignored"),
        (Some(_), None) => ignored("`OR` at the end of the query joins nothing: it was ignored"),
        (Some(a), Some(b)) => {
            let why = match (a, b) {
                (Item::Clause { negated: false, .. }, Item::Clause { negated: false, .. }) => {
                    return OrRole::Clauses
                }
                (Item::Filter(x, _), Item::Filter(y, _)) if !x.negated && !y.negated => {
                    return OrRole::Filters
                }
                (Item::Lang(_, false), Item::Lang(_, false)) => return OrRole::Nothing,
                _ if a.negated() || b.negated() => {
                    "what `-` leaves out is left out of every hit"
                }
                (Item::Clause { .. }, _) | (_, Item::Clause { .. }) => {
                    "a filter applies to every hit (`OR` joins two words or two filters)"
                }
                _ => "a `lang:` filter and a metadata filter both apply (`OR` joins filters of one kind)",
            };
            OrRole::Ignored(format!(
                "`OR` between `{}` and `{}` was ignored: {why}",
                a.typed(),
                b.typed()
            ))
        }
    }
}

impl Item {
    fn negated(&self) -> bool {
        match self {
            Item::Clause { negated, .. } | Item::Lang(_, negated) => *negated,
            Item::Filter(f, _) => f.negated,
            Item::Or => false,
        }
    }

    /// The item as it reads in the query, for warnings.
    fn typed(&self) -> String {
        let minus = if self.negated() { "-" } else { "" };
        match self {
            Item::Clause { clause, .. } => {
                let title = if clause.title_only { "title:" } else { "" };
                match clause.phrase {
                    true => format!("{minus}{title}\"{}\"", clause.text),
                    false => format!("{minus}{title}{}", clause.text),
                }
            }
            Item::Lang(code, _) => format!("{minus}lang:{code}"),
            Item::Filter(f, _) => format!("{minus}{}", f.typed()),
            Item::Or => "OR".to_string(),
        }
    }
}

impl FieldFilter {
    /// `name:value` as typed (the value quoted when it holds white space), without
    /// the `-` of a negated filter.
    pub fn typed(&self) -> String {
        match self.value.contains(char::is_whitespace) {
            true => format!("{}:\"{}\"", self.name, self.value),
            false => format!("{}:{}", self.name, self.value),
        }
    }
}

/// Parses a query string, every `name:value` a metadata filter (as if every document
/// had every field: see [`parse_with`]).
pub fn parse(input: &str) -> ParsedQuery {
    parse_with(input, |_| true)
}

/// Parses a query string, reading a metadata filter on a field no document has
/// (`held` says whether any does) as words when it stands alone: `C:\Windows`,
/// `apt:install` or `IPv6:địa chỉ` is text a user typed, not a filter that finds
/// nothing. A warning says so. It stays a filter (the search warns that no document
/// has the field) when it is negated (it leaves nothing out), when `OR` joins it to
/// another filter, and when it is written as only a filter is: a quoted value
/// (`author:"Nguyễn Văn A"`), a range (`pages:1..5`) or a `date:` (whose malformed
/// values are errors).
pub fn parse_with(input: &str, held: impl Fn(&str) -> bool) -> ParsedQuery {
    let mut items = lex(input);
    let mut warnings: Vec<String> = Vec::new();
    // Whether an `OR` (or a run of them) joins `items[i]` to a positive filter.
    let joined = |items: &[Item], i: usize| {
        let filter = |x: Option<&Item>| matches!(x, Some(Item::Filter(f, _)) if !f.negated);
        let before = &items[..i];
        let after = &items[i + 1..];
        (before.last() == Some(&Item::Or) && filter(before.iter().rev().find(|x| **x != Item::Or)))
            || (after.first() == Some(&Item::Or) && filter(after.iter().find(|x| **x != Item::Or)))
    };
    for i in 0..items.len() {
        let text = match &items[i] {
            Item::Filter(f, typed)
                if !f.negated
                    && !held(&f.name)
                    && !written_as_filter(f, typed)
                    && !joined(&items, i) =>
            {
                let warning = format!(
                    "no document has the field `{}`: `{typed}` is read as words",
                    f.name
                );
                if !warnings.contains(&warning) {
                    warnings.push(warning);
                }
                typed.clone()
            }
            _ => continue,
        };
        items[i] = Item::Clause {
            clause: word(&text),
            negated: false,
        };
    }
    let mut q = parse_items(items);
    q.warnings.extend(warnings);
    q
}

/// True for a filter that only a filter's syntax explains: a quoted value, a range, a
/// date.
fn written_as_filter(f: &FieldFilter, typed: &str) -> bool {
    let value = typed.split_once(':').map_or("", |(_, v)| v);
    f.name == "date" || f.value.contains("..") || value.starts_with(|c| closing_quote(c).is_some())
}

fn parse_items(items: Vec<Item>) -> ParsedQuery {
    let roles: Vec<Option<OrRole>> = (0..items.len())
        .map(|i| (items[i] == Item::Or).then(|| or_role(&items, i)))
        .collect();
    let mut q = ParsedQuery::default();
    // The next clause joins the last group; the next filter the last group of filters.
    let mut join_clause = false;
    let mut join_filter = false;
    // An exclusion or a filter since the last group.
    let mut between = false;
    for (item, role) in items.into_iter().zip(roles) {
        between |= !matches!(item, Item::Or | Item::Clause { negated: false, .. });
        match item {
            Item::Lang(l, false) => q.langs.push(l),
            Item::Lang(l, true) => q.not_langs.push(l),
            Item::Filter(f, _) => match q.filters.last_mut() {
                Some(group) if std::mem::take(&mut join_filter) => group.push(f),
                _ => q.filters.push(vec![f]),
            },
            Item::Or => match role.expect("every OR has a role") {
                OrRole::Clauses => join_clause = true,
                OrRole::Filters => join_filter = true,
                OrRole::Nothing => {}
                OrRole::Word => {
                    q.groups.push(vec![word("OR")]);
                    q.apart.push(std::mem::take(&mut between));
                }
                OrRole::Ignored(warning) => q.warnings.push(warning),
            },
            Item::Clause {
                clause,
                negated: true,
            } => q.excluded.push(clause),
            Item::Clause {
                clause,
                negated: false,
            } => match q.groups.last_mut() {
                Some(group) if std::mem::take(&mut join_clause) => group.push(clause),
                _ => {
                    q.groups.push(vec![clause]);
                    q.apart.push(std::mem::take(&mut between));
                }
            },
        }
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
                items.push(Item::Filter(filter, chars[i..next].iter().collect()));
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
        assert!(q.warnings.is_empty(), "{:?}", q.warnings);
        // Beside a word or a negated filter the OR is ignored, and said so: the filter
        // applies.
        let q = parse("date:1900.. OR kẻ -source:a OR source:b");
        assert_eq!(q.groups, vec![vec![w("kẻ")]]);
        assert_eq!(q.filters.len(), 3);
        assert_eq!(
            q.warnings,
            [
                "`OR` between `date:1900..` and `kẻ` was ignored: a filter applies to every hit (`OR` joins two words or two filters)",
                "`OR` between `-source:a` and `source:b` was ignored: what `-` leaves out is left out of every hit",
            ]
        );
        // Between words it is still the operator.
        assert_eq!(parse("a OR b").groups, vec![vec![w("a"), w("b")]]);
    }

    #[test]
    fn an_or_that_joins_nothing_is_ignored_with_a_warning() {
        let check = |query: &str, groups: Vec<Vec<Clause>>, warnings: &[&str]| {
            let q = parse(query);
            assert_eq!(
                (q.groups, q.warnings),
                (groups, warnings_of(warnings)),
                "{query}"
            );
        };
        fn warnings_of(w: &[&str]) -> Vec<String> {
            w.iter().map(|s| s.to_string()).collect()
        }
        let end = "`OR` at the end of the query joins nothing: it was ignored";
        let start = "`OR` at the start of the query joins nothing: it was ignored";
        check("khẩu OR", vec![vec![w("khẩu")]], &[end]);
        check("OR khẩu", vec![vec![w("khẩu")]], &[start]);
        check("source:vov OR", vec![], &[end]);
        // A run of them is one.
        check("a OR OR b", vec![vec![w("a"), w("b")]], &[]);
        check("a OR OR", vec![vec![w("a")]], &[end]);
        // Only `OR`: the word.
        check("OR", vec![vec![w("OR")]], &[]);
        check("OR OR", vec![vec![w("OR")]], &[]);
        // Beside an exclusion.
        let minus = |a: &str, b: &str| {
            format!("`OR` between `{a}` and `{b}` was ignored: what `-` leaves out is left out of every hit")
        };
        check(
            "a OR -b c",
            vec![vec![w("a")], vec![w("c")]],
            &[&minus("a", "-b")],
        );
        check(
            "a -\"b c\" OR title:d",
            vec![
                vec![w("a")],
                vec![Clause {
                    title_only: true,
                    ..w("d")
                }],
            ],
            &[&minus("-\"b c\"", "title:d")],
        );
        check(
            "lang:vi OR -lang:zh",
            vec![],
            &[&minus("lang:vi", "-lang:zh")],
        );
        // A `lang:` filter and a metadata filter; a quoted value is shown quoted.
        let q = parse("lang:vi OR author:\"Nguyễn Văn A\"");
        assert_eq!((q.langs.len(), q.filters.len()), (1, 1));
        assert_eq!(
            q.warnings,
            ["`OR` between `lang:vi` and `author:\"Nguyễn Văn A\"` was ignored: a `lang:` filter and a metadata filter both apply (`OR` joins filters of one kind)"]
        );
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
    fn filters_on_fields_no_document_has_are_words_when_alone() {
        let held = |name: &str| name == "source";
        let q = parse_with(
            r"C:\Windows source:vov IPv6:địa -apt:x date:1 OR source:nhk",
            held,
        );
        let words: Vec<&str> = q.groups.iter().map(|g| g[0].text.as_str()).collect();
        assert_eq!(words, [r"C:\Windows", "IPv6:địa"], "as typed, in place");
        let f: Vec<(&str, bool)> = q
            .filters
            .iter()
            .flatten()
            .map(|f| (f.name.as_str(), f.negated))
            .collect();
        // Negated, or joined by `OR` to another filter, it stays a filter.
        assert_eq!(
            f,
            [
                ("source", false),
                ("apt", true),
                ("date", false),
                ("source", false)
            ]
        );
        assert_eq!(q.filters.len(), 3, "date:1 OR source:nhk is one group");
        assert_eq!(
            q.warnings,
            [
                r"no document has the field `c`: `C:\Windows` is read as words",
                "no document has the field `ipv6`: `IPv6:địa` is read as words"
            ]
        );
        // Read as words, it parts no neighbours (proximity counts); a filter does.
        assert_eq!(q.apart, [false, true], "source:vov stands between them");
        assert_eq!(parse_with("mật apt:khẩu", held).apart, [false, false]);
        // A run of `OR`s joins it either way; a value only a filter has keeps it one.
        for q in ["x:1 OR OR source:nhk", "source:nhk OR OR x:1"] {
            let q = parse_with(q, held);
            assert_eq!((q.groups.len(), q.filters.len()), (0, 1), "{q:?}");
        }
        let q = parse_with(r#"date:2024-13-45 x:"a b" pages:20..10 c:1 c:1"#, held);
        let f: Vec<&str> = q
            .filters
            .iter()
            .flatten()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(f, ["date", "x", "pages"]);
        assert_eq!(q.groups.len(), 2);
        assert_eq!(
            q.warnings,
            ["no document has the field `c`: `c:1` is read as words"],
            "once"
        );
        assert_eq!(parse_with("a:b", |_| true).filters.len(), 1);
    }

    #[test]
    fn malformed_input_is_literal() {
        assert_eq!(
            parse("\"khoáng sản").groups,
            vec![vec![w("khoáng")], vec![w("sản")]]
        );
        assert_eq!(parse("-").groups, vec![vec![w("-")]]);
        assert_eq!(parse("OR").groups, vec![vec![w("OR")]]);
        assert_eq!(parse("“綠色礦產”").groups, vec![vec![p("綠色礦產")]]);
        // Corner brackets are punctuation, left to the analysis: no phrase.
        assert_eq!(parse("「綠色」礦產").groups, vec![vec![w("「綠色」礦產")]]);
        assert_eq!(parse("").groups, Vec::<Vec<Clause>>::new());
        assert_eq!(parse("a* (b) [c]").groups.len(), 3);
    }
}
