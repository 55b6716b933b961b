#!/usr/bin/env bash
# Load benchmark of `dsearch serve` (benches/serve.rs): N clients on loopback for a
# bounded time while `dsearch index` commits beside them; prints queries per second,
# p50/p90/p99 latency and errors, and writes target/bench-serve/results.json.
#
# Usage: scripts/bench-serve.sh
# Environment: BENCH_SERVE_CLIENTS (16), BENCH_SERVE_SECONDS (20),
#   BENCH_SERVE_MAX_REQUESTS (2000000), BENCH_SERVE_COMMIT_PAUSE_MS (500),
#   BENCH_SERVE_CORPUS (a directory of JSONL; default: the benchmark corpus,
#   target/bench-corpus/s1/jsonl, built by scripts/bench-corpus.sh when missing).
# The index is built once under target/bench-serve/root/.dsearch and reused.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
if [[ -z "${BENCH_SERVE_CORPUS:-}" ]]; then
    scripts/bench-corpus.sh --scale 1 >/dev/null
fi
scripts/ipadic.sh
cargo bench -p dsearch-cli --bench serve
