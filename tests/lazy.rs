//! Dictionaries load lazily: indexing and searching Vietnamese never loads jieba or
//! lindera, and a Chinese query does not load jieba either (it is cut with the index's
//! vocabulary). One test in its own binary, so no other test loads them first.

use dsearch::analysis::{chinese, japanese};
use dsearch::{Index, SearchOptions, UpdateOptions};

#[test]
fn vietnamese_never_loads_dictionaries_and_queries_never_load_jieba() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(
        docs.join("vi.txt"),
        "Khoáng sản xanh\nHợp tác khoáng sản xanh và đổi mới công nghệ.",
    )
    .unwrap();
    let index = Index::open_or_create(tmp.path().join(".dsearch")).unwrap();
    index
        .update(
            std::slice::from_ref(&docs),
            &UpdateOptions::default(),
            &mut |_| {},
        )
        .unwrap();
    let hits = index
        .search("khoang san xanh", &SearchOptions::default())
        .unwrap()
        .hits;
    assert_eq!(hits.len(), 1);
    assert!(
        !chinese::is_loaded(),
        "Vietnamese indexing or search loaded jieba"
    );
    assert!(
        !japanese::is_loaded(),
        "Vietnamese indexing or search loaded lindera"
    );

    // A Chinese query over an index without Chinese: still no jieba.
    let hits = index
        .search("绿色矿产", &SearchOptions::default())
        .unwrap()
        .hits;
    assert!(hits.is_empty());
    assert!(!chinese::is_loaded(), "a Chinese query loaded jieba");

    // Indexing Chinese text does load it: the check above can fail.
    std::fs::write(docs.join("zh.txt"), "中国发展绿色矿产资源").unwrap();
    index
        .update(&[docs], &UpdateOptions::default(), &mut |_| {})
        .unwrap();
    assert!(chinese::is_loaded());
    let hits = index
        .search("绿色矿产", &SearchOptions::default())
        .unwrap()
        .hits;
    assert_eq!(hits.len(), 1);
}
