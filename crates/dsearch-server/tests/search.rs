//! `GET /search`: the hits of `dsearch query --json`, paths relative to the index root,
//! filters, pagination, partial matches and warnings.

use dsearch::wire::JsonHit;
use dsearch::{Index, SearchOptions};
use dsearch_server::wire::SearchResponse;

use crate::util::{enc, TestServer};

fn search(s: &TestServer, query: &str) -> SearchResponse {
    s.get_json(query, 200)
}

/// The highlighted words of a hit, as written in its snippet.
fn marked(h: &JsonHit) -> Vec<String> {
    h.highlights
        .iter()
        .map(|&[a, b]| h.snippet[a..b].to_string())
        .collect()
}

#[test]
fn hits_are_the_objects_of_query_json_with_paths_from_the_index_root() {
    let s = TestServer::start();
    let r = search(&s, &format!("/search?q={}", enc("khoang san xanh")));
    assert!(!r.hits.is_empty());
    // "khoang san" is one word (a syllable pair the index knows), "xanh" another.
    assert_eq!(r.query_words, 2);
    assert!(r.total >= r.hits.len());
    assert!(r.took_ms >= 0.0);
    assert_eq!((r.limit, r.offset), (10, 0));
    // The same objects the library gives, with the path relative to the root.
    let index = Index::open(s.index_dir()).unwrap();
    let direct = index
        .search("khoang san xanh", &SearchOptions::default())
        .unwrap();
    let expected: Vec<JsonHit> = direct
        .hits
        .iter()
        .map(|h| {
            let path = h.path.as_ref().map(|p| {
                p.strip_prefix(index.root())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            });
            JsonHit::from_hit(h, path)
        })
        .collect();
    let strip = |hits: &[JsonHit]| -> Vec<JsonHit> {
        hits.iter()
            .cloned()
            .map(|mut h| {
                h.score = (h.score * 1e6).round();
                h
            })
            .collect()
    };
    assert_eq!(strip(&r.hits), strip(&expected));
    assert_eq!(r.query_words, direct.query_words);
    assert!(r
        .hits
        .iter()
        .any(|h| h.path.as_deref() == Some("docs/news.jsonl")));
    for h in &r.hits {
        let path = h.path.as_deref().unwrap();
        assert!(path.starts_with("docs/"), "{path}");
    }
    let top = &r.hits[0];
    let words = marked(top);
    assert!(words.iter().any(|w| w == "khoáng"), "{words:?}");
    assert_eq!(top.highlights.len(), top.highlights_chars.len());
}

#[test]
fn traditional_and_simplified_find_each_other() {
    let s = TestServer::start();
    let r = search(&s, &format!("/search?q={}", enc("绿色矿产")));
    let hit = r
        .hits
        .iter()
        .find(|h| h.id.as_deref() == Some("zh-tw"))
        .expect("the traditional document");
    assert_eq!(marked(hit).concat(), "綠色礦產");
    assert_eq!(hit.fields["source"], "cna");
}

#[test]
fn languages_filter_the_hits() {
    let s = TestServer::start();
    let all = search(&s, &format!("/search?q={}", enc("中亚 OR khoáng OR 空港")));
    let langs = |r: &SearchResponse| {
        let mut l: Vec<String> = r.hits.iter().map(|h| h.lang.clone()).collect();
        l.sort();
        l.dedup();
        l
    };
    assert_eq!(langs(&all), ["ja", "vi", "zh"]);
    let ja = search(
        &s,
        &format!("/search?q={}&lang=ja", enc("中亚 OR khoáng OR 空港")),
    );
    assert_eq!(langs(&ja), ["ja"]);
    let two = search(
        &s,
        &format!(
            "/search?q={}&lang=vi&lang=ZH",
            enc("中亚 OR khoáng OR 空港")
        ),
    );
    assert_eq!(langs(&two), ["vi", "zh"]);
    let comma = search(
        &s,
        &format!("/search?q={}&lang=vi,zh", enc("中亚 OR khoáng OR 空港")),
    );
    assert_eq!(comma.hits, two.hits);
    let e = s.get("/search?q=x&lang=vi%3Bdrop").error(400);
    assert!(e.contains("invalid language"), "{e}");
}

#[test]
fn pages_follow_each_other() {
    let s = TestServer::start();
    let q = enc("Trung Quốc");
    let first = search(&s, &format!("/search?q={q}&limit=2"));
    assert_eq!(first.hits.len(), 2, "{first:?}");
    assert!(first.total >= 3, "{first:?}");
    let second = search(&s, &format!("/search?q={q}&limit=1&offset=1"));
    assert_eq!(second.hits.len(), 1);
    assert_eq!(second.offset, 1);
    assert_eq!(second.hits[0].path, first.hits[1].path);
    let beyond = search(&s, &format!("/search?q={q}&offset=500"));
    assert!(beyond.hits.is_empty());
}

#[test]
fn partial_matches_say_which_words_are_missing() {
    let s = TestServer::start();
    let r = search(&s, &format!("/search?q={}", enc("khoáng sản qqqzzz")));
    assert_eq!(r.query_words, 2);
    let h = &r.hits[0];
    assert_eq!((h.matched_words, h.query_words), (1, 2));
    assert_eq!(h.missing, ["qqqzzz"]);
}

#[test]
fn metadata_filters_and_sorts_go_through() {
    let s = TestServer::start();
    let r = search(&s, &format!("/search?q={}", enc("source:vov khoáng")));
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].id.as_deref(), Some("vi-mo"));
    assert_eq!(r.hits[0].fields["pages"], 3.0);
    // A filter on a field no document has is read as words, and the search says so.
    let r = search(&s, &format!("/search?q={}", enc("nosuch:field khoáng")));
    assert_eq!(
        r.warnings,
        ["no document has the field `nosuch`: `nosuch:field` is read as words"],
        "{r:?}"
    );
    assert!(!r.hits.is_empty(), "{r:?}");
    // (and one page holds `khoáng` only as `khoảng`: missing too, named apart).
    assert!(
        r.hits.iter().all(|h| h.missing[..2] == ["nosuch", "field"]),
        "{r:?}"
    );
    assert_eq!(r.hits[0].missing, ["nosuch", "field"], "{r:?}");
    let q = enc("khoáng OR 礦產 OR 空港");
    let dated = |r: SearchResponse| -> Vec<String> {
        r.hits
            .into_iter()
            .filter(|h| h.fields.contains_key("date"))
            .filter_map(|h| h.id)
            .collect()
    };
    let newest = dated(search(&s, &format!("/search?q={q}&sort=-date")));
    assert_eq!(newest, ["ja-kix", "vi-mo", "zh-tw"]);
    let oldest = dated(search(&s, &format!("/search?q={q}&sort=date")));
    assert_eq!(oldest, ["zh-tw", "vi-mo", "ja-kix"]);
    let e = s.get("/search?q=x&sort=-").error(400);
    assert!(e.contains("invalid sort"), "{e}");
}
