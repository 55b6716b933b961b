//! `GET /analyze`: what `dsearch analyze --json` prints.

use dsearch::analysis;
use dsearch::wire::JsonAnalysis;

use crate::util::{enc, TestServer};

fn words(a: &JsonAnalysis) -> Vec<&str> {
    a.tokens
        .iter()
        .filter(|t| t.field == "words")
        .map(|t| t.text.as_str())
        .collect()
}

#[test]
fn the_language_is_detected_and_the_tokens_are_the_librarys() {
    let s = TestServer::start();
    let text = "関西国際空港は大阪にあります";
    let a: JsonAnalysis = s.get_json(&format!("/analyze?text={}", enc(text)), 200);
    assert_eq!(a.lang, "ja");
    let expected = JsonAnalysis::from_analysis("ja", &analysis::analyze(text, "ja"));
    assert_eq!(a.tokens, expected.tokens);
    assert!(
        words(&a).starts_with(&["関西", "国際", "空港"]),
        "{:?}",
        words(&a)
    );
    assert!(a.loaded.lindera);
    let vi: JsonAnalysis = s.get_json(&format!("/analyze?text={}", enc("Khoáng sản xanh")), 200);
    assert_eq!(vi.lang, "vi");
    assert!(vi
        .tokens
        .iter()
        .any(|t| t.field == "folded" && t.text == "khoang"));
}

#[test]
fn a_given_language_is_used() {
    let s = TestServer::start();
    let a: JsonAnalysis = s.get_json(&format!("/analyze?text={}&lang=ZH", enc("关西国际")), 200);
    assert_eq!(a.lang, "zh");
    for bad in ["not-a-lang", "xx", "vietnam"] {
        let e = s.get(&format!("/analyze?text=x&lang={bad}")).error(400);
        assert!(e.contains("invalid language"), "{bad}: {e}");
    }
    let a: JsonAnalysis = s.get_json(&format!("/analyze?text={}&lang=Japanese", enc("空港")), 200);
    assert_eq!(a.lang, "ja");
    let e = s.get("/analyze?lang=vi").error(400);
    assert_eq!(e, "missing query parameter `text`");
}
