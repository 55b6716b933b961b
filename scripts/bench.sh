#!/usr/bin/env bash
# The one command behind BENCHMARKS.md: builds the corpus, the release binary and the
# benchmarks, runs them (dsearch, SQLite FTS5 and rg in the same run), profiles
# dsearch with perf, and writes every figure into the generated part of
# BENCHMARKS.md (at --scale 1) or into target/bench-corpus/s<SCALE>/report.md.
#
# Usage: scripts/bench.sh [--scale F] [--no-profile] [--quick] [--report-only]
#   --scale F     use a deterministic fraction F of the corpus (default 1: all of it;
#                 only the full corpus rewrites BENCHMARKS.md)
#   --no-profile  skip the perf profiles
#   --quick       fewer repetitions and no criterion pass (a smoke run)
#   --report-only rewrite the report from the results of the last run
# Environment: BENCH_INDEX_RUNS, BENCH_QUERY_REPS, BENCH_PROCESS_REPS, BENCH_RG_REPS.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
scale=1
profile=1
report_only=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --scale) scale="$2"; shift 2 ;;
        --no-profile) profile=0; shift ;;
        --report-only) report_only=1; shift ;;
        --quick)
            export BENCH_NO_CRITERION=1 BENCH_QUERY_REPS=${BENCH_QUERY_REPS:-10}
            export BENCH_PROCESS_REPS=${BENCH_PROCESS_REPS:-5} BENCH_RG_REPS=${BENCH_RG_REPS:-2}
            shift ;;
        *) echo "usage: $0 [--scale F] [--no-profile] [--quick] [--report-only]" >&2; exit 2 ;;
    esac
done
export BENCH_SCALE="$scale"
# Line tables in the release binary that perf profiles (Cargo.toml builds it without).
export CARGO_PROFILE_RELEASE_DEBUG=line-tables-only
out="$repo/target/bench-corpus/s$scale"
results="$out/results"

if [[ $report_only -eq 0 ]]; then
# Tools from Debian when missing (as root; apt lists are refreshed once if needed).
need=()
command -v rg >/dev/null || need+=(ripgrep)
command -v taskset >/dev/null || need+=(util-linux)
[[ -x /usr/bin/time ]] || need+=(time)
if [[ $profile -eq 1 ]] && ! perf --version >/dev/null 2>&1; then need+=(linux-perf); fi
if [[ ${#need[@]} -gt 0 ]]; then
    if [[ "$(id -u)" -ne 0 ]]; then
        echo "error: missing ${need[*]}: apt-get install ${need[*]}" >&2
        exit 1
    fi
    apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 ||
        { apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; }
fi

scripts/bench-corpus.sh --scale "$scale"
scripts/ipadic.sh
cargo build --release -p dsearch-cli
rm -rf "$results"
mkdir -p "$results"
# Other work on these cores skews every timing: wait (BENCH_IDLE_WAIT seconds at
# most, default 900) for the 1-minute load average to fall below 1, and record it
# in the results either way.
waited=0
while awk '{exit !($1 >= 1.0)}' /proc/loadavg && [[ $waited -lt ${BENCH_IDLE_WAIT:-900} ]]; do
    [[ $((waited % 60)) -eq 0 ]] && echo "waiting for an idle machine (load $(cut -d' ' -f1-3 /proc/loadavg))"
    sleep 10
    waited=$((waited + 10))
done
cargo bench -p dsearch --bench indexing
cargo bench -p dsearch --bench scale
cargo bench -p dsearch --bench latency
cargo bench -p dsearch --bench process
# Analysis throughput per language and dictionary loads (criterion; one core): the
# medians are copied from criterion's estimates into the results.
crit_args=()
[[ -n "${BENCH_NO_CRITERION:-}" ]] && crit_args=(--warm-up-time 1 --measurement-time 2)
cargo bench -p dsearch --bench analysis -- "${crit_args[@]}"
python3 - "$repo/target/criterion" "$results/analysis.json" <<'EOF_A'
import json, os, sys
crit, out = sys.argv[1], sys.argv[2]
rows = []
for group in ["analyze", "dictionary_load"]:
    for name in sorted(os.listdir(os.path.join(crit, group))):
        d = os.path.join(crit, group, name, "new")
        if not os.path.exists(os.path.join(d, "estimates.json")):
            continue
        bench = json.load(open(os.path.join(d, "benchmark.json")))
        est = json.load(open(os.path.join(d, "estimates.json")))["median"]
        row = {"group": group, "name": name, "median_ns": est["point_estimate"],
               "low_ns": est["confidence_interval"]["lower_bound"],
               "high_ns": est["confidence_interval"]["upper_bound"]}
        if bench.get("throughput") and "Bytes" in bench["throughput"]:
            row["bytes"] = bench["throughput"]["Bytes"]
        rows.append(row)
json.dump({"rows": rows}, open(out, "w"), indent=1)
EOF_A

# Profiles: where dsearch spends its time indexing (one shard of every source) and
# answering the query set in a loop. Self time per function, and inclusive time of
# dsearch's own functions.
if [[ $profile -eq 1 ]]; then
    prof="$out/profile"
    rm -rf "$prof"
    mkdir -p "$prof"
    shards=()
    for f in $(ls "$out/jsonl"/*-000.jsonl); do shards+=("$f"); done
    report() { # data, output name
        local tidy='s/[[:space:]-]*$//; s/^\(.\{150\}\).*/\1…/'
        perf report -i "$1" --no-inline --no-children --sort symbol --stdio --percent-limit 0.7 \
            2>/dev/null | grep -E '^ +[0-9.]+%' | head -n 30 | sed "$tidy" >"$results/$2-self.txt" || true
        perf report -i "$1" --no-inline --children --sort symbol --stdio --percent-limit 2 -g none \
            2>/dev/null | grep -E '^ +[0-9.]+%' | grep -E 'dsearch::|tantivy::|jieba|lindera' |
            head -n 40 | sed "$tidy" >"$results/$2-inclusive.txt" || true
    }
    perf record -q -F 199 --call-graph dwarf,16384 -o "$prof/index.data" -- \
        target/release/dsearch --index "$prof/idx" index --threads "$(nproc)" "${shards[@]}" \
        >"$results/profile-index-run.txt" 2>/dev/null
    report "$prof/index.data" profile-index
    latency_bin="$(cargo bench -p dsearch --bench latency --no-run --message-format=json 2>/dev/null |
        python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "latency" and m.get("executable"):
        print(m["executable"])')"
    perf record -q -F 499 --call-graph dwarf,16384 -o "$prof/query.data" -- \
        "$latency_bin" --profile-loop 10 2>/dev/null
    report "$prof/query.data" profile-query
    perf record -q -F 999 --call-graph dwarf,16384 -o "$prof/process.data" -- sh -c '
        for i in $(seq 50); do "$0" --index "$1" query --json 数据库 >/dev/null; done' \
        target/release/dsearch "$out/index/dsearch"
    report "$prof/process.data" profile-process-zh
    rm -rf "$prof"
fi
fi # report_only

# The report.
report="$out/report.md"
commit="${BENCH_COMMIT:-$(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)}"
python3 - "$results" "$out/manifest.json" "$scale" "$commit" >"$report" <<'EOF'
import json, os, sys
res, manifest_path, scale, commit = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
load = lambda n: json.load(open(os.path.join(res, n + ".json")))
idx, lat, proc = load("indexing"), load("latency"), load("process")
m = json.load(open(manifest_path))
mach = lat["machine"]
P = print
def ms(x): return f"{x:.3f}" if x < 1 else (f"{x:.2f}" if x < 10 else f"{x:.1f}")
def verdict(ok, ratio_text):
    return ("met" if ok else "**missed**") + (f" ({ratio_text})" if ratio_text else "")

P(f"Generated by `scripts/bench.sh`{'' if scale == '1' else ' --scale ' + scale} on dsearch commit {commit}. "
  f"Machine: {mach['nproc']} cores ({mach['cpu']}), {mach['memory']} memory, Linux {mach['kernel']}, "
  f"{mach['rustc']}, SQLite {mach['sqlite']} (bundled, FTS5), {mach['rg']}.")
P()
P("### Corpus")
P()
by = {}
for r in m["rows"]:
    b = by.setdefault(r["script"], [0, 0, set()])
    b[0] += r["docs"]; b[1] += r["text_bytes"]; b[2].add(r["source"])
P(f"{m['docs']:,} documents, {m['text_bytes']/1e6:.1f} MB of text ({m['jsonl_bytes']/1e6:.1f} MB of JSONL in {m['shards']} shards).")
P()
P("| script | documents | MB of text | sources |")
P("|---|---:|---:|---|")
for s, (d, b, src) in sorted(by.items()):
    P(f"| {s} | {d:,} | {b/1e6:.1f} | {', '.join(sorted(src))} |")
P()
P("`vi-untranslated`: documents of Vietnamese packages without a single Vietnamese letter (English fallbacks); zh-Hans/zh-Hant are told apart per document by characters whose forms differ.")
P()
P("### Indexing")
P()
P("| build | seconds | MB/s | docs/s | peak RSS (`time -v`) | peak anonymous RSS | index size | × text |")
P("|---|---:|---:|---:|---:|---:|---:|---:|")
for b in idx["builds"]:
    rss = f"{b['peak_rss_mb']:.0f} MB (budget {b['memory_budget_mb']} MB)" if "peak_rss_mb" in b else "–"
    anon = f"{b['peak_anon_mb']:.0f} MB" if "peak_anon_mb" in b else "–"
    P(f"| {b['label']} | {b['seconds']:.1f} | {b['mb_per_s']:.2f} | {b['docs_per_s']:,.0f} | {rss} | {anon} | {b['index_bytes']/1e6:.1f} MB | {b['ratio_to_text']:.2f} |")
P()
P(f"Throughput is MB of document text (title + body, {idx['text_mb']:.1f} MB) per second of wall time, the JSONL read from a warm page cache; {idx['runs']} run(s) per build (median). `--threads 1` still runs tantivy's indexing thread beside the analysis worker, so it is pinned to one core with `taskset` to measure one core. Peak anonymous RSS: `RssAnon` of the `dsearch` process sampled every 100 ms (heap, without mapped index and dictionary files). Load average (1/5/15 min) at the start and end: {idx.get('load_start', '?')} → {idx.get('load_end', '?')}.")
P()
u = idx.get("space_usage")
if u:
    P(f"Where the bytes of the all-cores dsearch index go ({u['segments']} segments; tantivy's space usage; share of the index and multiple of the text):")
    P()
    P("| component | MB | share | × text |")
    P("|---|---:|---:|---:|")
    for name, b in sorted(u["components"].items(), key=lambda kv: -kv[1]):
        if b:
            P(f"| {name} | {b/1e6:.1f} | {100*b/u['total']:.0f}% | {b/1e6/idx['text_mb']:.2f} |")
    P()
    P("| field, part | MB | share |")
    P("|---|---:|---:|")
    for name, b in u["fields"]:
        P(f"| {name} | {b/1e6:.1f} | {100*b/u['total']:.0f}% |")
    P()
sc = load("scale") if os.path.exists(os.path.join(res, "scale.json")) else None
if sc:
    P("### How cost grows: one JSONL file at 0.1×, 1× and 4× the corpus")
    P()
    P("`cargo bench -p dsearch --bench scale`: the corpus written as ONE JSONL file (4×: four copies, ids made unique), indexed by `dsearch index --max-file-size 4G` on every core and by SQLite FTS5 building the same rows in a child process (JSON parsing included), each under `/usr/bin/time -v`. Warm query latency: the median over the query set of a top 10 with snippets (FTS5 as in the latency table). Default `--memory` (256 MB).")
    P()
    P("| size | documents | MB of JSONL | dsearch s | FTS5 unicode61 s | FTS5 trigram s | dsearch peak RSS | FTS5 unicode61 peak RSS | dsearch index (× text) | FTS5 unicode61 (× text) | FTS5 trigram (× text) | dsearch warm median ms | FTS5 warm median ms |")
    P("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in sc["rows"]:
        d, u, t = r["dsearch"], r["fts5_unicode61"], r["fts5_trigram"]
        x = lambda b: f"{b / 1e6:.0f} MB ({b / r['text_bytes']:.2f}×)"
        P(f"| {r['scale']}× | {r['docs']:,} | {r['jsonl_bytes'] / 1e6:.0f} | {d['seconds']:.1f} | {u['seconds']:.1f} | {t['seconds']:.1f} | {d['peak_rss_mb']:.0f} MB | {u['peak_rss_mb']:.0f} MB | {x(d['size_bytes'])} | {x(u['size_bytes'])} | {x(t['size_bytes'])} | {ms(d['median_query_ms'])} | {ms(r['fts5_median_query_ms'])} |")
    P()
    one = [r for r in sc["rows"] if r["scale"] == 1]
    if one and one[0]["dsearch"].get("one_thread_seconds"):
        d = one[0]["dsearch"]
        P(f"Threads, 1×: `--threads 1` {d['one_thread_seconds']:.1f} s, `--threads {d['threads']}` {d['seconds']:.1f} s. Load average at the end: {sc.get('load', '?')}.")
        P()
P("### Query latency, warm searcher, in-process")
P()
P(f"Top 10 by relevance; each engine's hit count; milliseconds, median and p95 of {lat['reps']} timed runs after 3 warm-up runs. Load average at the start and end: {lat.get('load_start', '?')} → {lat.get('load_end', '?')}.")
P("FTS5 runs `MATCH … ORDER BY rank LIMIT 10` (with `snippet()` for the snippet column) on the `unicode61 remove_diacritics 2` table for Vietnamese and the `trigram` table for CJK; a CJK term of one or two characters is shorter than a trigram, so FTS5 can only scan with `LIKE '%…%' LIMIT 10` (unranked, no snippet: the snippet column repeats the plain time).")
P()
P("| query | class | dsearch hits | FTS5 hits | dsearch | dsearch + snippets | FTS5 | FTS5 + snippets | FTS5 mode |")
P("|---|---|---:|---:|---:|---:|---:|---:|---|")
for q in lat["queries"]:
    c = lambda e: f"{ms(q[e]['median_ms'])} / {ms(q[e]['p95_ms'])}"
    P(f"| `{q['query']}` | {q['class']} | {q['dsearch_total']:,} | {q['fts5_total']:,} | {c('dsearch')} | {c('dsearch_snippets')} | {c('fts5')} | {c('fts5_snippets')} | {q['fts5_mode']} |")
P()
s = lat["summary"]
P("Over the whole query set (all runs of all queries pooled):")
P()
P("| engine | median ms | p95 ms |")
P("|---|---:|---:|")
for e, label in [("dsearch", "dsearch top 10"), ("dsearch_snippets", "dsearch top 10 + snippets"), ("fts5", "FTS5 top 10"), ("fts5_snippets", "FTS5 top 10 + snippets")]:
    P(f"| {label} | {ms(s[e]['pooled_median_ms'])} | {ms(s[e]['pooled_p95_ms'])} |")
P()
P("### Whole process: `dsearch query` vs `rg -F`")
P()
P(f"Cold process, warm page cache; `dsearch --index … query --json --limit 10 QUERY` (with snippets) against `rg -F -c` over the {proc['jsonl_mb']:.0f} MB of JSONL shards dsearch indexed; median / p95 ms of {proc['dsearch_reps']} (dsearch) and {proc['rg_reps']} (rg) runs after one warm-up. rg finds the literal only (no folding, no word order), hence its own hit count (matching lines = documents).")
P()
P(f"A second rg column searches the same documents stored one plain-text file each ({proc['docs']:,} files, `rg -F -l`, counting files). Load average at the start and end: {proc.get('load_start', '?')} → {proc.get('load_end', '?')}.")
P()
P("| query | dsearch hits | rg lines | rg files | dsearch ms | rg ms, shards | rg ÷ dsearch | rg ms, file per doc | rg ÷ dsearch |")
P("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for q in proc["queries"]:
    P(f"| `{q['query']}` | {q['dsearch_total']:,} | {q['rg_lines']:,} | {q['rg_files_docs']:,} | {ms(q['dsearch']['median_ms'])} / {ms(q['dsearch']['p95_ms'])} | {ms(q['rg']['median_ms'])} / {ms(q['rg']['p95_ms'])} | {q['rg_over_dsearch']:.1f}× | {ms(q['rg_files']['median_ms'])} / {ms(q['rg_files']['p95_ms'])} | {q['rg_files_over_dsearch']:.0f}× |")
P()

an = load("analysis") if os.path.exists(os.path.join(res, "analysis.json")) else None
if an:
    P("### Analysis, one core")
    P()
    P("`cargo bench -p dsearch --bench analysis`: `analysis::analyze` over the text the repo ships (`corpus/`, `tests/data/judged/`), each language's files repeated to 256 KiB; every representation's tokens (words, folded, bigrams), as indexing makes them. Median of criterion's samples (95% interval).")
    P()
    P("| language | MB/s | interval MB/s | ms per pass (about 256 KiB) |")
    P("|---|---:|---:|---:|")
    for r in an["rows"]:
        if r["group"] == "analyze":
            mbs = lambda ns: r["bytes"] / ns * 1e3
            P(f"| {r['name'].replace('_', ' ')} | {mbs(r['median_ns']):.1f} | {mbs(r['high_ns']):.1f} – {mbs(r['low_ns']):.1f} | {r['median_ns'] / 1e6:.2f} |")
    P()
    P("| dictionary load | ms |")
    P("|---|---:|")
    for r in an["rows"]:
        if r["group"] == "dictionary_load":
            P(f"| {r['name']} | {r['median_ns'] / 1e6:.2f} |")
    P()

# Targets.
P("### Targets")
P()
P("| target | measured | verdict |")
P("|---|---|---|")
d, f = s["dsearch"], s["fts5"]
dm, fm, dp, fp = d["pooled_median_ms"], f["pooled_median_ms"], d["pooled_p95_ms"], f["pooled_p95_ms"]
P(f"| warm top 10, median over the set ≤ FTS5's | {ms(dm)} ms vs FTS5 {ms(fm)} ms | {verdict(dm <= fm, f'{dm / fm:.2f}× FTS5')} |")
P(f"| warm top 10, p95 ≤ FTS5's ÷ 10 | {ms(dp)} ms vs FTS5 {ms(fp)} ms | {verdict(dp * 10 <= fp, f'FTS5 ÷ dsearch = {fp / dp:.1f}×')} |")
sn = s["dsearch_snippets"]["pooled_median_ms"]
P(f"| ten snippets, median ≤ 5 ms | {ms(sn)} ms | {verdict(sn <= 5, '')} |")
for script, limit, name in [("vi", 15, "Vietnamese (Latin)"), ("zh", 60, "Chinese"), ("ja", 60, "Japanese")]:
    qs = [q for q in proc["queries"] if q["script"] == script]
    if not qs:
        continue
    worst = max(q["dsearch"]["median_ms"] for q in qs)
    P(f"| `dsearch query` process, {name} ≤ {limit} ms | slowest median {ms(worst)} ms over {len(qs)} queries | {verdict(worst <= limit, f'{worst / limit:.2f}× the limit')} |")
for key, layout in [("rg_over_dsearch", f"rg over the {proc['jsonl_mb']:.0f} MB of JSONL shards"), ("rg_files_over_dsearch", "rg over one file per document")]:
    ratios = sorted(q[key] for q in proc["queries"])
    P(f"| process ≥ 10× faster than rg ({layout}) | rg ÷ dsearch from {ratios[0]:.1f}× to {ratios[-1]:.1f}× (median {ratios[len(ratios) // 2]:.1f}×) | {verdict(ratios[0] >= 10, '' if ratios[0] >= 10 else f'worst query {10 / ratios[0]:.1f}× short')} |")
if sc:
    rows = {r["scale"]: r for r in sc["rows"]}
    one = rows.get(1)
    if one:
        d, u = one["dsearch"], one["fts5_unicode61"]
        times = f"{d['seconds'] / u['seconds']:.1f}× FTS5"
        P(f"| indexing the one JSONL file no slower than FTS5 unicode61 (1×, {d['threads']} cores) | dsearch {d['seconds']:.1f} s, FTS5 {u['seconds']:.1f} s | {verdict(d['seconds'] <= u['seconds'], times)} |")
        if d.get("one_thread_seconds"):
            P(f"| time falls with `--threads` up to the cores | 1 thread {d['one_thread_seconds']:.1f} s, {d['threads']} threads {d['seconds']:.1f} s | {verdict(d['seconds'] < d['one_thread_seconds'], '')} |")
        margin = 256
        limit = 256 + 81 + margin
        P(f"| peak RSS ≤ budget (256 MB) + dictionaries (81 MB) + a fixed margin ({margin} MB) = {limit} MB | " + ", ".join(f"{r['scale']}×: {r['dsearch']['peak_rss_mb']:.0f} MB" for r in sc["rows"]) + f" | {verdict(all(r['dsearch']['peak_rss_mb'] <= limit for r in sc['rows']), '')} |")
        growth = []
        for a, b in [(0.1, 1), (1, 4)]:
            if a in rows and b in rows:
                doublings = __import__("math").log2(b / a)
                per = (rows[b]["dsearch"]["peak_rss_mb"] / rows[a]["dsearch"]["peak_rss_mb"]) ** (1 / doublings)
                growth.append((a, b, per))
        if growth:
            P(f"| doubling the input raises peak RSS by ≤ 25 % | " + ", ".join(f"{a}×→{b}×: +{(p - 1) * 100:.0f} % per doubling" for a, b, p in growth) + f" | {verdict(all(p <= 1.25 for _, _, p in growth), '')} |")
        ds, us = d["size_bytes"], u["size_bytes"]
        size_ratio = f"{ds / us:.2f}× FTS5"
        P(f"| index no larger than FTS5's (1×) | dsearch {ds / 1e6:.0f} MB, FTS5 unicode61 {us / 1e6:.0f} MB | {verdict(ds <= us, size_ratio)} |")
        tx = one["text_bytes"]
        text_ratio = f"{ds / tx:.2f}×"
        P(f"| index ≤ 1.0 × the text (target) | {text_ratio} | {verdict(ds <= tx, text_ratio)} |")
        P(f"| warm median query no slower than FTS5 at every size | " + ", ".join(f"{r['scale']}×: {ms(r['dsearch']['median_query_ms'])} vs {ms(r['fts5_median_query_ms'])} ms" for r in sc["rows"]) + f" | {verdict(all(r['dsearch']['median_query_ms'] <= r['fts5_median_query_ms'] for r in sc['rows']), '')} |")
if an:
    by_name = {r["name"]: r for r in an["rows"]}
    for name, label, limit in [("vietnamese", "Vietnamese", 30), ("chinese_simplified", "Chinese, simplified", 8),
                               ("chinese_traditional", "Chinese, traditional", 8), ("japanese", "Japanese", 8)]:
        r = by_name.get(name)
        if r:
            rate = r["bytes"] / r["median_ns"] * 1e3
            P(f"| analysis, {label} ≥ {limit} MB/s per core | {rate:.1f} MB/s | {verdict(rate >= limit, f'{rate / limit:.1f}× the target')} |")
    r = by_name.get("lindera_ipadic_mmap")
    if r:
        P(f"| lindera dictionary load ≤ 5 ms | {r['median_ns'] / 1e6:.2f} ms | {verdict(r['median_ns'] <= 5e6, '')} |")
    r = by_name.get("jieba")
    if r:
        P(f"| jieba dictionary load | {r['median_ns'] / 1e6:.0f} ms | reported |")
P()

# Profiles.
for name, title in [("profile-index", "`dsearch index` (one shard of every source, all cores)"),
                    ("profile-query", "the query set in a loop, in-process, with and without snippets"),
                    ("profile-process-zh", "50 × `dsearch query --json 数据库` (whole processes)")]:
    self_p = os.path.join(res, name + "-self.txt")
    if not os.path.exists(self_p):
        continue
    P(f"### Profile: {title}")
    P()
    P("`perf record --call-graph dwarf`; self time, top functions:")
    P()
    P("```")
    P(open(self_p).read().rstrip())
    P("```")
    inc = os.path.join(res, name + "-inclusive.txt")
    if os.path.exists(inc) and os.path.getsize(inc):
        P()
        P("Inclusive time (children included) of dsearch, tantivy, jieba and lindera functions:")
        P()
        P("```")
        P(open(inc).read().rstrip())
        P("```")
    P()
EOF

if [[ "$scale" == "1" ]]; then
    python3 - "$repo/BENCHMARKS.md" "$report" <<'EOF'
import sys
path, report = sys.argv[1], open(sys.argv[2]).read()
begin, end = "<!-- BEGIN GENERATED by scripts/bench.sh -->", "<!-- END GENERATED -->"
try:
    text = open(path).read()
except FileNotFoundError:
    text = "# Benchmarks\n\n" + begin + "\n" + end + "\n"
if begin not in text:
    text += "\n" + begin + "\n" + end + "\n"
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(path, "w").write(head + begin + "\n" + report + end + tail)
EOF
    echo "BENCHMARKS.md updated"
fi
cat "$report"
