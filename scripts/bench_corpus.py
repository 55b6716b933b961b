#!/usr/bin/env python3
"""Builds the benchmark corpus from the extracted packages (stdlib only).

Called by scripts/bench-corpus.sh, which downloads and unpacks the packages into
EXTRACT/<package>/. This writes OUT/jsonl/*.jsonl: one document per line,
`{"id","title","text","lang","url"}`, UTF-8 (not ASCII-escaped) so that `rg -F`
searches the very bytes dsearch indexes and FTS5 loads. Shards hold about 2 MB so
that dsearch's per-file workers can run in parallel. OUT/files/<source>/NNNN/N.txt
holds the same documents one plain-text file each (title, newline, text), for `rg`
over one file per document. OUT/manifest.json holds the
counts that BENCHMARKS.md quotes.

Usage: bench_corpus.py EXTRACT OUT [--scale F]
  --scale F keeps every document whose index i satisfies (i * F) mod 1 < F, i.e. a
  deterministic fraction F of every source (default 1: everything).
"""

import glob
import gzip
import html.parser
import json
import os
import re
import shutil
import sys

SHARD_BYTES = 2 << 20
MANIFEST_VERSION = 3

# Characters whose simplified and traditional forms differ, both ways, to label a
# Chinese document's script for the counts (dsearch itself folds with OpenCC's table).
TRAD_ONLY = set("們個這來說時為國會學過還對發後經長開門問見間東車書與無雲風爲爾處義樂萬聲當從樹數")
SIMP_ONLY = set("们个这来说时为国会学过还对发后经长开门问见间东车书与无云风为尔处义乐万声当从树数")
KANA = re.compile(r"[\u3040-\u30ff]")
VI_MARKS = re.compile(
    r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]",
    re.IGNORECASE,
)
HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")


def script_of(lang, text):
    """The script label used in the counts: vi, zh-Hans, zh-Hant, ja, or other."""
    if lang == "ja":
        return "ja"
    if lang == "vi":
        return "vi" if VI_MARKS.search(text) else "vi-untranslated"
    if lang == "zh":
        t = sum(1 for c in text if c in TRAD_ONLY)
        s = sum(1 for c in text if c in SIMP_ONLY)
        if t > s:
            return "zh-Hant"
        if s > t:
            return "zh-Hans"
        return "zh-Hans"
    return lang


class Writer:
    """Round-robins documents into ~2 MB shards named by source."""

    def __init__(self, out_dir, scale, files_dir=None):
        self.out_dir = out_dir
        self.files_dir = files_dir
        self.file_no = 0
        self.scale = scale
        self.counts = {}
        self.shard = None
        self.shard_bytes = 0
        self.shard_no = {}
        self.acc = 0.0

    def keep(self):
        # Deterministic thinning: keep documents while the accumulator crosses 1.
        self.acc += self.scale
        if self.acc >= 1.0:
            self.acc -= 1.0
            return True
        return False

    def add(self, source, doc_in):
        text = doc_in["text"].strip()
        title = doc_in["title"].strip()
        if not text and not title:
            return
        if not self.keep():
            return
        doc = {"id": doc_in["id"], "title": title, "text": text, "lang": doc_in["lang"]}
        if doc_url := doc_in.get("url"):
            doc["url"] = doc_url
        line = json.dumps(doc, ensure_ascii=False) + "\n"
        data = line.encode("utf-8")
        if self.shard is None or self.shard[0] != source or self.shard_bytes >= SHARD_BYTES:
            self.open(source)
        self.shard[1].write(data)
        self.shard_bytes += len(data)
        if self.files_dir is not None:
            # The same document as a plain-text file of its own (title, then text), in
            # directories of 1000, for `rg` over one file per document.
            d = os.path.join(self.files_dir, source, f"{self.file_no // 1000:04d}")
            if self.file_no % 1000 == 0 or not os.path.isdir(d):
                os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, f"{self.file_no}.txt"), "w", encoding="utf-8") as fh:
                fh.write(title + "\n" + text + "\n")
            self.file_no += 1
        script = script_of(doc["lang"], title + "\n" + text)
        key = (source, doc["lang"], script)
        c = self.counts.setdefault(key, [0, 0, 0])
        c[0] += 1
        c[1] += len(title.encode()) + len(text.encode())
        c[2] += len(data)

    def open(self, source):
        self.close()
        n = self.shard_no.get(source, 0)
        self.shard_no[source] = n + 1
        path = os.path.join(self.out_dir, f"{source}-{n:03d}.jsonl")
        self.shard = (source, open(path, "wb"))
        self.shard_bytes = 0

    def close(self):
        if self.shard is not None:
            self.shard[1].close()
            self.shard = None


# ---------------------------------------------------------------- chinese-poetry


def poems(root, w):
    dist = os.path.join(root, "chinese-poetry", "package", "dist")
    if not os.path.isdir(dist):
        sys.exit(f"error: {dist} missing")

    def body(x):
        for k in ("paragraphs", "content", "para"):
            v = x.get(k)
            if isinstance(v, list):
                return "\n".join(str(p) for p in v)
            if isinstance(v, str):
                return v
        return ""

    # (glob, source name); strains/ (tone patterns) and rank/ (popularity) are not text.
    patterns = [
        ("quantangshi/poet.tang.*.json", "poetry-tang"),
        ("quantangshi/poet.song.*.json", "poetry-song"),
        ("quantangshi/唐诗*.json", "poetry-tang-extra"),
        ("yudingquantangshi/json/*.json", "poetry-yuding"),
        ("songci/ci.song.*.json", "poetry-songci"),
        ("songci/宋词三百首.json", "poetry-songci"),
        ("yuanqu/*.json", "poetry-yuanqu"),
        ("wudaishici/*/*.json", "poetry-wudai"),
        ("shijing/*.json", "poetry-classics"),
        ("chuci/*.json", "poetry-classics"),
        ("lunyu/*.json", "poetry-classics"),
        ("sishuwujing/*.json", "poetry-classics"),
        ("mengxue/*.json", "poetry-classics"),
        ("caocaoshiji/*.json", "poetry-classics"),
        ("nalanxingde/*.json", "poetry-classics"),
        ("youmengying/*.json", "poetry-classics"),
        ("shuimotangshi/*.json", "poetry-classics"),
    ]
    for pat, source in patterns:
        for f in sorted(glob.glob(os.path.join(dist, pat))):
            try:
                with open(f, encoding="utf-8") as fh:
                    d = json.load(fh)
            except (ValueError, UnicodeDecodeError):
                continue
            rel = os.path.relpath(f, dist)
            items = d if isinstance(d, list) else [d]
            for i, x in enumerate(items):
                if not isinstance(x, dict):
                    continue
                text = body(x)
                if not text and isinstance(x.get("content"), list):
                    text = "\n".join(map(str, x["content"]))
                title = x.get("title") or x.get("rhythmic") or x.get("chapter") or ""
                author = x.get("author") or ""
                if author:
                    text = author + "\n" + text
                w.add(
                    source,
                    {
                        "id": f"{rel}#{i}",
                        "title": str(title),
                        "text": text,
                        "lang": "zh",
                        "url": None,
                    },
                )


# ---------------------------------------------------------------- HTML


class TextOf(html.parser.HTMLParser):
    # LibreOffice help pages carry their menus, search box and debug footer in
    # <header>, <aside> and <footer>.
    SKIP = {"script", "style", "nav", "head", "noscript", "svg", "header", "aside", "footer"}
    BLOCK = {"p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
             "pre", "dt", "dd", "table", "section", "blockquote", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.parts = []
        self.title = ""
        self.h1 = ""
        self.in_title = False
        self.in_h1 = False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.in_h1 = True
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        if tag == "title":
            self.in_title = False
        if tag == "h1":
            self.in_h1 = False
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
            return
        if self.in_h1:
            self.h1 += data
        if self.skip:
            return
        self.parts.append(data)

    def result(self):
        text = "".join(self.parts)
        lines = [" ".join(l.split()) for l in text.split("\n")]
        text = "\n".join(l for l in lines if l)
        title = " ".join((self.title or self.h1).split())
        return title, text


def read_text(path):
    with open(path, "rb") as fh:
        raw = fh.read()
    for enc in ("utf-8", "gb18030", "big5", "euc-jp", "shift_jis"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def html_tree(root, package, source, lang, w, subdir=""):
    base = os.path.join(root, package)
    files = []
    for dirpath, _dirs, names in os.walk(base):
        for n in names:
            if n.endswith((".html", ".htm")):
                files.append(os.path.join(dirpath, n))
    for f in sorted(files):
        p = TextOf()
        try:
            p.feed(read_text(f))
            p.close()
        except Exception:  # html.parser is lenient; a broken page is skipped
            continue
        title, text = p.result()
        rel = os.path.relpath(f, base)
        # LibreOffice help pages that were not translated fall back to English text:
        # keep them (they are in the package) but they are counted apart.
        w.add(source, {"id": f"{package}/{rel}", "title": title, "text": text, "lang": lang,
                       "url": f"{package}/{rel}"})


# ---------------------------------------------------------------- man pages

ESCAPES = [
    (re.compile(r"\\f(\[[^\]]*\]|\(..|.)"), ""),
    (re.compile(r"\\s[+-]?\d+"), ""),
    (re.compile(r"\\\*(\(..|\[[^\]]*\]|.)"), ""),
    (re.compile(r"\\\((em|en)"), "—"),
    (re.compile(r"\\\((lq|rq|dq)"), '"'),
    (re.compile(r"\\\((aq|oq|cq)"), "'"),
    (re.compile(r"\\\(bu"), "•"),
    (re.compile(r"\\\(co"), "©"),
    (re.compile(r"\\\(..|\\\[[^\]]*\]"), ""),
    (re.compile(r"\\[-]"), "-"),
    (re.compile(r"\\e"), "\\\\"),
    (re.compile(r"\\[&|^%c:]"), ""),
    (re.compile(r"\\ "), " "),
    (re.compile(r'\\".*$'), ""),
]
FONT_ALT = {".BR", ".BI", ".IB", ".IR", ".RB", ".RI", ".SB"}
TEXT_MACROS = {".B", ".I", ".SH", ".SS", ".SM", ".TH"}


def unescape(s):
    for rx, rep in ESCAPES:
        s = rx.sub(rep, s)
    return s.replace("\\\\", "\\")


def split_args(s):
    out, cur, q = [], "", False
    for c in s:
        if c == '"':
            q = not q
        elif c in " \t" and not q:
            if cur:
                out.append(cur)
                cur = ""
        else:
            cur += c
    if cur:
        out.append(cur)
    return out


def man_text(src):
    """Visible text and title of a roff man page; None for `.so` redirections."""
    lines = []
    title = ""
    name_next = False
    th = ""
    for raw in src.split("\n"):
        if raw.startswith((".\\\"", "'\\\"", '.\\"')) or raw.strip() == ".":
            continue
        if raw.startswith((".", "'")):
            parts = raw.split(None, 1)
            macro = parts[0]
            args = parts[1] if len(parts) > 1 else ""
            if macro == ".so":
                return None
            if macro == ".TH":
                a = split_args(unescape(args))
                th = a[0] if a else ""
                continue
            if macro == ".SH":
                name_next = len(lines) < 3 and not title
                lines.append(unescape(" ".join(split_args(args))))
                continue
            if macro in FONT_ALT:
                lines.append(unescape("".join(split_args(args))))
            elif macro in TEXT_MACROS:
                lines.append(unescape(" ".join(split_args(args))))
            elif macro in (".IP", ".TP") and args:
                a = split_args(args)
                if a:
                    lines.append(unescape(a[0]))
            continue
        t = unescape(raw)
        if name_next and t.strip():
            title = t.strip()
            name_next = False
        lines.append(t)
    text = "\n".join(l.strip() for l in lines if l.strip())
    return (title or th), text


def man_tree(root, package, source, w, langs):
    base = os.path.join(root, package, "usr", "share", "man")
    for loc, lang in langs:
        d = os.path.join(base, loc)
        files = sorted(glob.glob(os.path.join(d, "man*", "*")))
        for f in files:
            try:
                if f.endswith(".gz"):
                    with gzip.open(f, "rb") as fh:
                        raw = fh.read()
                else:
                    with open(f, "rb") as fh:
                        raw = fh.read()
            except OSError:
                continue
            src = None
            for enc in ("utf-8", "gb18030", "big5", "euc-jp"):
                try:
                    src = raw.decode(enc)
                    break
                except UnicodeDecodeError:
                    continue
            if src is None:
                src = raw.decode("utf-8", "replace")
            r = man_text(src)
            if r is None:
                continue
            title, text = r
            rel = os.path.relpath(f, os.path.join(root, package))
            w.add(source, {"id": f"{package}/{rel}", "title": title, "text": text, "lang": lang,
                           "url": f"{package}/{rel}"})


# ---------------------------------------------------------------- UI translations


def gettext_catalogs(root, package, source, lang, w):
    """One document per translated message of every .mo file (Vietnamese UI text)."""
    import gettext

    base = os.path.join(root, package)
    for f in sorted(glob.glob(os.path.join(base, "**", "*.mo"), recursive=True)):
        with open(f, "rb") as fh:
            cat = gettext.GNUTranslations(fh)._catalog
        rel = os.path.relpath(f, base)
        for i, (key, value) in enumerate(sorted(cat.items(), key=lambda kv: str(kv[0]))):
            if not isinstance(value, str) or not value.strip() or key == "":
                continue
            w.add(source, {"id": f"{package}/{rel}#{i}", "title": "", "text": value,
                           "lang": lang, "url": None})


def fluent_langpacks(root, package, source, lang, w):
    """One document per Fluent (.ftl) file of a Mozilla language pack: its values."""
    import zipfile

    base = os.path.join(root, package)
    for x in sorted(glob.glob(os.path.join(base, "**", "*.xpi"), recursive=True)):
        with zipfile.ZipFile(x) as z:
            for name in sorted(z.namelist()):
                if not name.endswith(".ftl"):
                    continue
                values = []
                for line in z.read(name).decode("utf-8", "replace").split("\n"):
                    if not line.strip() or line.lstrip().startswith("#"):
                        continue
                    if "=" in line and not line.startswith((" ", "\t")):
                        line = line.split("=", 1)[1]
                    elif "=" in line:
                        line = line.split("=", 1)[1]
                    line = re.sub(r"\{[^}]*\}", " ", line).strip()
                    if line and line not in ("[", "]", "*"):
                        values.append(line)
                w.add(source, {"id": f"{package}/{name}", "title": os.path.basename(name),
                               "text": "\n".join(values), "lang": lang, "url": None})


# ---------------------------------------------------------------- main

HTML_PACKAGES = [
    # (package, source name, dsearch lang)
    ("libreoffice-help-vi", "lo-help-vi", "vi"),
    ("maint-guide-vi", "maint-guide-vi", "vi"),
    ("libreoffice-help-zh-cn", "lo-help-zh-cn", "zh"),
    ("libreoffice-help-zh-tw", "lo-help-zh-tw", "zh"),
    ("debian-reference-zh-cn", "debian-reference-zh-cn", "zh"),
    ("debian-reference-zh-tw", "debian-reference-zh-tw", "zh"),
    ("debian-faq-zh-cn", "debian-faq-zh-cn", "zh"),
    ("maint-guide-zh-cn", "maint-guide-zh-cn", "zh"),
    ("maint-guide-zh-tw", "maint-guide-zh-tw", "zh"),
    ("libreoffice-help-ja", "lo-help-ja", "ja"),
    ("debian-reference-ja", "debian-reference-ja", "ja"),
    ("debian-faq-ja", "debian-faq-ja", "ja"),
    ("maint-guide-ja", "maint-guide-ja", "ja"),
]
MAN_PACKAGES = [
    ("manpages-vi", "man-vi", [("vi", "vi")]),
    ("manpages-zh", "man-zh", [("zh_CN", "zh"), ("zh_TW", "zh")]),
    ("manpages-ja", "man-ja", [("ja", "ja")]),
    ("manpages-ja-dev", "man-ja-dev", [("ja", "ja")]),
]


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    extract, cache = args[0], args[1]
    scale = 1.0
    if "--scale" in args:
        scale = float(args[args.index("--scale") + 1])
        if not 0 < scale <= 1:
            sys.exit("error: --scale must be in (0, 1]")
    out = os.path.join(cache, "jsonl")
    tmp = out + ".tmp"
    if os.path.isdir(tmp):
        for f in os.listdir(tmp):
            os.remove(os.path.join(tmp, f))
    os.makedirs(tmp, exist_ok=True)
    files = os.path.join(cache, "files")
    if os.path.isdir(files):
        shutil.rmtree(files)
    w = Writer(tmp, scale, files)
    for package, source, lang in HTML_PACKAGES:
        html_tree(extract, package, source, lang, w)
    for package, source, langs in MAN_PACKAGES:
        man_tree(extract, package, source, w, langs)
    gettext_catalogs(extract, "libreoffice-l10n-vi", "ui-libreoffice-vi", "vi", w)
    fluent_langpacks(extract, "firefox-esr-l10n-vi", "ui-firefox-vi", "vi", w)
    fluent_langpacks(extract, "thunderbird-l10n-vi", "ui-thunderbird-vi", "vi", w)
    poems(extract, w)
    w.close()

    rows = []
    for (source, lang, script), (docs, text_bytes, jsonl_bytes) in sorted(w.counts.items()):
        rows.append({"source": source, "lang": lang, "script": script, "docs": docs,
                     "text_bytes": text_bytes, "jsonl_bytes": jsonl_bytes})
    manifest = {
        "version": MANIFEST_VERSION,
        "scale": scale,
        "docs": sum(r["docs"] for r in rows),
        "text_bytes": sum(r["text_bytes"] for r in rows),
        "jsonl_bytes": sum(r["jsonl_bytes"] for r in rows),
        "shards": len(os.listdir(tmp)),
        "rows": rows,
    }
    # Replace the previous corpus only once this one is complete.
    if os.path.isdir(out):
        for f in os.listdir(out):
            os.remove(os.path.join(out, f))
        os.rmdir(out)
    os.rename(tmp, out)
    with open(os.path.join(cache, "manifest.json"), "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1)
    return manifest


if __name__ == "__main__":
    main()
