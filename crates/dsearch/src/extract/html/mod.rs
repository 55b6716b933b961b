//! HTML through a real parser (scraper, on html5ever): the title from `<title>` or the
//! first `<h1>` outside navigation; the body is the visible text without script, style,
//! navigation, forms, templates, ruby annotations and what the page hides (`hidden`,
//! an inline `display: none` or `visibility: hidden`; unless that is most of its
//! text), nor the page's header and footer (an article's own
//! `<header>` and `<footer>`, its headline and byline, stay), block elements separated
//! by newlines. A page nested too deep for a tree is read by the tokenizer alone
//! (`flat`).

mod flat;

use scraper::{ElementRef, Html, Node, Selector};

use super::Extracted;
use crate::document::{FieldValue, Fields};

/// Elements whose text is never body text. `rt` and `rp` are a ruby's annotation (the
/// reading of `<ruby>空港<rt>くうこう</rt></ruby>`) and its fallback parentheses: read
/// inline they would split the words they annotate (`空港くうこう`), as Japanese pages
/// with furigana and Aozora Bunko's books have them on most words.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "aside", "form", "button", "select", "svg",
    "iframe", "head", "rt", "rp",
];

/// The page's header and footer: skipped, but not inside an article (or `<main>`),
/// where they hold its headline, lead and byline.
const PAGE_CHROME: &[&str] = &["header", "footer"];

/// Elements whose header and footer belong to the content.
const CONTENT: &[&str] = &["article", "main"];

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
    "header",
    "footer",
];

/// True for an element the page hides from its readers: the `hidden` attribute (but
/// `hidden="until-found"`, which find-in-page reveals, and a tab panel's: a click shows
/// it), or an inline style whose last `display` is `none` or whose last `visibility` is
/// `hidden` (a saved page's closed menus, dialogs and banners). A class a style sheet
/// hides cannot be told without the sheet; neither can `aria-hidden`, which many pages
/// put on text they show. A child that sets `visibility: visible` again is hidden with
/// its parent here.
fn hidden_by_page(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some_and(|v| {
        !v.trim().eq_ignore_ascii_case("until-found")
            && !e
                .attr("role")
                .is_some_and(|r| r.eq_ignore_ascii_case("tabpanel"))
    }) {
        return true;
    }
    let Some(style) = e.attr("style") else {
        return false;
    };
    let (mut display, mut visibility) = ("", "");
    for decl in style.split(';') {
        let Some((prop, value)) = decl.split_once(':') else {
            continue;
        };
        let value = value.trim();
        // `none !important`, `none ! IMPORTANT`.
        let value = match value.rfind('!') {
            Some(bang) if value[bang + 1..].trim().eq_ignore_ascii_case("important") => {
                value[..bang].trim_end()
            }
            _ => value,
        };
        match prop.trim() {
            p if p.eq_ignore_ascii_case("display") => display = value,
            p if p.eq_ignore_ascii_case("visibility") => visibility = value,
            _ => {}
        }
    }
    display.eq_ignore_ascii_case("none") || visibility.eq_ignore_ascii_case("hidden")
}

/// Extracts an `.html` document.
pub fn extract(text: &str) -> Extracted {
    let depth = flat::depth_estimate(text);
    if depth > flat::MAX_DEPTH {
        return flat::extract(text, depth);
    }
    let doc = Html::parse_document(text);
    let title = first_text(&doc, "title")
        .or_else(|| first_heading(&doc))
        .unwrap_or_default();
    let root = Selector::parse("body")
        .ok()
        .and_then(|s| doc.select(&s).next())
        .unwrap_or_else(|| doc.root_element());
    let text = |skip_hidden| {
        let mut body = String::new();
        let hid = walk(root, skip_hidden, &mut body);
        (tidy(&body), hid)
    };
    // A page that hides most of its text shows it with a script (an application's
    // root, `style="display: none"` until it loads): then the hidden text is the page.
    let body = match text(true) {
        (visible, true) => {
            let (all, _) = text(false);
            match visible.len() * 2 < all.len() {
                true => all,
                false => visible,
            }
        }
        (visible, false) => visible,
    };
    Extracted {
        title,
        body,
        fields: meta_fields(metas(&doc).into_iter()),
        ..Extracted::default()
    }
}

/// The `<meta>` elements that become metadata: the author (`author`,
/// `article:author`) and the date (`date`, `dc.date`, `article:published_time`, ...),
/// the first of each that has content.
const META: [(&str, &[&str]); 2] = [
    ("author", &["author", "article:author", "dc.creator"]),
    (
        "date",
        &[
            "date",
            "dc.date",
            "dcterms.date",
            "article:published_time",
            "pubdate",
            "publishdate",
        ],
    ),
];

/// The metadata of a page's `<meta>` elements, given as (`name` or `property`,
/// `content`).
fn meta_fields<'a>(metas: impl Iterator<Item = (&'a str, &'a str)>) -> Fields {
    let mut out = Fields::new();
    for (name, content) in metas {
        let name = name.trim().to_ascii_lowercase();
        let content = content.trim();
        if content.is_empty() {
            continue;
        }
        for (field, names) in META {
            if names.contains(&name.as_str()) && !out.contains_key(field) {
                out.insert(field.to_string(), FieldValue::from(content));
            }
        }
    }
    out
}

/// The `<meta>` elements of a parsed page, as [`meta_fields`] takes them.
fn metas(doc: &Html) -> Vec<(&str, &str)> {
    let Ok(sel) = Selector::parse("meta[content]") else {
        return Vec::new();
    };
    doc.select(&sel)
        .map(|el| {
            let e = el.value();
            let name = e.attr("name").or_else(|| e.attr("property"));
            (
                name.unwrap_or_default(),
                e.attr("content").unwrap_or_default(),
            )
        })
        .collect()
}

fn first_text(doc: &Html, tag: &str) -> Option<String> {
    let sel = Selector::parse(tag).ok()?;
    let el = doc.select(&sel).next()?;
    text_of(el)
}

/// The first `<h1>` that is body text (not in navigation or the page's header).
fn first_heading(doc: &Html) -> Option<String> {
    let sel = Selector::parse("h1").ok()?;
    doc.select(&sel).filter(|el| !hidden(*el)).find_map(text_of)
}

/// True when `el` is inside an element whose text is no body text.
fn hidden(el: ElementRef<'_>) -> bool {
    if hidden_by_page(el.value()) {
        return true;
    }
    let mut in_content = false;
    let ancestors: Vec<&scraper::node::Element> = el
        .ancestors()
        .filter_map(|a| a.value().as_element())
        .collect();
    // From the root down, as `walk` reads the page: the body's children, whatever the
    // body's own style says.
    for e in ancestors.into_iter().rev() {
        let name = e.name();
        if CONTENT.contains(&name) {
            in_content = true;
        }
        if SKIPPED.contains(&name)
            || (PAGE_CHROME.contains(&name) && !in_content)
            || (!matches!(name, "html" | "body") && hidden_by_page(e))
        {
            return true;
        }
    }
    false
}

fn text_of(el: ElementRef<'_>) -> Option<String> {
    let t: String = el.text().collect();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

/// Appends the visible text under `root`, a newline before and after each block
/// element. Depth-first with a stack of its own: a page of deeply nested (or never
/// closed) elements would overflow the call stack. With `skip_hidden`, what the page
/// hides is left out; returns whether anything was.
fn walk(root: ElementRef<'_>, skip_hidden: bool, out: &mut String) -> bool {
    let mut hid = false;
    // (node, true when it is the end of a block element, true inside an article).
    let mut stack: Vec<_> = root.children().rev().map(|c| (c, false, false)).collect();
    while let Some((node, end_of_block, in_content)) = stack.pop() {
        if end_of_block {
            out.push('\n');
            continue;
        }
        match node.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if SKIPPED.contains(&name) || (PAGE_CHROME.contains(&name) && !in_content) {
                    continue;
                }
                if skip_hidden && hidden_by_page(e) {
                    hid = true;
                    continue;
                }
                if BLOCKS.contains(&name) {
                    out.push('\n');
                    stack.push((node, true, in_content));
                }
                let in_content = in_content || CONTENT.contains(&name);
                stack.extend(node.children().rev().map(|c| (c, false, in_content)));
            }
            _ => {}
        }
    }
    hid
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
    use crate::document::FieldValue;

    #[test]
    fn title_and_visible_text() {
        let html = "<html><head><title>Khoáng sản</title><style>p{}</style></head><body><nav>Menu</nav>\
            <h1>Tiêu đề</h1><p>Đoạn <b>một</b></p><script>var x=1;</script><p>綠色礦產</p></body></html>";
        let d = super::extract(html);
        assert_eq!(d.title, "Khoáng sản");
        assert_eq!(d.body, "Tiêu đề\nĐoạn một\n綠色礦產\n");
    }

    #[test]
    fn what_the_page_hides_is_not_body_text() {
        let d = super::extract(
            "<html><head><title>T</title></head><body>\
             <div hidden><h1>Hộp thoại đóng</h1>Đăng nhập</div>\
             <div style=\"color: red; DISPLAY : none !important\">Menu ẩn</div>\
             <span style=\"visibility:hidden\">Chữ ẩn</span>\
             <details><div hidden=\"until-found\">Tìm thấy được</div></details>\
             <p style=\"display: block\">Thân bài của trang dài hơn mọi phần bị ẩn cộng lại.</p>\
             <p aria-hidden=\"true\">Chữ hiện</p></body></html>",
        );
        assert_eq!(
            d.body,
            "Tìm thấy được\nThân bài của trang dài hơn mọi phần bị ẩn cộng lại.\nChữ hiện\n"
        );
        // As CSS reads a style: the last declaration wins, `!important` in any case.
        let d = super::extract(
            "<body><p style=\"display:none;display:block\">Hiện</p>\
             <p style=\"display: none ! IMPORTANT\">Ẩn</p>\
             <div role=\"tabpanel\" hidden>Thẻ khác</div><p>Thân bài dài hơn một chút</p></body>",
        );
        assert_eq!(d.body, "Hiện\nThẻ khác\nThân bài dài hơn một chút\n");
        // Most of the text hidden: a script shows it; it is the page.
        let d = super::extract(
            "<body><div id=\"app\" style=\"display:none\"><h1>Ứng dụng</h1><p>Nội dung chính của trang</p></div>\
             <footer>©</footer><p>Tải…</p></body>",
        );
        assert_eq!(d.body, "Ứng dụng\nNội dung chính của trang\nTải…\n");
        // The body's own style is not read, for the title as for the text.
        let d = super::extract("<body style=\"display:none\"><h1>Tiêu đề</h1><p>x</p></body>");
        assert_eq!(
            (d.title.as_str(), d.body.as_str()),
            ("Tiêu đề", "Tiêu đề\nx\n")
        );
        // Nor is a hidden heading the title.
        let d = super::extract("<body><h1 hidden>Ẩn</h1><h1>Hiện</h1></body>");
        assert_eq!(d.title, "Hiện");
    }

    #[test]
    fn meta_author_and_date() {
        let html = "<html><head><meta name=\"Author\" content=\"Nguyễn Văn A\">\
            <meta property=\"article:published_time\" content=\"2024-03-05T08:00:00+07:00\">\
            <meta name=\"keywords\" content=\"x\"></head><body><p>x</p></body></html>";
        let d = super::extract(html);
        assert_eq!(d.fields["author"], FieldValue::Text("Nguyễn Văn A".into()));
        assert!(matches!(d.fields["date"], FieldValue::Date(_)));
        assert_eq!(d.fields.len(), 2);
    }

    #[test]
    fn an_articles_own_header_and_footer_stay() {
        let d = super::extract(
            "<html><head><title>Site</title></head><body><header><nav><a href=\"/\">Home</a></nav>Site banner</header>\
             <main><article><header><h1>Tiêu đề bài</h1><p>Đoạn sapo</p></header><p>Thân bài.</p>\
             <footer><p>Tác giả A</p></footer></article></main><footer>Bản quyền</footer></body></html>",
        );
        for kept in ["Tiêu đề bài", "Đoạn sapo", "Thân bài.", "Tác giả A"] {
            assert!(d.body.contains(kept), "{kept}: {}", d.body);
        }
        for gone in ["Home", "Site banner", "Bản quyền"] {
            assert!(!d.body.contains(gone), "{gone}: {}", d.body);
        }
        // The title from the first heading outside navigation.
        let d = super::extract(
            "<html><body><nav><h1>NavLogo</h1></nav><h1>Real <em>Headline</em></h1><p>x</p></body></html>",
        );
        assert_eq!(d.title, "Real Headline");
    }

    #[test]
    fn ruby_annotations_are_not_body_text() {
        // Furigana, with and without the fallback parentheses and end tags.
        let d = super::extract(
            "<p><ruby>空港<rp>(</rp><rt>くうこう</rt><rp>)</rp></ruby>を<ruby>改装<rt>かいそう</ruby>する\
             <ruby>計<rt>けい<rb>画</rb><rt>かく</ruby>です。</p>",
        );
        // `<rb>` closes the annotation before it: `画` is base text.
        assert_eq!(d.body, "空港を改装する計画です。\n");
    }

    #[test]
    fn h1_when_no_title_and_broken_html() {
        let d = super::extract("<h1>绿色<i>矿产</h1><p>unclosed <div>text");
        assert_eq!(d.title, "绿色矿产");
        assert!(d.body.contains("unclosed"));
        assert!(d.body.contains("text"));
    }

    #[test]
    fn deeply_nested_or_unclosed_elements_do_not_overflow_the_stack() {
        // Deep enough to overflow the stack of a recursive walk on a 2 MB thread, which
        // aborts the whole test process (a failure, though not a panic).
        for (open, close) in [("<div>x ", ""), ("<span>", "</span>"), ("<div>", "</div>")] {
            let html = format!(
                "<html><body>{}深い{}</body></html>",
                open.repeat(20_000),
                close.repeat(20_000)
            );
            let d = std::thread::Builder::new()
                .stack_size(2 << 20)
                .spawn(move || super::extract(&html))
                .unwrap()
                .join()
                .expect("the extracting thread");
            assert!(d.body.contains("深い"), "{open}");
        }
    }
}
