//! Pages nested too deep for a tree: html5ever's tree builder looks through the open
//! elements at every start tag, so a page whose elements nest n deep costs n² (200,000
//! nested `<div>`s: three minutes). [`depth_estimate`] finds such a page in one pass,
//! and [`extract`] reads it with html5ever's tokenizer alone, in linear time: the same
//! elements are skipped and the same ones end a line as in the tree walk of
//! [`super::extract`], counted on the way rather than read from a tree. One thing it
//! does not do: skip what the page hides (`hidden`, an inline `display: none`), as
//! which end tag closes such an element is a question for the tree.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::{tidy, BLOCKS, CONTENT, PAGE_CHROME, SKIPPED};
use crate::document::Fields;
use crate::extract::{Extracted, Warning};

/// Pages whose elements nest deeper than this (by [`depth_estimate`]) are read flat.
/// Real pages nest a few dozen deep; at this depth the tree costs about a second.
pub(super) const MAX_DEPTH: usize = 4096;

/// Elements without an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose end tag may be left out: the next one closes them, so they do not
/// nest when unclosed.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup",
    "colgroup", "caption", "rt", "rp",
];

/// Elements whose content is text, not markup.
const RAW_TEXT: &[&str] = &["script", "style"];

/// How deep the elements of `html` nest, estimated in one pass over its bytes: the
/// most start tags open at once, counting neither void elements nor those whose end
/// tag is optional, and skipping comments and the text of scripts and styles.
pub(super) fn depth_estimate(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(at) = b[i..].iter().position(|&c| c == b'<') {
        i += at + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i + 3, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let end = b.get(i) == Some(&b'/');
        let start = i + usize::from(end);
        let len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if len == 0 || !b[start].is_ascii_alphabetic() {
            continue;
        }
        // Compared without case, not lowered into a string of its own: one per tag.
        let name = &html[start..start + len];
        let among = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(name));
        i = start + len;
        if among(VOID) || among(OPTIONAL_END) {
            continue;
        }
        if end {
            depth = depth.saturating_sub(1);
            continue;
        }
        depth += 1;
        max = max.max(depth);
        if among(RAW_TEXT) {
            // Up to the end tag: `a<b` in a script is no tag.
            let close = format!("</{name}");
            i = find_ignore_case(b, i, close.as_bytes()).unwrap_or(b.len());
        }
    }
    max
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn find_ignore_case(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

/// What the tokenizer has read so far.
#[derive(Default)]
struct State {
    body: String,
    title: String,
    /// The text of the first `<h1>` outside skipped elements: the title when the page
    /// has no `<title>`.
    heading: String,
    in_title: bool,
    title_done: bool,
    in_heading: bool,
    heading_done: bool,
    /// Inside a ruby annotation (`<rt>`, `<rp>`), whose end tag is optional: it ends at
    /// the next annotation, the next base (`<rb>`) or the ruby's end.
    in_annotation: bool,
    /// Skipped elements open (script, navigation, the page's header and footer, ...).
    skipped: usize,
    /// Articles and `<main>` open: their header and footer are content.
    content: usize,
    /// Of the headers and footers open, those skipped.
    chrome: Vec<bool>,
    meta: Vec<(String, String)>,
}

/// The tokenizer's sink: a state behind a `RefCell`, as html5ever's sinks take `&self`.
#[derive(Default)]
struct Sink(RefCell<State>);

impl State {
    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        let start = tag.kind == TagKind::StartTag;
        if name == "title" {
            self.in_title = start && !self.title_done;
            self.title_done |= !start && !self.title.trim().is_empty();
            return match start {
                true => TokenSinkResult::RawData(RawKind::Rcdata),
                false => TokenSinkResult::Continue,
            };
        }
        if name == "meta" && start {
            let attr = |n: &str| {
                tag.attrs
                    .iter()
                    .find(|a| &*a.name.local == n)
                    .map(|a| a.value.to_string())
            };
            if let Some(content) = attr("content") {
                let key = attr("name")
                    .or_else(|| attr("property"))
                    .unwrap_or_default();
                self.meta.push((key, content));
            }
            return TokenSinkResult::Continue;
        }
        match (name, start) {
            ("rt" | "rp", _) => {
                self.in_annotation = start;
                return TokenSinkResult::Continue;
            }
            ("ruby", false) | ("rb", true) => self.in_annotation = false,
            _ => {}
        }
        if VOID.contains(&name) || tag.self_closing {
            if BLOCKS.contains(&name) && self.skipped == 0 {
                self.body.push('\n');
            }
            return TokenSinkResult::Continue;
        }
        if CONTENT.contains(&name) {
            match start {
                true => self.content += 1,
                false => self.content = self.content.saturating_sub(1),
            }
        }
        let skips = if PAGE_CHROME.contains(&name) {
            match start {
                true => {
                    let skipped = self.content == 0;
                    self.chrome.push(skipped);
                    skipped
                }
                false => self.chrome.pop().unwrap_or(false),
            }
        } else {
            SKIPPED.contains(&name)
        };
        if skips {
            match start {
                true => self.skipped += 1,
                false => self.skipped = self.skipped.saturating_sub(1),
            }
        }
        if name == "h1" {
            self.in_heading = start && !self.heading_done && self.skipped == 0;
            self.heading_done |= !start && !self.heading.trim().is_empty();
        }
        if BLOCKS.contains(&name) && self.skipped == 0 {
            self.body.push('\n');
        }
        match (start, name) {
            (true, "script") => TokenSinkResult::RawData(RawKind::ScriptData),
            (true, "style" | "iframe" | "noscript" | "xmp" | "noembed" | "noframes") => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            (true, "textarea") => TokenSinkResult::RawData(RawKind::Rcdata),
            _ => TokenSinkResult::Continue,
        }
    }

    fn text(&mut self, t: &str) {
        if self.in_title {
            self.title.push_str(t);
            return;
        }
        if self.skipped > 0 || self.in_annotation {
            return;
        }
        if self.in_heading {
            self.heading.push_str(t);
        }
        self.body.push_str(t);
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut s = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => s.tag(&tag),
            Token::CharacterTokens(t) => {
                s.text(&t);
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

/// Extracts a page too deep for a tree (see the module docs), with a warning that says
/// so.
pub(super) fn extract(html: &str, depth: usize) -> Extracted {
    let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let s = tokenizer.sink.0.into_inner();
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = match words(&s.title) {
        t if t.is_empty() => words(&s.heading),
        t => t,
    };
    let fields: Fields = super::meta_fields(s.meta.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    Extracted {
        title,
        body: tidy(&s.body),
        fields,
        warnings: vec![Warning {
            message: format!(
                "elements nested about {depth} deep (more than {MAX_DEPTH}): read as a \
                 stream of text without a tree"
            ),
        }],
        ..Extracted::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_elements_that_nest_not_those_closed_by_the_next() {
        assert_eq!(
            depth_estimate("<html><body><div><p>a<p>b<br><img></div></body></html>"),
            3
        );
        // Unclosed paragraphs and list items do not nest; scripts and comments hold no
        // tags.
        let page = format!(
            "<div>{}<script>for(i=0;i<n;i++){{a<b}}</script><!-- <div><div> --></div>",
            "<p>x<li>y".repeat(10_000)
        );
        assert_eq!(depth_estimate(&page), 2);
        assert_eq!(depth_estimate(&"<div>".repeat(5000)), 5000);
        assert_eq!(depth_estimate("<DIV><Span></span></DIV><div>"), 2);
    }

    #[test]
    fn a_flat_read_skips_and_keeps_what_the_tree_walk_does() {
        let html = "<html><head><title>Khoáng  sản</title><meta name=author content=\"Nguyễn Văn A\">\
            <style>p{}</style></head><body><header>Site banner</header><nav>Menu</nav>\
            <main><article><header><h1>Tiêu đề</h1></header><p>Đoạn <b>một</b> &amp; hai\
            <script>if(a<b){}</script><p>綠色礦產</article></main><footer>Bản quyền</footer></body></html>";
        let flat = extract(html, 1);
        let tree = super::super::extract(html);
        assert_eq!(flat.title, "Khoáng sản");
        assert_eq!(flat.body, "Tiêu đề\nĐoạn một & hai\n綠色礦產\n");
        assert_eq!(flat.body, tree.body);
        assert_eq!(flat.fields, tree.fields);
        assert_eq!(flat.warnings.len(), 1);
        // Ruby annotations, whose end tags are optional.
        let html = "<p><ruby>空港<rp>(</rp><rt>くうこう</rt><rp>)</rp></ruby>を\
            <ruby>改装<rt>かいそう</ruby>する<ruby>計<rt>けい<rb>画<rt>かく<rt>x</ruby>です。<p>次";
        let flat = extract(html, 1);
        assert_eq!(flat.body, "空港を改装する計画です。\n次\n");
        assert_eq!(flat.body, super::super::extract(html).body);
        // No <title>: the first heading outside navigation.
        let flat = extract("<nav><h1>Logo</h1></nav><h1>Real <em>one</em></h1><p>x", 1);
        assert_eq!(flat.title, "Real one");
    }

    #[test]
    fn a_page_nested_too_deep_for_a_tree_is_read_flat_with_a_warning() {
        // A tree would take minutes here (n² in the depth); read flat it is linear. The
        // estimate counts `<html>` and `<body>` too.
        let n = 200_000;
        let html = format!(
            "<html><body>{}<p>khoáng sản</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let d = super::super::extract(&html);
        assert_eq!(d.body, "khoáng sản\n");
        assert!(
            d.warnings[0].message.contains("about 200002 deep"),
            "{:?}",
            d.warnings
        );
    }
}
