//! HTML through a real parser (scraper, on html5ever): the title from `<title>` or the
//! first `<h1>`; the body is the visible text without script, style, navigation,
//! header, footer, forms and templates, block elements separated by newlines.

use scraper::{ElementRef, Html, Node, Selector};

use super::Extracted;

/// Elements whose text is never body text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "select", "svg", "iframe", "head",
];

/// Elements that end a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "figcaption",
    "main",
    "hr",
];

/// Extracts an `.html` document.
pub fn extract(text: &str) -> Extracted {
    let doc = Html::parse_document(text);
    let title = first_text(&doc, "title")
        .or_else(|| first_text(&doc, "h1"))
        .unwrap_or_default();
    let mut body = String::new();
    let root = Selector::parse("body")
        .ok()
        .and_then(|s| doc.select(&s).next());
    match root {
        Some(b) => walk(b, &mut body),
        None => walk(doc.root_element(), &mut body),
    }
    let body = tidy(&body);
    Extracted {
        title,
        body,
        ..Extracted::default()
    }
}

fn first_text(doc: &Html, tag: &str) -> Option<String> {
    let sel = Selector::parse(tag).ok()?;
    let el = doc.select(&sel).next()?;
    let t: String = el.text().collect();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

fn walk(el: ElementRef<'_>, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if SKIPPED.contains(&name) {
                    continue;
                }
                if let Some(c) = ElementRef::wrap(child) {
                    let block = BLOCKS.contains(&name);
                    if block {
                        out.push('\n');
                    }
                    walk(c, out);
                    if block {
                        out.push('\n');
                    }
                }
            }
            _ => {}
        }
    }
}

/// Collapses spaces inside lines and drops empty lines.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.lines() {
        let l = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !l.is_empty() {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn title_and_visible_text() {
        let html = "<html><head><title>Khoáng sản</title><style>p{}</style></head><body><nav>Menu</nav>\
            <h1>Tiêu đề</h1><p>Đoạn <b>một</b></p><script>var x=1;</script><p>綠色礦產</p></body></html>";
        let d = super::extract(html);
        assert_eq!(d.title, "Khoáng sản");
        assert_eq!(d.body, "Tiêu đề\nĐoạn một\n綠色礦產\n");
    }

    #[test]
    fn h1_when_no_title_and_broken_html() {
        let d = super::extract("<h1>绿色<i>矿产</h1><p>unclosed <div>text");
        assert_eq!(d.title, "绿色矿产");
        assert!(d.body.contains("unclosed"));
        assert!(d.body.contains("text"));
    }
}
