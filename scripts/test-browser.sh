#!/usr/bin/env bash
# The search page in a real browser. Takes the built binary target/release/dsearch
# (never builds it: run `cargo test --workspace --release` or `cargo build --release`
# first), installs what is missing (as root: Debian's chromium and CJK fonts, Node.js,
# playwright-core from npm at the version tests/browser/package-lock.json pins),
# indexes corpus/ and tests/browser/extra.jsonl in target/browser/site, starts
# `dsearch serve` on a free loopback port, runs tests/browser/*.test.mjs with node's
# test runner, and stops the server whatever happens. Screenshots: target/browser/*.png.
# Exit status: 0 when every test passed.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bin="$repo/target/release/dsearch"
work="$repo/target/browser"

if [[ ! -x "$bin" ]]; then
    echo "error: $bin is missing: build it first (cargo build --release)" >&2
    exit 2
fi

# System packages: Debian's Chromium (no downloaded browser), fonts with CJK glyphs,
# Node.js and npm when the machine lacks them.
need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
{ command -v fc-list >/dev/null && fc-list | grep -qi 'Noto Sans CJK'; } || need+=(fonts-noto-cjk)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [[ ${#need[@]} -gt 0 ]]; then
    if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null; then
        echo "error: missing ${need[*]}; install them (apt-get install ${need[*]})" >&2
        exit 2
    fi
    echo "== installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends "${need[@]}" fonts-liberation >/dev/null 2>&1 ||
        { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" fonts-liberation >/dev/null; }
fi

# The driver, from npm, as the lock file pins it.
if [[ ! -f tests/browser/node_modules/playwright-core/package.json ]]; then
    echo "== npm ci (playwright-core)"
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# A fresh index of the corpus and the browser test's documents.
rm -rf "$work/site"
mkdir -p "$work/site/docs"
cp corpus/*.txt tests/browser/extra.jsonl "$work/site/docs/"
(cd "$work/site" && "$bin" index docs >/dev/null)

# The server, on a port the system picks; its address is on its first stderr line.
log="$work/serve.log"
"$bin" --index "$work/site/.dsearch" serve --bind 127.0.0.1:0 2>"$log" &
server=$!
stop() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
}
trap stop EXIT
url=""
for _ in $(seq 1 200); do
    url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 || true)"
    [[ -n "$url" ]] && break
    if ! kill -0 "$server" 2>/dev/null; then
        echo "error: dsearch serve stopped:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.1
done
if [[ -z "$url" ]]; then
    echo "error: dsearch serve did not say where it listens within 20 s" >&2
    exit 1
fi
echo "== browser test against $url"
rm -f "$work"/*.png
DSEARCH_URL="$url" SCREENSHOT_DIR="$work" node --test tests/browser/
ls "$work"/search.png >/dev/null
echo "screenshots: $(cd "$work" && ls ./*.png | tr '\n' ' ')"
