#!/usr/bin/env bash
# Builds the benchmark corpus from data the package registries serve, cached under
# target/bench-corpus (never in git, never needed by the tests):
#   - npm: chinese-poetry@2.0.1 (classical poems, MIT; simplified and traditional);
#   - Debian: the translated documentation of LibreOffice, the Debian Reference, the
#     Debian FAQ and the New Maintainers' Guide (HTML), the translated man pages, and,
#     because Vietnamese is the scarcest, every Vietnamese source found in the archive:
#     libreoffice-help-vi, maint-guide-vi, manpages-vi and the Vietnamese UI
#     translations of LibreOffice, Firefox ESR and Thunderbird.
# Writes target/bench-corpus/s<SCALE>/jsonl/*.jsonl (one document per line, ~2 MB
# shards: the same bytes dsearch indexes, rg searches and FTS5 loads) and
# target/bench-corpus/s<SCALE>/files/ (the same documents, one plain-text file each)
# and target/bench-corpus/s<SCALE>/manifest.json, and prints the counts.
#
# Usage: scripts/bench-corpus.sh [--scale F]   (F in (0,1], default 1: everything)
# Idempotent: downloads, extraction and the converted corpus are kept and reused.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scale=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --scale) scale="$2"; shift 2 ;;
        *) echo "usage: $0 [--scale F]" >&2; exit 2 ;;
    esac
done

cache="$repo/target/bench-corpus"
downloads="$cache/downloads"
extract="$cache/extract"
out="$cache/s$scale"
mkdir -p "$downloads" "$extract"

POETRY="chinese-poetry@2.0.1"
DEBS=(
    libreoffice-help-vi libreoffice-help-zh-cn libreoffice-help-zh-tw libreoffice-help-ja
    manpages-vi manpages-zh manpages-ja manpages-ja-dev
    debian-reference-zh-cn debian-reference-zh-tw debian-reference-ja
    debian-faq-zh-cn debian-faq-ja
    maint-guide-vi maint-guide-zh-cn maint-guide-zh-tw maint-guide-ja
    libreoffice-l10n-vi firefox-esr-l10n-vi thunderbird-l10n-vi
)
# Bump when bench_corpus.py changes what it writes.
CORPUS_VERSION=4

stamp="$out/.complete"
if [[ -s "$stamp" && "$(cat "$stamp")" == "v$CORPUS_VERSION" && -s "$out/manifest.json" ]]; then
    echo "benchmark corpus already built in $out"
else
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
                if ! (cd "$tmp" && apt-get download "${missing[@]}" >>"$tmp/apt.log" 2>&1); then
                    cat "$tmp/apt.log" >&2
                    echo "error: apt-get download failed" >&2
                    exit 1
                fi
            else
                cat "$tmp/apt.log" >&2
                echo "error: apt-get download failed; run 'apt-get update' as root and retry" >&2
                exit 1
            fi
        fi
        mv "$tmp"/*.deb "$downloads/"
        rm -rf "$tmp"
    fi
    # 2. npm package.
    if ! ls "$downloads"/chinese-poetry-*.tgz >/dev/null 2>&1; then
        (cd "$downloads" && npm pack --silent "$POETRY" >/dev/null)
    fi
    # 3. Unpack each once.
    for p in "${DEBS[@]}"; do
        if [[ ! -e "$extract/$p/.complete" ]]; then
            rm -rf "$extract/$p"
            mkdir -p "$extract/$p"
            dpkg -x "$(ls "$downloads/${p}"_*.deb | head -n 1)" "$extract/$p"
            touch "$extract/$p/.complete"
        fi
    done
    if [[ ! -e "$extract/chinese-poetry/.complete" ]]; then
        rm -rf "$extract/chinese-poetry"
        mkdir -p "$extract/chinese-poetry"
        tar xzf "$(ls "$downloads"/chinese-poetry-*.tgz | head -n 1)" -C "$extract/chinese-poetry"
        touch "$extract/chinese-poetry/.complete"
    fi
    # 4. Convert.
    mkdir -p "$out"
    rm -f "$stamp"
    python3 "$repo/scripts/bench_corpus.py" "$extract" "$out" --scale "$scale"
    echo "v$CORPUS_VERSION" >"$stamp"
fi

python3 - "$out/manifest.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
by = {}
for r in m["rows"]:
    s = r["script"]
    b = by.setdefault(s, [0, 0])
    b[0] += r["docs"]; b[1] += r["text_bytes"]
print(f"corpus (scale {m['scale']}): {m['docs']} documents, {m['text_bytes']/1e6:.1f} MB of text, "
      f"{m['jsonl_bytes']/1e6:.1f} MB of JSONL in {m['shards']} shards")
for s, (d, b) in sorted(by.items()):
    print(f"  {s:16} {d:8} docs {b/1e6:8.1f} MB")
EOF
