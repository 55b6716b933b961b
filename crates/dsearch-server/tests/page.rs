//! `GET /`: the search page, its stylesheet and script, built into the binary.

use crate::util::TestServer;

#[test]
fn the_page_and_its_assets_are_served() {
    let s = TestServer::start();
    let page = s.get("/").expect(200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let csp = page.header("content-security-policy").expect("a policy");
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
    let html = page.text();
    assert!(html.contains(r#"<label for="q">"#) && html.contains(r#"<input id="q""#));
    assert!(html.contains(r#"<select id="lang""#));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing from elsewhere"
    );
    let css = s.get("/page.css").expect(200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(css.text().contains(":lang(ja)") && css.text().contains("line-break: strict"));
    let js = s.get("/page.js").expect(200);
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    // Text from the index goes in as text, never as markup.
    assert!(!js.text().contains(".innerHTML") && !js.text().contains("insertAdjacentHTML"));
    assert!(js.text().contains("history.replaceState"));
}
