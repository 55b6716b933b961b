#!/usr/bin/env python3
"""Builds the judged query sets of the relevance benchmark (benches/relevance.rs) from
Debian documentation packages unpacked by scripts/relevance.sh.

Sets (one language each; the documents of every set go into ONE mixed index):
  gimp-ja, gimp-zh-Hans, gimp-en
                          GIMP manual (gimp-help-ja, gimp-help-zh-cn, gimp-help-en):
                          each entry of the manual's keyword index
                          (gimp-help-index.html) is a query, the pages it links to are
                          the relevant documents; documents are the manual's HTML pages.
                          gimp-en measures English text and English keyword queries
                          (English is mixed into the other languages' documents, and
                          manuals are often partly untranslated).
  gimp-zh-Hant            the zh-CN pages AND index entries converted with OpenCC
                          (s2tw: Taiwan-standard characters, no vocabulary changes), as
                          separate documents and queries.
  maint-guide-vi, install-guide-vi, debian-reference-zh-Hant, maint-guide-zh-Hant
                          headings -> sections: each section heading is a query, the
                          section it heads is the relevant document.
  debian-descriptions-vi, -zh-Hans, -zh-Hant, -ja
                          Debian package descriptions (the archive's translated
                          description files, bookworm main: Translation-vi, -zh_CN,
                          -zh_TW, -ja): the translated short description is a query, the
                          package's long description is the relevant document (title:
                          the package name; the short description is not in it). See
                          description_set() for the rules of these sets.

Heading sets: a document is one section's own text, from after its heading to the
next section heading of any level (sub-sections are documents of their own), and its
title is the book's title, not the heading. The heading is therefore NOT in the
judged document: it must be found by its content (a heading placed in the title
would make the benchmark a title lookup). Only section headings count (chapter,
appendix, preface, section, sectN titles); admonition and table titles stay text.
The generated label ("2.1.", "Chương 2.", "章 1.", "附錄 A.") is removed from the query,
as nobody types it.

Dropped, for the GIMP and heading sets (counted in the manifest; the description sets
have rules of their own, see description_set()):
  - queries without a character of their language (untranslated English entries or
    headings; for ja a kana or kanji, for zh a Han character, for vi a non-ASCII
    letter, for en a Latin letter), and number- or punctuation-only ones. For the
    GIMP index the entry's own term must qualify, not only its parent ("选区 Add /
    Subtract selections" goes);
  - headings of sections with no text of their own (a chapter heading followed at
    once by its first section): no such document is written;
  - queries whose judged document is not in the query's language (untranslated pages
    or sections: see in_language()), or, for headings, has less than 80 characters of
    text (nothing to find it by);
  - queries pointing to more than 3 documents (too generic to judge: "Ghi chú",
    "簡介"); with 2 or 3, all are relevant.
Queries are deduplicated per language (same text: relevant documents united) and kept
exactly as the source writes them, except that the levels of a GIMP index entry are
joined with one space ("アニメーション 再生..."), as a user would type them.

The GIMP pages in zh-Hans and zh-Hant are twins (one is the conversion of the other).
dsearch folds traditional to simplified and finds both; FTS5 finds only the literal
script. A twin is counted as the same relevant document ("relevant" lists groups of
equivalent ids), so finding either is a hit and neither engine is punished for it.
Likewise for gimp-en: a page that gimp-ja, gimp-zh-Hans or gimp-zh-Hant left
untranslated (not in its set's language: in_language()) is the English page again,
with a few generated labels translated ("注記" for "Note"), so it is a twin of the
gimp-en page of the same name. (Those copies are documents of their own sets, in the
index whether or not gimp-en is; their sets' queries never point to them.)

Outputs (under OUT): jsonl/docs-<set>.jsonl (one document per line: id, title, text;
no lang: dsearch detects it, as on the held-out set) and, with --doc-lang, the same
with "lang" in jsonl-lang/; queries.jsonl (lang, set, query, relevant) in a fixed
pseudo-random order per language (so a --limit-queries prefix is a fair sample);
manifest.json (counts, drops, digest).

Usage: relevance_data.py EXTRACT_DIR OUT_DIR [DESCRIPTIONS_DIR]   (run by
scripts/relevance.sh; DESCRIPTIONS_DIR holds the Translation-<lang>.bz2 files: without
it, or for a file not there, the description sets are not written)
"""

import bz2
import hashlib
import json
import os
import re
import sys
import unicodedata
from html.parser import HTMLParser

# Bump when what this script writes changes (scripts/relevance.sh rebuilds then).
VERSION = 3
MAX_TARGETS = 3
MIN_SECTION_CHARS = 80

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "param", "source", "track", "wbr"}
SKIP_TAGS = {"script", "style", "head", "noscript", "template"}
# Navigation and generated text: the prev/next titles, tables of contents, lists of
# tables/figures/examples and cross-references ("see 節 7.6, “沙盒”"): DocBook
# generates all of them from other sections' headings, so keeping them would plant
# every heading query verbatim in documents that only point to its section.
SKIP_CLASSES = {"navheader", "navfooter", "toc", "xref", "list-of-tables", "list-of-figures",
                "list-of-examples", "list-of-procedures", "list-of-equations",
                "breadcrumbs", "navigation", "docnav"}
# Publican's banner and logo line (debian-handbook).
SKIP_IDS = {"banner", "title"}
BLOCK = {"p", "div", "br", "li", "dt", "dd", "tr", "td", "th", "table", "pre", "h1",
         "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "dl", "section",
         "title", "hr", "caption", "figure", "img"}
SECTION_CLASSES = {"chapter", "appendix", "preface", "section", "sect1", "sect2",
                   "sect3", "sect4", "sect5", "simplesect", "article", "part",
                   "glossary", "bibliography", "reference", "refentry"}


class Node:
    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.children = []
        self.parent = parent

    def classes(self):
        return set((self.attrs.get("class") or "").split())


class TreeBuilder(HTMLParser):
    """A forgiving DOM: an end tag closes up to its open element, or is ignored."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, attrs, self.stack[-1]))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        b = TreeBuilder()
        b.feed(f.read())
        b.close()
        return b.root


def walk(node):
    yield node
    for c in node.children:
        if isinstance(c, Node):
            yield from walk(c)


def find(node, tag):
    return [n for n in walk(node) if n.tag == tag]


def skipped(node):
    return (node.tag in SKIP_TAGS or bool(node.classes() & SKIP_CLASSES)
            or node.attrs.get("id") in SKIP_IDS)


CJK_RE = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
NL_BETWEEN_CJK = re.compile(rf"(?<=[{CJK_RE}])\s*\n\s*(?=[{CJK_RE}])")


def clean(parts):
    """Joins text pieces: a line break between two CJK characters is no space (the
    HTML source wraps lines there), any other run of white space is one space."""
    s = "".join(parts)
    s = unicodedata.normalize("NFC", s)
    s = NL_BETWEEN_CJK.sub("", s)
    return re.sub(r"\s+", " ", s).strip()


def text_of(node, parts=None):
    """Visible text of node, without navigation, scripts and generated lists."""
    top = parts is None
    parts = [] if top else parts
    for c in node.children:
        if isinstance(c, str):
            parts.append(c)
        elif not skipped(c):
            if c.tag in BLOCK:
                parts.append("\n")
            text_of(c, parts)
            if c.tag in BLOCK:
                parts.append("\n")
    return clean(parts) if top else parts


def page_title(root):
    t = find(root, "title")
    return clean(text_of(t[0], [])) if t else ""


def body(root):
    b = find(root, "body")
    return b[0] if b else root


# --- languages -----------------------------------------------------------------

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
KANA_HAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[^\W\d_]+")


def is_latin(ch):
    """A Latin letter: ASCII, accented (é, ư) or any other of the Latin blocks."""
    return ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN ")


def has_script(s, lang):
    if lang == "en":
        return any(is_latin(ch) for ch in s)
    if lang == "vi":
        return any(ch.isalpha() and ord(ch) > 127 for ch in s)
    if lang == "ja":
        return bool(KANA_HAN.search(s))
    return bool(HAN.search(s))


def in_language(text, lang):
    """True when text is mostly in lang: for CJK, at least 15 % of its letters are
    CJK (an untranslated page has next to none); for Vietnamese, at least 15 % of
    its Latin words carry a non-ASCII letter (Vietnamese prose has 40 % or more,
    English none); for English, at least 85 % of its letters are Latin ones (a CJK
    page has more than 15 % CJK) and it is not Vietnamese by the rule above."""
    if lang == "en":
        letters = [ch for ch in text if ch.isalpha()]
        latin = sum(1 for ch in letters if is_latin(ch))
        return latin > 0 and latin / len(letters) >= 0.85 and not in_language(text, "vi")
    if lang == "vi":
        words = [w for w in LATIN_WORD.findall(text) if not KANA_HAN.search(w)]
        if not words:
            return False
        return sum(1 for w in words if any(ord(ch) > 127 for ch in w)) / len(words) >= 0.15
    cjk = len((KANA_HAN if lang == "ja" else HAN).findall(text))
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return cjk > 0 and cjk / (cjk + latin) >= 0.15


def meaningful(q):
    """Not empty, not numbers and punctuation only."""
    return any(ch.isalpha() for ch in q)


# --- GIMP manual ----------------------------------------------------------------

def gimp_docs(html_dir, set_id):
    docs = {}
    for name in sorted(os.listdir(html_dir)):
        if not name.endswith(".html") or name == "gimp-help-index.html":
            continue
        root = parse(os.path.join(html_dir, name))
        docs[name] = {"id": f"{set_id}/{name}", "title": page_title(root),
                      "text": text_of(body(root))}
    return docs


SEP_TAIL = re.compile(r"[\s,，、:：]+$")


def gimp_index(html_dir):
    """[(levels, [page, ...])] from the manual's index: the text of each <dt> before
    its first link is the term; sub-entries sit in the following <dd><dl>."""
    root = parse(os.path.join(html_dir, "gimp-help-index.html"))
    div = [n for n in walk(root) if n.tag == "div" and "index" in n.classes()]
    out = []

    def visit(dl, path):
        last = None
        for c in dl.children:
            if not isinstance(c, Node):
                continue
            if c.tag == "dt":
                term_parts, links = [], []
                for x in c.children:
                    if isinstance(x, Node) and x.tag == "a":
                        if x.attrs.get("href"):
                            links.append(x.attrs["href"].split("#")[0])
                    elif not links:
                        term_parts.append(x if isinstance(x, str) else "".join(text_of(x, [])))
                term = SEP_TAIL.sub("", clean(term_parts))
                last = path + [term]
                if links:
                    out.append((last, sorted(set(links))))
            elif c.tag == "dd" and last is not None:
                for sub in c.children:
                    if isinstance(sub, Node) and sub.tag == "dl":
                        visit(sub, last)
                    elif isinstance(sub, Node) and sub.tag == "dt":
                        visit(c, last)
                        break
    # One <dl> per letter group (div.indexdiv); nested ones are visited from there.
    for dl in walk(div[0]):
        if dl.tag == "dl" and dl.parent is not None and dl.parent.tag == "div":
            visit(dl, [])
    return out


# --- headings -> sections ----------------------------------------------------------

LABEL = re.compile(
    r"^(?:(?:Chương|Phụ lục|Phần|Chapter|Appendix|Part|章|附錄|附录|部分)\s*[0-9A-Z]+\.?"
    r"|第\s*[0-9一二三四五六七八九十]+\s*[章節节部]"
    r"|[0-9A-Z]+(?:\.[0-9]+)*\.(?=\s))\s*")


def strip_label(h):
    return LABEL.sub("", h, count=1).strip()


def is_section_heading(node):
    """An h1-h6 inside the titlepage of a chapter/section div (not an admonition's or
    table's title)."""
    if node.tag not in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        return False
    p = node.parent
    while p is not None and p.tag != "#root":
        if "titlepage" in p.classes():
            q = p.parent
            return q is not None and bool(q.classes() & SECTION_CLASSES)
        p = p.parent
    return False


def sections(root):
    """[(heading or None, text)]: the page cut at every section heading."""
    out = [[None, []]]

    def rec(node):
        for c in node.children:
            if isinstance(c, str):
                out[-1][1].append(c)
            elif skipped(c):
                continue
            elif is_section_heading(c):
                out.append([clean(text_of(c, [])), []])
            else:
                if c.tag in BLOCK:
                    out[-1][1].append("\n")
                rec(c)
                if c.tag in BLOCK:
                    out[-1][1].append("\n")
    rec(body(root))
    return [(h, clean(parts)) for h, parts in out]


def heading_set(pages, set_id, book_title):
    """Documents {key: doc} and [(query, [key])] of one translated book."""
    docs, queries = {}, []
    for path in pages:
        # The page without its language suffix, so translations share keys.
        page = re.sub(r"\.(zh-cn|zh-tw|vi|ja)\.html$", ".html", os.path.basename(path))
        for i, (heading, text) in enumerate(sections(parse(path))):
            key = f"{page}#{i}"
            label = ""
            if heading:
                q = strip_label(heading)
                label = heading[: len(heading) - len(q)].strip()
            if heading:
                queries.append(([q], [key]))
            if not text:
                continue  # a heading followed at once by its first sub-section
            docs[key] = {"id": f"{set_id}/{key}",
                         "title": f"{book_title} {label}".strip(), "text": text}
    return docs, queries


# --- Debian package descriptions ---------------------------------------------------

# The archive's translated description files (bookworm main), by set language.
DESCRIPTIONS = [("debian-descriptions-vi", "vi", "vi"),
                ("debian-descriptions-zh-Hans", "zh-Hans", "zh_CN"),
                ("debian-descriptions-zh-Hant", "zh-Hant", "zh_TW"),
                ("debian-descriptions-ja", "ja", "ja")]
MAX_DESC_QUERIES = 1000  # per language, a fixed pseudo-random sample
# Kept clear of LibreOffice (its help is the held-out evaluation set): packages named
# libreoffice*, and any package whose description names LibreOffice or OpenOffice.
OFFICE = re.compile(r"libre\s*office|open\s*office", re.I)
CJK_OR_PUNCT = re.compile(rf"[{CJK_RE}\u3000-\u303f\uff00-\uffef]")


def read_translations(path, field):
    """[(package, short description, [long description lines])] of one
    Translation-<lang> file (deb822 paragraphs)."""
    with bz2.open(path, "rt", encoding="utf-8", errors="replace") as f:
        text = f.read()
    out = []
    for para in re.split(r"\n\s*\n", text):
        package, short, lines, in_desc = None, None, [], False
        for line in para.split("\n"):
            if line.startswith(" ") and in_desc:
                lines.append(line[1:])
                continue
            in_desc = False
            name, _, value = line.partition(":")
            if name == "Package":
                package = value.strip()
            elif name == field:
                short, in_desc = value.strip(), True
        if package and short is not None:
            out.append((package, short, lines))
    return out


def long_description(lines):
    """The long description as one line of text: "." lines are paragraph breaks, a
    line break between two CJK characters (or CJK punctuation) is no space (the
    translators wrap lines there), any other is one space."""
    text = ""
    for line in lines:
        line = unicodedata.normalize("NFC", line.strip())
        if line == ".":
            line = "\n"
        if not text or not line:
            text += line
        elif text[-1] == "\n" or line == "\n":
            text += line
        elif CJK_OR_PUNCT.match(text[-1]) and CJK_OR_PUNCT.match(line[0]):
            text += line
        else:
            text += " " + line
    return re.sub(r"\s+", " ", text).strip()


def description_set(path, set_id, lang, field):
    """Documents {package: doc} and [(query, [package])] of one translated description
    file, and the counts of what was dropped. Rules:
      - a package named libreoffice*, or whose description names LibreOffice or
        OpenOffice, is left out altogether (no document, no query);
      - a package's document is its long description (title: the package name), when
        that has at least 80 characters and is in the language (in_language());
        every such package is a document, whether or not its query is sampled (the
        others are distractors of the same kind);
      - the query is the short description as written (NFC, white space runs as one
        space); dropped when it has no character of its language or is numbers and
        punctuation only (untranslated, version strings), when more than 3 packages
        share it (too generic; with 2 or 3, all are relevant), or when a package it
        points to has no document (too short, or not in the language);
      - of the queries left, MAX_DESC_QUERIES at most are kept: those first in the
        order of sha1(set + query), a fixed pseudo-random sample."""
    code = lang.split("-")[0]
    entries = read_translations(path, field)
    d = {"packages": len(entries), "libreoffice": 0, "doc_too_short": 0,
         "doc_not_in_language": 0, "raw": 0, "no_script": 0, "too_many_targets": 0,
         "target_too_short": 0, "target_not_in_language": 0, "not_sampled": 0, "kept": 0}
    docs, by_query, why_no_doc = {}, {}, {}
    for package, short, lines in entries:
        text = long_description(lines)
        if package.startswith("libreoffice") or OFFICE.search(short + " " + text):
            d["libreoffice"] += 1
            continue
        if len(text) < MIN_SECTION_CHARS:
            d["doc_too_short"] += 1
            why_no_doc[package] = "target_too_short"
        elif not in_language(text, code):
            d["doc_not_in_language"] += 1
            why_no_doc[package] = "target_not_in_language"
        else:
            docs[package] = {"id": f"desc-{lang}/{package}", "title": package, "text": text}
        q = re.sub(r"\s+", " ", unicodedata.normalize("NFC", short)).strip()
        by_query.setdefault(q, []).append(package)
    queries = []
    for q, packages in by_query.items():
        d["raw"] += 1
        if not meaningful(q) or not has_script(q, code):
            d["no_script"] += 1
        elif len(packages) > MAX_TARGETS:
            d["too_many_targets"] += 1
        elif any(p not in docs for p in packages):
            d[next(why_no_doc[p] for p in packages if p not in docs)] += 1
        else:
            queries.append((q, sorted(packages)))
    queries.sort(key=lambda x: hashlib.sha1((set_id + "\t" + x[0]).encode()).hexdigest())
    d["not_sampled"] = max(0, len(queries) - MAX_DESC_QUERIES)
    queries = queries[:MAX_DESC_QUERIES]
    d["kept"] = len(queries)
    return docs, queries, d


def description_sets(directory, by_lang_twin):
    """The description sets whose file is in `directory`: [(set_id, lang, docs,
    [query dict])] and {set_id: drop counts}. A relevant document is a group of
    equivalent ids: the package's document, the documents of the same set with the
    very same text (packages built from one source often share their long
    description and differ in the short one only: no engine can tell them apart), and
    for Chinese, the same packages' documents in the other script (independent
    translations of one description, as the twins of the heading sets). Queries are
    not merged with same-text queries of the other sets (those stay as they were): a
    text can be a query of two sets ("Hệ thống quản lý gói Debian": install-guide-vi
    and debian-descriptions-vi), each judged by its own set's documents."""
    loaded, drops = {}, {}
    for set_id, lang, code in DESCRIPTIONS:
        path = os.path.join(directory, f"Translation-{code}.bz2") if directory else None
        if not path or not os.path.isfile(path):
            print(f"{set_id}: no {path}, left out", file=sys.stderr)
            continue
        docs, qs, d = description_set(path, set_id, lang, f"Description-{code}")
        loaded[set_id] = (lang, docs, qs)
        drops[set_id] = d
        print(f"{set_id}: {len(docs)} documents of {d['packages']} packages", file=sys.stderr)
    out = []
    for set_id, (lang, docs, qs) in loaded.items():
        same_text = {}
        for p, doc in docs.items():
            same_text.setdefault(doc["text"], []).append(p)
        twin = loaded.get(by_lang_twin.get(set_id))
        queries = []
        for q, packages in qs:
            groups = set()
            for p in packages:
                g = {docs[x]["id"] for x in same_text[docs[p]["text"]]}
                if twin:
                    g |= {twin[1][x]["id"] for x in same_text[docs[p]["text"]] if x in twin[1]}
                groups.add(tuple(sorted(g)))
            queries.append({"lang": lang, "set": set_id, "query": q,
                            "relevant": [list(g) for g in sorted(groups)]})
        out.append((set_id, lang, docs, queries))
    return out, drops


# --- assembling --------------------------------------------------------------------

def main():
    extract, out = sys.argv[1], sys.argv[2]
    descriptions = sys.argv[3] if len(sys.argv) > 3 else None
    import opencc  # from the venv scripts/relevance.sh makes
    s2tw = opencc.OpenCC("s2tw")

    def pages(d, pattern):
        d = os.path.join(extract, d)
        rx = re.compile(pattern)
        return sorted(os.path.join(d, f) for f in os.listdir(d) if rx.fullmatch(f))

    sets = []  # (set_id, lang, docs {key: doc}, [(levels, [key])], twin set or None)
    gimp = "gimp-help-{}/usr/share/gimp/2.0/help/{}"
    for pkg, sub, set_id, lang in [("ja", "ja", "gimp-ja", "ja"),
                                   ("zh-cn", "zh_CN", "gimp-zh-Hans", "zh-Hans")]:
        d = os.path.join(extract, gimp.format(pkg, sub))
        docs = gimp_docs(d, set_id)
        sets.append((set_id, lang, docs, gimp_index(d), None))
        print(f"{set_id}: {len(docs)} pages", file=sys.stderr)
    _, _, hans_docs, hans_index, _ = sets[1]
    hant_docs = {k: {"id": f"gimp-zh-Hant/{k}", "title": s2tw.convert(v["title"]),
                     "text": s2tw.convert(v["text"])} for k, v in hans_docs.items()}
    hant_index = [([s2tw.convert(t) for t in levels], keys) for levels, keys in hans_index]
    sets.append(("gimp-zh-Hant", "zh-Hant", hant_docs, hant_index, "gimp-zh-Hans"))
    sets[1] = sets[1][:4] + ("gimp-zh-Hant",)
    d = os.path.join(extract, gimp.format("en", "en"))
    docs = gimp_docs(d, "gimp-en")
    sets.append(("gimp-en", "en", docs, gimp_index(d), None))
    print(f"gimp-en: {len(docs)} pages", file=sys.stderr)

    ig = "installation-guide-amd64/usr/share/doc/installation-guide-amd64/vi"
    hb = "debian-handbook/usr/share/doc/debian-handbook/html/"
    books = [  # set, lang, directory, page pattern, twin set (the other Chinese script)
        ("maint-guide-vi", "vi", "maint-guide-vi/usr/share/doc/maint-guide-vi/html",
         r".*\.vi\.html", None),
        ("install-guide-vi", "vi", ig, r".*\.html", None),
        ("handbook-vi", "vi", hb + "vi-VN", r".*\.html", None),
        ("handbook-ja", "ja", hb + "ja-JP", r".*\.html", None),
        ("handbook-zh-Hans", "zh-Hans", hb + "zh-CN", r".*\.html", "handbook-zh-Hant"),
        ("handbook-zh-Hant", "zh-Hant", hb + "zh-TW", r".*\.html", "handbook-zh-Hans"),
        ("debian-reference-zh-Hans", "zh-Hans",
         "debian-reference-zh-cn/usr/share/debian-reference", r".*\.zh-cn\.html",
         "debian-reference-zh-Hant"),
        ("debian-reference-zh-Hant", "zh-Hant",
         "debian-reference-zh-tw/usr/share/debian-reference", r".*\.zh-tw\.html",
         "debian-reference-zh-Hans"),
        ("maint-guide-zh-Hans", "zh-Hans",
         "maint-guide-zh-cn/usr/share/doc/maint-guide-zh-cn/html", r".*\.zh-cn\.html",
         "maint-guide-zh-Hant"),
        ("maint-guide-zh-Hant", "zh-Hant",
         "maint-guide-zh-tw/usr/share/doc/maint-guide-zh-tw/html", r".*\.zh-tw\.html",
         "maint-guide-zh-Hans"),
    ]
    for set_id, lang, d, pattern, twin in books:
        ps = pages(d, pattern)
        home = [p for p in ps if os.path.basename(p).startswith("index.")]
        title = page_title(parse(home[0])) if home else set_id
        docs, qs = heading_set(ps, set_id, title)
        sets.append((set_id, lang, docs, qs, twin))
        print(f"{set_id}: {len(docs)} sections of {len(ps)} pages ({title})", file=sys.stderr)

    # Twins: the same key in both scripts, where the page was cut into as many
    # sections in both (the translations come from one DocBook source).
    by_id = {s[0]: s[2] for s in sets}

    def twin_keys(a, b):
        da, db = by_id[a], by_id[b]
        count = lambda d: {k.split("#")[0]: 0 for k in d}
        ca, cb = count(da), count(db)
        for k in da:
            ca[k.split("#")[0]] += 1
        for k in db:
            cb[k.split("#")[0]] += 1
        return {k for k in da if k in db and ca[k.split("#")[0]] == cb[k.split("#")[0]]}
    twins = {s[0]: twin_keys(s[0], s[4]) for s in sets if s[4]}
    # The English copies: the pages the other GIMP sets left untranslated.
    english_copies = {
        s[0]: {k for k, doc in s[2].items()
               if not in_language(doc["title"] + " " + doc["text"], s[1].split("-")[0])}
        for s in sets if s[0].startswith("gimp-") and s[1] != "en"}

    # Judge every query; merge duplicates per language.
    drops = {}
    merged = {}  # (lang, query) -> {"set", "relevant": {group tuple}}
    for set_id, lang, docs, index, twin in sets:
        heading = not set_id.startswith("gimp-")
        d = drops.setdefault(set_id, {"raw": 0, "no_script": 0, "target_empty": 0,
                                      "target_not_in_language": 0, "target_too_short": 0,
                                      "too_many_targets": 0, "duplicate": 0, "kept": 0})
        for levels, keys in index:
            d["raw"] += 1
            q = " ".join(levels)
            lang_code = lang.split("-")[0]
            if not meaningful(levels[-1]) or not has_script(levels[-1], lang_code):
                d["no_script"] += 1
                continue
            if any(k not in docs for k in keys):
                d["target_empty"] += 1  # a section with no text of its own
                continue
            if heading and any(len(docs[k]["text"]) < MIN_SECTION_CHARS for k in keys):
                d["target_too_short"] += 1
                continue
            if not all(in_language(docs[k]["title"] + " " + docs[k]["text"], lang_code)
                       for k in keys):
                d["target_not_in_language"] += 1
                continue
            groups = set()
            for k in keys:
                g = [docs[k]["id"]]
                if twin and k in twins[set_id]:
                    g.append(by_id[twin][k]["id"])
                if lang == "en" and set_id.startswith("gimp-"):
                    g.extend(by_id[s][k]["id"] for s, keys in english_copies.items()
                             if k in keys)
                groups.add(tuple(sorted(g)))
            m = merged.get((lang, q))
            if m is None:
                merged[(lang, q)] = {"set": set_id, "relevant": groups}
            else:
                d["duplicate"] += 1
                m["relevant"] |= groups
    queries = []
    for (lang, q), m in merged.items():
        if len(m["relevant"]) > MAX_TARGETS:
            drops[m["set"]]["too_many_targets"] += 1
            continue
        drops[m["set"]]["kept"] += 1
        queries.append({"lang": lang, "set": m["set"], "query": q,
                        "relevant": [list(g) for g in sorted(m["relevant"])]})

    # Package descriptions: judged apart (a query is not merged with a same-text one
    # of the sets above, which stay as they were).
    desc, desc_drops = description_sets(
        descriptions, {"debian-descriptions-zh-Hans": "debian-descriptions-zh-Hant",
                       "debian-descriptions-zh-Hant": "debian-descriptions-zh-Hans"})
    for set_id, lang, docs, qs in desc:
        sets.append((set_id, lang, docs, [], None))
        queries.extend(qs)
    drops.update(desc_drops)
    queries.sort(key=lambda r: (r["lang"], hashlib.sha1(
        (r["lang"] + "\t" + r["query"]).encode()).hexdigest()))

    # Write.
    os.makedirs(out, exist_ok=True)
    digest = hashlib.sha1()
    for sub, with_lang in [("jsonl", False), ("jsonl-lang", True)]:
        os.makedirs(os.path.join(out, sub), exist_ok=True)
        for f in os.listdir(os.path.join(out, sub)):
            os.remove(os.path.join(out, sub, f))
        for set_id, lang, docs, _, _ in sets:
            with open(os.path.join(out, sub, f"docs-{set_id}.jsonl"), "w", encoding="utf-8") as f:
                for k in sorted(docs):
                    doc = dict(docs[k])
                    if with_lang:
                        doc["lang"] = lang.split("-")[0]
                    line = json.dumps(doc, ensure_ascii=False) + "\n"
                    f.write(line)
                    if not with_lang:
                        digest.update(line.encode())
    with open(os.path.join(out, "queries.jsonl"), "w", encoding="utf-8") as f:
        for q in queries:
            line = json.dumps(q, ensure_ascii=False) + "\n"
            f.write(line)
            digest.update(line.encode())
    per_lang = {}
    for q in queries:
        per_lang[q["lang"]] = per_lang.get(q["lang"], 0) + 1
    manifest = {
        "version": VERSION,
        "digest": digest.hexdigest(),
        "docs": sum(len(s[2]) for s in sets),
        "text_bytes": sum(len(d["text"].encode()) for s in sets for d in s[2].values()),
        "sets": [{"set": s[0], "lang": s[1], "docs": len(s[2]),
                  "text_bytes": sum(len(d["text"].encode()) for d in s[2].values()),
                  "queries": drops[s[0]]} for s in sets],
        "queries": per_lang,
    }
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    print(f"{manifest['docs']} documents, {manifest['text_bytes'] / 1e6:.1f} MB of text; "
          f"queries: " + ", ".join(f"{k} {v}" for k, v in sorted(per_lang.items())),
          file=sys.stderr)
    for s in manifest["sets"]:
        print(f"  {s['set']:26} {s['lang']:8} {s['docs']:5} docs  queries {s['queries']}",
              file=sys.stderr)


if __name__ == "__main__":
    main()
