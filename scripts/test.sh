#!/usr/bin/env bash
# Every test of the project, in one command (README.md gives it; CI runs it):
#   1. the Japanese dictionary, built offline from Debian's mecab-ipadic (scripts/ipadic.sh);
#   2. the Rust tests of every crate, in release mode (one build shared by what follows);
#   3. the library's examples, run and their output checked;
#   4. the Python package: its wheel built from the same target/, then pytest;
#   5. the search page in Debian's Chromium against `dsearch serve` on loopback.
# Exits non-zero at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n== %s\n' "$*"; }

step "Japanese dictionary"
scripts/ipadic.sh

step "Rust tests"
cargo test --workspace --release

step "examples"
# Each example runs on the bundled corpus or its own records; its output must show the
# behaviour it demonstrates.
expect() {
    local name=$1 pattern=$2
    shift 2
    local out
    out=$(cargo run --release -q -p dsearch --example "$name" -- "$@")
    if ! grep -qE -- "$pattern" <<<"$out"; then
        printf 'example %s: expected /%s/ in its output:\n%s\n' "$name" "$pattern" "$out" >&2
        exit 1
    fi
    echo "example $name: ok"
}
expect analyze '^words +[0-9]+ +[0-9.]+ +矿产 +\(礦產\)' "綠色礦產合作"
expect records '^ +n3 2023-12-31 綠色礦產合作$'
expect search_folder '000_d0177257eb7f929e\.txt \[vi\] 2 of 2 words' corpus "khoang san xanh"

step "Python package"
scripts/test-python.sh

step "browser"
scripts/test-browser.sh

printf '\nall tests passed\n'
