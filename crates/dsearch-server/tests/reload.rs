//! The server sees what another writer commits without a restart: the library reloads
//! its reader when a commit happened. (The command-line tests do the same with a real
//! `dsearch index` process beside `dsearch serve`.)

use dsearch::{Document, Index, WriterOptions};
use dsearch_server::wire::{SearchResponse, StatsResponse};

use crate::util::{TestServer, DOCUMENTS};

#[test]
fn commits_of_another_writer_are_seen_without_a_restart() {
    let s = TestServer::start();
    let before: SearchResponse = s.get_json("/search?q=zzreloadword", 200);
    assert!(before.hits.is_empty());
    let other = Index::open(s.index_dir()).unwrap();
    let mut w = other.writer(&WriterOptions::default()).unwrap();
    w.add(Document::new(
        "r1",
        "Tin mới",
        "zzreloadword xuất hiện sau khi máy chủ đã chạy.",
    ))
    .unwrap();
    // Not committed yet: not seen.
    let pending: SearchResponse = s.get_json("/search?q=zzreloadword", 200);
    assert!(pending.hits.is_empty());
    w.commit().unwrap();
    drop(w);
    let after: SearchResponse = s.get_json("/search?q=zzreloadword", 200);
    assert_eq!(after.hits.len(), 1);
    assert_eq!(after.hits[0].id.as_deref(), Some("r1"));
    let stats: StatsResponse = s.get_json("/stats", 200);
    assert_eq!(stats.documents, DOCUMENTS + 1);
}
