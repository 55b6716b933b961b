//! Markdown: the title is the front matter's `title`, else the first ATX (`# …`) or
//! setext heading that has text, else the first non-empty line; the body is the text a
//! reader sees, as pulldown-cmark (a CommonMark parser) reads it: the text of
//! paragraphs, headings, lists, tables, quotes and code, link text and image alt text,
//! one block a line; not the markup, link and image URLs, code fence languages or HTML
//! comments. The front matter's other keys are metadata.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::Extracted;
use crate::document::{FieldValue, Fields};

/// Extracts a `.md` document.
pub fn extract(text: &str) -> Extracted {
    let (mut fields, body) = front_matter(text).unwrap_or_else(|| (Fields::new(), text));
    let title = match fields.remove("title") {
        Some(t) => t.to_string(),
        None => heading(body)
            .map(|h| plain(&h).trim().to_string())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| super::txt::title(body)),
    };
    Extracted {
        title,
        body: plain(body),
        fields,
        ..Extracted::default()
    }
}

/// The text of Markdown `md` as a reader sees it, one block a line.
fn plain(md: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut out = String::with_capacity(md.len());
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::Html(h) | Event::InlineHtml(h) => push_html_text(&h, &mut out),
            Event::SoftBreak | Event::HardBreak | Event::Rule => out.push('\n'),
            Event::Start(Tag::TableCell) => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out
}

/// The text of raw HTML in Markdown: tags and comments dropped.
fn push_html_text(html: &str, out: &mut String) {
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
        } else if rest.starts_with('<') {
            rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
}

/// The first ATX or setext heading of `text` that has text.
fn heading(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if t.starts_with('#') {
            let h = t.trim_start_matches('#');
            if h.is_empty() || h.starts_with(' ') {
                let h = h.trim().trim_end_matches('#').trim();
                if !h.is_empty() {
                    return Some(h.to_string());
                }
                continue;
            }
        }
        if !t.is_empty() {
            if let Some(next) = lines.get(i + 1) {
                let n = next.trim();
                if n.len() >= 2 && (n.chars().all(|c| c == '=') || n.chars().all(|c| c == '-')) {
                    return Some(t.to_string());
                }
            }
        }
    }
    None
}

/// The front matter at the top of `text` and the text after it; `None` without one:
/// YAML between `---` lines (or `---` … `...`, as Jekyll, Hugo and Pandoc write it) or
/// TOML between `+++` lines (Hugo). Only its flat part is read: top-level `key: value`
/// (TOML `key = value`) lines whose value is text (quoted or not; a ` #` comment after
/// an unquoted one is dropped), a number, a date or a flow list `[a, b]`, and YAML
/// block lists (`- item` lines under a key with no value). Nested keys and block
/// scalars are left out.
fn front_matter(text: &str) -> Option<(Fields, &str)> {
    let mut lines = text.split_inclusive('\n');
    let fence = lines.next()?.trim_end();
    let (sep, ends): (char, &[&str]) = match fence {
        "---" => (':', &["---", "..."]),
        "+++" => ('=', &["+++"]),
        _ => return None,
    };
    let mut fields = Fields::new();
    let mut offset = text.find('\n')? + 1;
    // The key of a YAML block list being read, and its items.
    let mut list: Option<(String, Vec<FieldValue>)> = None;
    let end_list = |list: &mut Option<(String, Vec<FieldValue>)>, fields: &mut Fields| {
        if let Some((key, items)) = list.take().filter(|(_, items)| !items.is_empty()) {
            fields.insert(key, FieldValue::List(items));
        }
    };
    for line in lines {
        offset += line.len();
        let l = line.trim_end();
        if ends.contains(&l) {
            end_list(&mut list, &mut fields);
            return Some((fields, &text[offset..]));
        }
        let item = l.trim_start().strip_prefix("- ");
        if let (Some((_, items)), Some(item)) = (&mut list, item) {
            items.extend(scalar(item));
            continue;
        }
        if l.is_empty() || l.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        end_list(&mut list, &mut fields);
        // A line that is not `key:` means this is no front matter: a thematic break
        // (`---`) opened the file, and prose follows it.
        let (key, value) = l.split_once(sep)?;
        let key = key.trim();
        let plain = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
        if key.is_empty() || !key.chars().all(plain) {
            return None;
        }
        let key = key.to_ascii_lowercase();
        let value = value.trim();
        if value.is_empty() && sep == ':' {
            list = Some((key, Vec::new()));
        } else if let Some(v) = value_of(value) {
            fields.insert(key, v);
        }
    }
    None
}

/// A scalar or flow-list value of the front matter (`None` when empty, or a block
/// scalar's indicator: `>`, `|-`, whose text is on the indented lines after it).
fn value_of(v: &str) -> Option<FieldValue> {
    if v.starts_with(['>', '|']) && v[1..].chars().all(|c| matches!(c, '-' | '+' | '0'..='9')) {
        return None;
    }
    match v.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
        Some(items) => {
            let list: Vec<FieldValue> = items.split(',').filter_map(scalar).collect();
            (!list.is_empty()).then_some(FieldValue::List(list))
        }
        None => scalar(v),
    }
}

/// One value: quoted text (`"…"` with `\"` and `\\` escapes, `'…'` with `''`), else
/// the text before a ` #` comment; a number or a date when it reads as one (quoted or
/// not).
fn scalar(s: &str) -> Option<FieldValue> {
    let s = s.trim();
    // A quoted value ends at its closing quote (a comment may follow it).
    let quoted = |q: char| -> Option<String> {
        let mut chars = s.strip_prefix(q)?.chars();
        let mut out = String::new();
        while let Some(c) = chars.next() {
            let next = chars.clone().next();
            match (q, c, next) {
                ('"', '\\', Some(n @ ('"' | '\\'))) | ('\'', '\'', Some(n @ '\'')) => {
                    out.push(n);
                    chars.next();
                }
                (_, c, _) if c == q => return Some(out),
                _ => out.push(c),
            }
        }
        None
    };
    let text = quoted('"')
        .or_else(|| quoted('\''))
        .unwrap_or_else(|| s.split(" #").next().unwrap_or_default().trim().to_string());
    if text.is_empty() {
        return None;
    }
    FieldValue::from_number_text(&text).or_else(|| Some(FieldValue::from(text.as_str())))
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_body_is_the_text_a_reader_sees() {
        let md = "# Tiêu đề *một*\n\nA **boldword** [link text](https://example.com/secretpath \"t\") \
                  ![alt word](img/pic.png) <span>inline</span> <!-- mdcomment -->\n\n\
                  ```python\nprint(1)\n```\n\n| a | b |\n|---|---|\n| cellone | celltwo |\n\n- item &amp; more\n";
        let d = super::extract(md);
        assert_eq!(d.title, "Tiêu đề một");
        for kept in [
            "Tiêu đề một",
            "boldword",
            "link text",
            "alt word",
            "inline",
            "print(1)",
            "cellone",
            "celltwo",
            "item & more",
        ] {
            assert!(d.body.contains(kept), "{kept}: {}", d.body);
        }
        for gone in [
            "secretpath",
            "https",
            "pic.png",
            "mdcomment",
            "python",
            "**",
            "](",
            "<span>",
            "|---",
        ] {
            assert!(!d.body.contains(gone), "{gone}: {}", d.body);
        }
        // One block a line: a phrase does not run from one cell into the next line.
        assert!(d.body.lines().any(|l| l.trim() == "print(1)"), "{}", d.body);
    }
    use crate::document::FieldValue;

    #[test]
    fn headings() {
        assert_eq!(
            super::extract("intro\n\n## Khoáng sản xanh ##\nbody").title,
            "Khoáng sản xanh"
        );
        assert_eq!(super::extract("綠色礦產\n====\nbody").title, "綠色礦產");
        assert_eq!(super::extract("#hashtag\nplain").title, "#hashtag");
        // An empty heading is passed over.
        assert_eq!(super::extract("# \n\n## Second\nbody").title, "Second");
    }

    #[test]
    fn front_matter_gives_the_title_and_metadata() {
        let d = super::extract(
            "---\ntitle: \"Khoáng sản xanh\"\ndate: 2024-01-02\npages: 3\ntags: [kinh tế, 'khoáng sản']\nauthor:\n  name: nested\n---\n# Heading\nbody text\n",
        );
        assert_eq!(d.title, "Khoáng sản xanh");
        assert_eq!(d.body, "Heading\nbody text\n");
        assert_eq!(d.fields["date"].to_json(), "2024-01-02");
        assert!(matches!(d.fields["date"], FieldValue::Date(_)));
        assert_eq!(d.fields["pages"], FieldValue::Number(3.0));
        assert_eq!(d.fields["tags"].to_string(), "kinh tế, khoáng sản");
        assert!(!d.fields.contains_key("author"), "nested: left out");
        assert!(!d.fields.contains_key("title"));
        // Without a title key, the first heading after it; the front matter is never
        // a setext heading.
        let d = super::extract("---\ndate: 2024-01-02\n---\nBody first line\n");
        assert_eq!(d.title, "Body first line");
        // Not closed: not front matter.
        let d = super::extract("---\ntitle: x\nbody");
        assert!(d.body.contains("title: x"), "{}", d.body);
        assert!(d.fields.is_empty());
        // A thematic break first, then prose and another break: not front matter.
        let text = "---\nSome prose, not a key.\n\n---\nMore.\n";
        let d = super::extract(text);
        assert!(d.body.contains("Some prose, not a key.") && d.body.contains("More."));
        assert!(d.fields.is_empty());
        // A block scalar's text is on the lines after it: the key is left out.
        let d = super::extract("---\ntitle: >\n  Folded title\ndate: 2024-01-02\n---\n# Heading\n");
        assert_eq!(d.title, "Heading");
        assert_eq!(d.fields["date"].to_json(), "2024-01-02");
        // Block lists, escapes, comments; TOML as Hugo writes it.
        let d = super::extract(
            "---\ntitle: \"Về \\\"dsearch\\\"\" # a comment\nnote: It's fine # not this\nq: 'It''s'\ntags:\n  - 数据库\n  - khoáng sản\n---\nbody\n",
        );
        assert_eq!(d.title, "Về \"dsearch\"");
        assert_eq!(d.fields["note"].to_string(), "It's fine");
        assert_eq!(d.fields["q"].to_string(), "It's");
        assert_eq!(d.fields["tags"].to_string(), "数据库, khoáng sản");
        let d = super::extract("+++\ntitle = \"Hugo\"\ndate = 2024-05-06\n+++\nbody\n");
        assert_eq!(d.title, "Hugo");
        assert_eq!(d.body, "body\n");
        assert_eq!(d.fields["date"].to_json(), "2024-05-06");
    }
}
