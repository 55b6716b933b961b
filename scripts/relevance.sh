#!/usr/bin/env bash
# The relevance benchmark in one command: downloads the Debian documentation packages
# and the archive's translated package descriptions (bookworm main,
# Translation-{vi,zh_CN,zh_TW,ja}.bz2) the judged query sets come from (cached under
# target/relevance/downloads/), installs OpenCC
# from PyPI into a venv there, builds the documents and queries
# (scripts/relevance_data.py), runs `cargo bench -p dsearch --bench relevance`
# (dsearch and SQLite FTS5 on the same documents, one mixed index each) and prints
# the table: R@10, MRR@10 and the share of queries with no hit, per language.
# Writes target/relevance/results.json, target/relevance/report.md and
# target/relevance/failures-<lang>.tsv (dsearch's misses).
#
# Usage: scripts/relevance.sh [--lang L[,L...]] [--sets S[,S...]] [--no-descriptions]
#                             [--limit-queries N] [--doc-lang] [--reuse-index]
#   --lang             only these languages' queries (vi, zh-Hans, zh-Hant, ja, en);
#                      the index always holds every document
#   --sets             only these sets' queries; a name also selects the sets it is a
#                      prefix of ("debian-descriptions" = its four sets, "handbook" =
#                      handbook-*); the index still holds every document
#   --no-descriptions  leave out the package-description sets (debian-descriptions-*):
#                      their queries AND their documents (the index of the earlier
#                      runs), and do not download them
#   --limit-queries N  the first N queries of each language (a fixed pseudo-random
#                      sample), for quick runs
#   --doc-lang         give dsearch each document's language (default: it detects it,
#                      as on the held-out set)
#   --reuse-index      keep the dsearch index of the last run (default: rebuilt, so
#                      the numbers are those of the current code)
# Never uses libreoffice-help-* (the held-out evaluation set).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
langs=""
limit=""
doc_lang=0
reuse=0
sets=""
descriptions=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --lang) langs="$2"; shift 2 ;;
        --sets) sets="$2"; shift 2 ;;
        --no-descriptions) descriptions=0; shift ;;
        --limit-queries) limit="$2"; shift 2 ;;
        --doc-lang) doc_lang=1; shift ;;
        --reuse-index) reuse=1; shift ;;
        *) echo "usage: $0 [--lang L[,L...]] [--sets S[,S...]] [--no-descriptions] [--limit-queries N] [--doc-lang] [--reuse-index]" >&2; exit 2 ;;
    esac
done

root="$repo/target/relevance"
downloads="$root/downloads"
extract="$root/extract"
data="$root/data"
mkdir -p "$downloads" "$extract"

DEBS=(
    gimp-help-ja gimp-help-zh-cn gimp-help-en
    maint-guide-vi maint-guide-zh-cn maint-guide-zh-tw
    installation-guide-amd64 debian-handbook
    debian-reference-zh-cn debian-reference-zh-tw
)
OPENCC="opencc==1.4.2"
# The translated package descriptions: one suite (the one the packages above are from).
SUITE=bookworm
DESC_LANGS=(vi zh_CN zh_TW ja)
descdir="$downloads/descriptions-$SUITE"

# 1. Debian packages: apt-get download (apt drops privileges to _apt: let it write).
missing=()
for p in "${DEBS[@]}"; do
    ls "$downloads/${p}"_*.deb >/dev/null 2>&1 || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    tmp="$(mktemp -d "$downloads/apt.XXXXXX")"
    chmod 0777 "$tmp"
    if ! (cd "$tmp" && apt-get download "${missing[@]}" >"$tmp/apt.log" 2>&1); then
        if [[ "$(id -u)" -eq 0 ]]; then
            apt-get update -qq >>"$tmp/apt.log" 2>&1 || true
            (cd "$tmp" && apt-get download "${missing[@]}" >>"$tmp/apt.log" 2>&1) ||
                { cat "$tmp/apt.log" >&2; echo "error: apt-get download failed" >&2; exit 1; }
        else
            cat "$tmp/apt.log" >&2
            echo "error: apt-get download failed; run 'apt-get update' as root and retry" >&2
            exit 1
        fi
    fi
    mv "$tmp"/*.deb "$downloads/"
    rm -rf "$tmp"
fi
for p in "${DEBS[@]}"; do
    if [[ ! -e "$extract/$p/.complete" ]]; then
        rm -rf "${extract:?}/$p"
        mkdir -p "$extract/$p"
        dpkg -x "$(ls "$downloads/${p}"_*.deb | head -n 1)" "$extract/$p"
        touch "$extract/$p/.complete"
    fi
done

# 1b. Package descriptions: the archive's Translation files, with curl.
if [[ $descriptions -eq 1 ]]; then
    mkdir -p "$descdir"
    for l in "${DESC_LANGS[@]}"; do
        f="$descdir/Translation-$l.bz2"
        [[ -s "$f" ]] && continue
        url="http://deb.debian.org/debian/dists/$SUITE/main/i18n/Translation-$l.bz2"
        command -v curl >/dev/null || { echo "error: curl is needed to download $url" >&2; exit 1; }
        if ! curl -fsSL --retry 2 --connect-timeout 30 -o "$f.part" "$url" ||
            ! python3 -c "import bz2, sys; bz2.open(sys.argv[1]).read()" "$f.part"; then
            rm -f "$f.part"
            echo "error: could not download $url (a valid .bz2 file); retry, or run with --no-descriptions" >&2
            exit 1
        fi
        mv "$f.part" "$f"
    done
fi

# 2. OpenCC (simplified -> traditional) from PyPI, in a venv.
venv="$root/venv"
if ! "$venv/bin/python" -c "import opencc" >/dev/null 2>&1; then
    rm -rf "$venv"
    python3 -m venv "$venv" 2>/dev/null || {
        [[ "$(id -u)" -eq 0 ]] || { echo "error: python3 -m venv failed: apt-get install python3-venv" >&2; exit 1; }
        apt-get install -y -qq python3-venv >/dev/null 2>&1 ||
            { apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null; }
        python3 -m venv "$venv"
    }
    "$venv/bin/pip" install -q "$OPENCC"
fi

# 3. Documents and judged queries (rebuilt when the script or the packages change).
want="$(cat "$repo/scripts/relevance_data.py" | sha1sum | cut -c1-16) $(ls -R "$downloads" | sha1sum | cut -c1-16)"
if [[ ! -s "$data/.complete" || "$(cat "$data/.complete")" != "$want" ]]; then
    rm -f "$data/.complete"
    "$venv/bin/python" "$repo/scripts/relevance_data.py" "$extract" "$data" "$descdir"
    echo "$want" >"$data/.complete"
fi

# 4. The Japanese dictionary, then the benchmark.
scripts/ipadic.sh >/dev/null
started=$(date +%s)
exclude=""
[[ $descriptions -eq 1 ]] || exclude="debian-descriptions"
RELEVANCE_LANGS="$langs" RELEVANCE_SETS="$sets" RELEVANCE_EXCLUDE_SETS="$exclude" RELEVANCE_LIMIT_QUERIES="$limit" RELEVANCE_DOC_LANG="$doc_lang" \
    RELEVANCE_REUSE_INDEX="$reuse" cargo bench -p dsearch --bench relevance
echo "relevance benchmark: $(( $(date +%s) - started )) s (build included); report: $root/report.md"

# 5. A full run (every language, set and query; dsearch detecting languages) writes its
#    report into BENCHMARKS.md, between its own markers.
if [[ -z "$langs$sets$limit" && $doc_lang -eq 0 && $reuse -eq 0 && $descriptions -eq 1 ]]; then
    python3 - "$repo/BENCHMARKS.md" "$root/report.md" <<'PY'
import sys
path, report = sys.argv[1], open(sys.argv[2]).read()
begin, end = "<!-- BEGIN GENERATED by scripts/relevance.sh -->", "<!-- END GENERATED by scripts/relevance.sh -->"
text = open(path).read()
if begin not in text:
    text += "\n## Relevance\n\n" + begin + "\n" + end + "\n"
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
# The report's own title is the section's.
body = "\n".join(l for l in report.splitlines() if not l.startswith("# "))
open(path, "w").write(head + begin + "\n" + body.strip() + "\n" + end + tail)
PY
    echo "BENCHMARKS.md updated (relevance)"
fi
