//! `GET /health` and `GET /stats`.

use dsearch_server::wire::{HealthResponse, StatsResponse};

use crate::util::{TestServer, DOCUMENTS};

#[test]
fn health_answers() {
    let s = TestServer::start();
    let h: HealthResponse = s.get_json("/health", 200);
    assert_eq!(h.status, "ok");
    assert!(!h.writes);
    assert_eq!(h.version, env!("CARGO_PKG_VERSION"));
}

#[test]
fn stats_count_documents_per_language() {
    let s = TestServer::start();
    let st: StatsResponse = s.get_json("/stats", 200);
    assert_eq!(st.documents, DOCUMENTS);
    let langs: Vec<(&str, u64)> = st.languages.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(langs, [("en", 1), ("ja", 1), ("vi", 4), ("zh", 3)]);
    assert!(st.segments >= 1);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let last = st.last_commit.expect("a commit time");
    assert!(last <= now + 1 && last + 600 > now, "{last} vs {now}");
    assert!(!st.unfinished, "no indexing run was stopped");
}
