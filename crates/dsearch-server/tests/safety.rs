//! Bad requests get a 4xx JSON error of one line, never a panic or a hang: missing or
//! empty `q`, a huge `limit` (capped at 100), bad numbers, bad UTF-8, unknown routes and
//! methods, a body over the limit, a request over the time limit.

use std::time::Duration;

use dsearch_server::wire::{HealthResponse, SearchResponse};

use crate::util::{enc, TestServer};

#[test]
fn a_missing_or_empty_query_is_400() {
    let s = TestServer::start();
    assert_eq!(s.get("/search").error(400), "missing query parameter `q`");
    assert_eq!(
        s.get("/search?limit=3").error(400),
        "missing query parameter `q`"
    );
    assert_eq!(s.get("/search?q=").error(400), "the query is empty");
    assert_eq!(s.get("/search?q=+++").error(400), "the query is empty");
}

#[test]
fn a_huge_limit_is_capped_at_100_with_a_warning() {
    let s = TestServer::start();
    for limit in ["101", "1000000", "99999999999999999999999999"] {
        let r: SearchResponse = s.get_json(&format!("/search?q=xanh&limit={limit}"), 200);
        assert_eq!(r.limit, 100);
        assert!(r.hits.len() <= 100);
        assert!(
            r.warnings.iter().any(|w| w.contains("100 hits returned")),
            "{r:?}"
        );
    }
    let r: SearchResponse = s.get_json("/search?q=xanh&limit=100", 200);
    assert!(r.warnings.is_empty(), "{r:?}");
}

#[test]
fn bad_numbers_and_a_huge_offset_are_400() {
    let s = TestServer::start();
    let e = s.get("/search?q=xanh&limit=ten").error(400);
    assert_eq!(e, "`limit` must be a whole number, not \"ten\"");
    s.get("/search?q=xanh&limit=-1").error(400);
    s.get("/search?q=xanh&offset=1.5").error(400);
    assert_eq!(
        s.get("/search?q=xanh&offset=10001").error(400),
        "offset is at most 10000"
    );
    let r: SearchResponse = s.get_json("/search?q=xanh&limit=0", 200);
    assert!(r.hits.is_empty());
}

#[test]
fn bad_utf8_in_the_query_string_is_400() {
    let s = TestServer::start();
    let e = s.get("/search?q=%FF%FE").error(400);
    assert_eq!(e, "parameter `q` is not valid UTF-8 once decoded");
    s.get("/search?q=kho%C3").error(400);
    s.get("/analyze?text=%C0%AF").error(400);
    s.get("/search?%FF=x").error(400);
    // Raw bytes over 127 in the request line: refused before any handler.
    let r =
        s.raw(b"GET /search?q=\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert!((400..500).contains(&r.status), "{r:?}");
}

#[test]
fn a_very_long_query_is_400() {
    let s = TestServer::start();
    let long = enc(&"khoáng ".repeat(200));
    let e = s.get(&format!("/search?q={long}")).error(400);
    assert_eq!(e, "the query is longer than 1000 characters");
}

#[test]
fn unknown_routes_and_methods_answer_json() {
    let s = TestServer::start();
    let e = s.get("/nope").error(404);
    assert!(e.starts_with("no such path"), "{e}");
    s.get("/documents/").error(404);
    let e = s.request("PUT", "/search?q=x", &[], Some(b"{}")).error(405);
    assert_eq!(e, "method not allowed on this path");
    // Every answer says not to sniff.
    assert_eq!(
        s.get("/health").header("x-content-type-options"),
        Some("nosniff")
    );
    assert_eq!(
        s.get("/nope").header("x-content-type-options"),
        Some("nosniff")
    );
}

#[test]
fn a_body_over_the_limit_is_413() {
    let s = TestServer::with(|o| o.write_token(Some("t0k3n".into())).max_body_bytes(1000));
    let big = vec![b' '; 5000];
    let auth = [("Authorization", "Bearer t0k3n")];
    let e = s
        .request("POST", "/documents", &auth, Some(&big))
        .error(413);
    assert_eq!(e, "the request body is larger than 1000 bytes");
    // Without a length given up front: chunks, counted as they come.
    let mut raw = b"POST /documents HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer t0k3n\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..5 {
        raw.extend_from_slice(b"3e8\r\n");
        raw.extend_from_slice(&[b' '; 1000]);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let e = s.raw(&raw).error(413);
    assert_eq!(e, "the request body is larger than 1000 bytes");
}

#[test]
fn the_default_body_limit_is_one_mebibyte() {
    let s = TestServer::with(|o| o.write_token(Some("t0k3n".into())));
    // The length is announced and refused before a byte of the body is read.
    let head = b"POST /documents HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer t0k3n\r\nContent-Length: 1048577\r\n\r\n";
    let e = s.raw(head).error(413);
    assert_eq!(e, "the request body is larger than 1048576 bytes");
}

#[test]
fn a_request_over_the_time_limit_is_503() {
    // No time at all: every request that waits for the index is stopped.
    let s = TestServer::with(|o| o.timeout(Duration::ZERO));
    let e = s.get("/search?q=xanh").error(503);
    assert_eq!(e, "the request took longer than the server's time limit");
    // The server goes on answering.
    let s = TestServer::with(|o| o.timeout(Duration::from_secs(10)));
    let h: HealthResponse = s.get_json("/health", 200);
    assert_eq!(h.status, "ok");
}

/// On loopback the server answers only requests to loopback names: a page from
/// elsewhere that makes its name resolve to 127.0.0.1 (DNS rebinding) sends its own
/// name as Host, and must not read the index through the user's browser.
#[test]
fn on_loopback_a_request_to_another_name_is_403() {
    let s = TestServer::start();
    let get = |host: &str| {
        s.raw(
            format!("GET /documents/vi-mo HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
    };
    for host in [
        "attacker.example",
        "attacker.example:7700",
        "localhost.attacker.example",
    ] {
        let e = get(host).error(403);
        assert!(
            e.contains("answers only requests to localhost"),
            "{host}: {e}"
        );
        assert!(e.contains(host), "{host}: {e}");
    }
    for host in [
        "localhost",
        "127.0.0.1",
        &s.addr.to_string(),
        &format!("localhost:{}", s.addr.port()),
    ] {
        get(host).expect(200);
    }
    // HTTP/1.0 may send no Host.
    s.raw(b"GET /health HTTP/1.0\r\n\r\n").expect(200);
}
