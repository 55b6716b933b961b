//! Analysis throughput per language, on the text the repo ships (`corpus/` and
//! `tests/data/judged/`, repeated to about 256 KiB per language), and the cost of
//! loading each dictionary. Every timed iteration asserts the token count it measured.
//!
//! Run: `cargo bench -p dsearch --bench analysis`.

use std::path::{Path, PathBuf};

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use dsearch::analysis::{self, chinese, japanese};

const TARGET_BYTES: usize = 256 * 1024;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shipped files of one language, concatenated and repeated to TARGET_BYTES.
fn text(files: &[&str]) -> String {
    let mut one = String::new();
    for f in files {
        one.push_str(&std::fs::read_to_string(repo().join(f)).expect("shipped text"));
        one.push('\n');
    }
    let mut out = String::with_capacity(TARGET_BYTES + one.len());
    while out.len() < TARGET_BYTES {
        out.push_str(&one);
    }
    out
}

fn token_count(text: &str, lang: &str) -> usize {
    let a = analysis::analyze(text, lang);
    a.words.len() + a.folded.len() + a.bigrams.len()
}

fn throughput(c: &mut Criterion) {
    let cases = [
        (
            "vietnamese",
            "vi",
            text(&[
                "corpus/000_d0177257eb7f929e.txt",
                "corpus/001_dba647f94a9a5ebf.txt",
                "corpus/003_dfe8999da49fa911.txt",
            ]),
        ),
        (
            "chinese_simplified",
            "zh",
            text(&["corpus/004_9c654a8de418b264.txt"]),
        ),
        (
            "chinese_traditional",
            "zh",
            text(&["corpus/002_18e216d91c84a398.txt"]),
        ),
        (
            "japanese",
            "ja",
            text(&[
                "tests/data/judged/ja_tokyo.txt",
                "tests/data/judged/ja_kansai.md",
            ]),
        ),
    ];
    let mut g = c.benchmark_group("analyze");
    for (name, lang, text) in &cases {
        assert_eq!(
            analysis::detect::detect(text),
            *lang,
            "{name} text is detected as {lang}"
        );
        // Warm the lazy dictionaries outside the timed loop.
        let expected = token_count(text, lang);
        assert!(expected > 1000, "{name}: {expected} tokens");
        if *lang == "ja" {
            assert!(
                dsearch::analysis::Dictionaries::default_ref()
                    .japanese()
                    .is_some(),
                "run scripts/ipadic.sh first"
            );
        }
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(*name, |b| {
            b.iter(|| {
                let n = token_count(black_box(text), lang);
                assert_eq!(n, expected);
                n
            })
        });
    }
    g.finish();
}

fn dictionary_load(c: &mut Criterion) {
    let mut g = c.benchmark_group("dictionary_load");
    g.sample_size(10);
    g.bench_function("jieba", |b| {
        b.iter(|| {
            let j = jieba_rs::Jieba::new();
            assert!(j.has_word("中国"));
            j
        })
    });
    let dir = dsearch::analysis::Dictionaries::default_ref()
        .japanese()
        .map(|s| s.path().to_path_buf())
        .expect("run scripts/ipadic.sh first");
    g.sample_size(50);
    g.bench_function("lindera_ipadic_mmap", |b| {
        b.iter(|| {
            let s = japanese::JapaneseSegmenter::load(&dir).expect("dictionary loads");
            let mut out = Vec::new();
            s.segment("東京", &mut out);
            assert_eq!(out.len(), 1);
            s
        })
    });
    g.finish();
    assert!(chinese::is_loaded());
}

criterion_group!(benches, throughput, dictionary_load);
criterion_main!(benches);
