#!/usr/bin/env bash
# Builds the lindera IPADIC dictionary dsearch uses for Japanese word
# segmentation, offline: the source is Debian's mecab-ipadic package (EUC-JP),
# converted to UTF-8 and compiled by `dsearch dictionary build-ipadic`.
#
# Usage: scripts/ipadic.sh [TARGET_DIR]
#   TARGET_DIR defaults to $DSEARCH_IPADIC, else
#   ${XDG_DATA_HOME:-$HOME/.local/share}/dsearch/ipadic.
# Idempotent: exits at once when TARGET_DIR already holds a dictionary built
# for the lindera version the workspace pins. Downloads and the converted
# source are kept under target/ipadic-src of the repository.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ $# -ge 1 && -n "$1" ]]; then
    target="$1"
elif [[ -n "${DSEARCH_IPADIC:-}" ]]; then
    target="$DSEARCH_IPADIC"
else
    target="${XDG_DATA_HOME:-$HOME/.local/share}/dsearch/ipadic"
fi

# The compiled format belongs to the lindera version, so the stamp records it
# and a dictionary from another version is rebuilt.
lindera_version="$(sed -n 's/^lindera *= *{ *version *= *"=\{0,1\}\([0-9][0-9.]*\)".*/\1/p' "$repo/Cargo.toml" | head -n 1)"
stamp_name="dsearch-ipadic.stamp"
stamp_text="lindera ${lindera_version:-unknown}"
built_files=(metadata.json char_def.bin unk.bin matrix.mtx dict.trie dict.valsidx dict.vals dict.wordsidx dict.words)

is_built() {
    local dir="$1" f
    for f in "${built_files[@]}" "$stamp_name"; do
        [[ -s "$dir/$f" ]] || return 1
    done
    [[ "$(cat "$dir/$stamp_name")" == "$stamp_text" ]]
}

if is_built "$target"; then
    echo "IPADIC dictionary already present at $target"
    exit 0
fi

work="$repo/target/ipadic-src"
utf8="$work/utf8"
mkdir -p "$work"

# 1. Debian's mecab-ipadic package, converted to UTF-8 once and cached.
if [[ ! -s "$utf8/.complete" ]]; then
    deb="$(ls "$work"/mecab-ipadic_*.deb 2>/dev/null | head -n 1 || true)"
    if [[ -z "$deb" ]]; then
        tmp="$(mktemp -d "$work/download.XXXXXX")"
        # apt drops privileges to _apt for downloads; let it write here.
        chmod 0777 "$tmp"
        log="$tmp/apt.log"
        if ! (cd "$tmp" && apt-get download mecab-ipadic >"$log" 2>&1); then
            if [[ "$(id -u)" -eq 0 ]]; then
                apt-get update -qq >>"$log" 2>&1 || true
                if ! (cd "$tmp" && apt-get download mecab-ipadic >>"$log" 2>&1); then
                    cat "$log" >&2
                    echo "error: apt-get download mecab-ipadic failed" >&2
                    exit 1
                fi
            else
                cat "$log" >&2
                echo "error: apt-get download mecab-ipadic failed; run 'apt-get update' as root and retry" >&2
                exit 1
            fi
        fi
        mv "$tmp"/mecab-ipadic_*.deb "$work/"
        rm -rf "$tmp"
        deb="$(ls "$work"/mecab-ipadic_*.deb | head -n 1)"
    fi

    rm -rf "$work/extract" "$utf8"
    dpkg -x "$deb" "$work/extract"
    src="$work/extract/usr/share/mecab/dic/ipadic"
    if [[ ! -f "$src/matrix.def" ]]; then
        echo "error: $deb has no mecab dictionary source under usr/share/mecab/dic/ipadic" >&2
        exit 1
    fi
    mkdir -p "$utf8"
    for f in "$src"/*.csv "$src"/*.def; do
        iconv -f EUC-JP -t UTF-8 "$f" >"$utf8/$(basename "$f")"
    done
    basename "$deb" >"$utf8/.complete"
    rm -rf "$work/extract"
fi

# 2. Compile into a sibling temporary directory, then move it into place, so
#    an interrupted build never looks like a finished dictionary.
mkdir -p "$(dirname "$target")"
build="$(mktemp -d "${target%/}.build.XXXXXX")"
chmod 0755 "$build" # mktemp makes it private; the dictionary is not
trap 'rm -rf "$build"' EXIT
start=$SECONDS
(cd "$repo" && cargo run --release -q -p dsearch-cli -- dictionary build-ipadic "$utf8" "$build")
printf '%s\n' "$stamp_text" >"$build/$stamp_name"
if ! is_built "$build"; then
    echo "error: the dictionary build left an incomplete directory" >&2
    exit 1
fi
rm -rf "$target"
mv "$build" "$target"
trap - EXIT
echo "IPADIC dictionary built at $target in $((SECONDS - start))s"
