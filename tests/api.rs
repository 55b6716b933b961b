//! The library as another crate uses it: only `dsearch`'s public API, no tantivy.
//! Documents from memory (add, upsert, delete, commit), metadata, filters, sorting,
//! documents by id, stats, and the one-writer rule.

use dsearch::{
    Document, ErrorKind, FieldValue, Index, Progress, SearchOptions, SortBy, UpdateOptions,
    UpdateReport, WriterOptions,
};

fn index() -> (tempfile::TempDir, Index) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let index = Index::open_or_create(tmp.path().join(".dsearch")).expect("index");
    (tmp, index)
}

fn ids(index: &Index, query: &str, options: &SearchOptions) -> Vec<String> {
    index
        .search(query, options)
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.id.unwrap_or_default())
        .collect()
}

/// The words a snippet highlights, as written.
fn marked(s: &dsearch::Snippet) -> Vec<&str> {
    s.highlights.iter().map(|&(a, b)| &s.text[a..b]).collect()
}

/// An index of [`news`], committed.
fn news_index() -> (tempfile::TempDir, Index) {
    index_of(news())
}

/// An index of `docs`, committed.
fn index_of(docs: impl IntoIterator<Item = Document>) -> (tempfile::TempDir, Index) {
    let (tmp, index) = index();
    let mut writer = index.writer(&WriterOptions::default()).expect("writer");
    for d in docs {
        writer.add(d).expect("add");
    }
    writer.commit().expect("commit");
    drop(writer);
    (tmp, index)
}

/// An index of the files `files` (name, text) in a folder `docs`, indexed.
fn index_of_files(files: &[(&str, &str)]) -> (tempfile::TempDir, Index) {
    let (tmp, index, _) = indexed_files(files);
    (tmp, index)
}

/// As [`index_of_files`], with the update's report.
fn indexed_files(files: &[(&str, &str)]) -> (tempfile::TempDir, Index, UpdateReport) {
    let (tmp, index) = index();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    for (name, text) in files {
        std::fs::write(docs.join(name), text).expect("write");
    }
    let report = index
        .update(
            std::slice::from_ref(&docs),
            &UpdateOptions::default(),
            &mut |_| {},
        )
        .expect("update");
    (tmp, index, report)
}

fn news() -> Vec<Document> {
    vec![
        Document::new(
            "n1",
            "Khoáng sản xanh",
            "Hợp tác khoáng sản xanh giữa hai nước.",
        )
        .field("source", "VOV")
        .field("date", "2024-03-05")
        .field("pages", 3),
        Document::new("n2", "Khoáng sản", "Khoáng sản xanh và đổi mới công nghệ.")
            .field("source", "vnexpress")
            .field("date", "2024-07-01"),
        Document::new("n3", "綠色礦產合作", "各方同意拓展綠色礦產合作。")
            .field("source", "vov")
            .field("date", "2023-12-31")
            .field("tags", vec!["kinh tế", "khoáng sản"]),
    ]
}

#[test]
fn add_upsert_delete_commit_and_search_from_memory() {
    let (_tmp, index) = index();
    let mut writer = index.writer(&WriterOptions::default()).expect("writer");
    for d in news() {
        writer.add(d).expect("add");
    }
    let all = SearchOptions::default();
    assert!(
        ids(&index, "khoang san", &all).is_empty(),
        "nothing before commit"
    );
    writer.commit().expect("commit");
    assert_eq!(ids(&index, "khoang san xanh", &all), ["n1", "n2"]);
    assert_eq!(ids(&index, "绿色矿产", &all), ["n3"]);

    // Upsert replaces every document with the id; add keeps the old one.
    writer
        .upsert(Document::new("n1", "Thủy điện", "Dự án thủy điện mới."))
        .expect("upsert");
    writer.delete("n3").expect("delete");
    writer.commit().expect("commit");
    assert_eq!(ids(&index, "khoang san xanh", &all), ["n2"]);
    assert_eq!(ids(&index, "thuy dien", &all), ["n1"]);
    assert!(ids(&index, "绿色矿产", &all).is_empty());
    assert_eq!(index.num_docs().expect("count"), 2);
    assert!(index.document("n3").expect("get").is_none());
    let n1 = index.document("n1").expect("get").expect("n1 is there");
    assert_eq!((n1.title.as_str(), n1.lang.as_str()), ("Thủy điện", "vi"));
    assert!(n1.fields.is_empty(), "upsert replaced the metadata too");

    // A document needs an id.
    let err = writer.add(Document::new(" ", "t", "b")).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidArgument(_)), "{err}");
}

#[test]
fn a_second_handle_sees_every_commit_of_the_first() {
    // A reader reloads when tantivy's meta.json changes (a stat per search): commits
    // made through another handle, one after another, each show at the next search.
    let (tmp, index) = index();
    let other = Index::open(tmp.path().join(".dsearch")).expect("second handle");
    let all = SearchOptions::default();
    assert!(ids(&other, "khoang san", &all).is_empty());
    let mut writer = index.writer(&WriterOptions::default()).expect("writer");
    for (n, d) in news().into_iter().enumerate() {
        writer.add(d).expect("add");
        writer.commit().expect("commit");
        assert_eq!(other.num_docs().expect("count"), n as u64 + 1);
    }
    assert_eq!(ids(&other, "khoang san xanh", &all), ["n1", "n2"]);
    writer.delete("n2").expect("delete");
    writer.commit().expect("commit");
    assert_eq!(ids(&other, "khoang san xanh", &all), ["n1"]);
}

#[test]
fn one_writer_at_a_time() {
    let (_tmp, index) = index();
    let writer = index.writer(&WriterOptions::default()).expect("writer");
    let err = index.writer(&WriterOptions::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Busy(_)), "{err}");
    assert!(err.to_string().starts_with("index is busy"), "{err}");
    let err = index
        .update(&[], &UpdateOptions::default(), &mut |_| {})
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Busy(_)), "{err}");
    drop(writer);
    index.writer(&WriterOptions::default()).expect("free again");
}

#[test]
fn metadata_filters_and_sorts() {
    let (_tmp, index) = news_index();
    let all = SearchOptions::default();

    // Text: whole value, any case; lists match any value.
    assert_eq!(ids(&index, "source:vov", &all).len(), 2);
    assert_eq!(ids(&index, "khoang san source:vov", &all), ["n1"]);
    assert_eq!(ids(&index, "tags:\"kinh tế\"", &all), ["n3"]);
    assert_eq!(ids(&index, "khoang san -source:vov", &all), ["n2"]);
    // Dates: a day, a month, a year, ranges with open ends.
    assert_eq!(ids(&index, "date:2024-03-05", &all), ["n1"]);
    assert_eq!(ids(&index, "date:2024-07", &all), ["n2"]);
    let mut y2024 = ids(&index, "date:2024", &all);
    y2024.sort();
    assert_eq!(y2024, ["n1", "n2"]);
    assert_eq!(ids(&index, "date:2024-01-01..2024-06-30", &all), ["n1"]);
    assert_eq!(ids(&index, "date:..2024-01", &all), ["n3"]);
    // Numbers.
    assert_eq!(ids(&index, "pages:1..5", &all), ["n1"]);
    assert!(ids(&index, "pages:4..", &all).is_empty());
    // OR between filters: either.
    let mut either = ids(&index, "source:vnexpress OR pages:3", &all);
    either.sort();
    assert_eq!(either, ["n1", "n2"]);
    let mut either = ids(&index, "date:2024-07 OR date:2023", &all);
    either.sort();
    assert_eq!(either, ["n2", "n3"]);
    assert_eq!(
        ids(&index, "khoang san source:vnexpress OR pages:3", &all).len(),
        2
    );

    // Sort within the tier of words held: oldest or newest first.
    let by = |s: &str| all.clone().sort(Some(SortBy::parse(s).expect("sort")));
    assert_eq!(ids(&index, "khoang san", &by("date")), ["n1", "n2"]);
    assert_eq!(ids(&index, "khoang san", &by("-date")), ["n2", "n1"]);
    assert_eq!(ids(&index, "source:vov", &by("-date")), ["n1", "n3"]);

    // A filter on a field no document has is read as words (`C:\Windows`,
    // `apt:install` are text), and a warning says so.
    let r = index.search("khoang san author:x", &all).expect("search");
    assert_eq!(r.query_words, 3, "khoang san, author, x");
    let mut held: Vec<_> = r.hits.iter().filter_map(|h| h.id.as_deref()).collect();
    held.sort();
    assert_eq!(held, ["n1", "n2"], "the pages with khoang san");
    assert!(
        r.hits
            .iter()
            .all(|h| h.matched_words == 1 && h.missing == ["author", "x"]),
        "{:?}",
        r.hits
    );
    assert_eq!(
        r.warnings,
        ["no document has the field `author`: `author:x` is read as words"]
    );
    // Negated, or joined by OR to another filter, it stays a filter, which cannot
    // match: it leaves nothing out, and of an OR group only the others can match.
    assert_eq!(ids(&index, "khoang san -author:x", &all).len(), 2);
    assert_eq!(
        ids(&index, "khoang san source:vov OR author:x", &all),
        ["n1"]
    );
    // A language no document is in: nothing, and the languages there are.
    let r = index.search("khoang san lang:ja", &all).expect("search");
    assert!(r.hits.is_empty());
    assert_eq!(
        r.warnings,
        ["no document is in language `ja` (the index holds: vi, zh)"]
    );
    // A language tag is its language.
    assert_eq!(ids(&index, "綠色礦產 lang:zh-tw", &all), ["n3"]);
    assert_eq!(ids(&index, "source:vov -lang:zh", &all), ["n1"]);
    assert_eq!(ids(&index, "source:vov lang:\"zh\"", &all), ["n3"]);
    assert!(index
        .search("lang:zh", &all)
        .expect("search")
        .warnings
        .is_empty());
    // A malformed date is an error, one line, naming the filter.
    let err = index.search("date:2024-13-45", &all).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidArgument(_)));
    assert!(err.to_string().contains("`date:2024-13-45`"), "{err}");
    assert!(SortBy::parse("-").is_err());

    // Hits carry the metadata, dates as given.
    let hit = &index.search("source:vnexpress", &all).expect("search").hits[0];
    assert_eq!(hit.fields["source"], FieldValue::Text("vnexpress".into()));
    assert_eq!(hit.fields["date"].to_json(), "2024-07-01");
}

#[test]
fn an_or_that_joins_neither_two_clauses_nor_two_filters_is_ignored_and_says_why() {
    let (_tmp, index) = news_index();
    let all = SearchOptions::default();
    let search = |q: &str| {
        let r = index.search(q, &all).expect("search");
        let mut ids: Vec<String> = r.hits.into_iter().filter_map(|h| h.id).collect();
        ids.sort();
        (ids, r.warnings)
    };
    // Between two clauses, two metadata filters or two `lang:` filters: either.
    for (q, want) in [
        ("khoáng OR 礦產", vec!["n1", "n2", "n3"]),
        ("source:vnexpress OR pages:3", vec!["n1", "n2"]),
        ("lang:vi OR lang:zh", vec!["n1", "n2", "n3"]),
    ] {
        assert_eq!(
            search(q),
            (want.iter().map(|s| s.to_string()).collect(), vec![]),
            "{q}"
        );
    }
    // Anywhere else it is ignored, the rest of the query applies, and a warning says so.
    for (q, want, warning) in [
        (
            "khoáng sản OR",
            vec!["n1", "n2"],
            "`OR` at the end of the query joins nothing: it was ignored",
        ),
        (
            "OR khoáng sản",
            vec!["n1", "n2"],
            "`OR` at the start of the query joins nothing: it was ignored",
        ),
        (
            "lang:vi OR source:vov",
            vec!["n1"],
            "`OR` between `lang:vi` and `source:vov` was ignored: a `lang:` filter and a metadata filter both apply (`OR` joins filters of one kind)",
        ),
        (
            "khoáng OR source:vov",
            vec!["n1"],
            "`OR` between `khoáng` and `source:vov` was ignored: a filter applies to every hit (`OR` joins two words or two filters)",
        ),
        (
            "khoáng sản OR -source:vov",
            vec!["n2"],
            "`OR` between `sản` and `-source:vov` was ignored: what `-` leaves out is left out of every hit",
        ),
        (
            "\"khoáng sản\" OR -lang:zh",
            vec!["n1", "n2"],
            "`OR` between `\"khoáng sản\"` and `-lang:zh` was ignored: what `-` leaves out is left out of every hit",
        ),
    ] {
        let want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        assert_eq!(search(q), (want, vec![warning.to_string()]), "{q}");
    }
}

#[test]
fn a_field_no_document_has_in_an_or_group_of_filters_is_named_but_the_group_finds_hits() {
    let (_tmp, index) = news_index();
    let all = SearchOptions::default();
    let r = index
        .search("source:vov OR nosuchfield:x", &all)
        .expect("search");
    let mut got: Vec<String> = r.hits.into_iter().filter_map(|h| h.id).collect();
    got.sort();
    assert_eq!(got, ["n1", "n3"]);
    assert_eq!(
        r.warnings,
        ["no document has the field `nosuchfield`: of `source:vov OR nosuchfield:x`, only `source:vov` can match"]
    );
    // A group whose every field is missing finds nothing, and says so per field.
    let r = index
        .search("khoang san nosuchfield:x OR other:\"a b\"", &all)
        .expect("search");
    assert!(r.hits.is_empty());
    assert_eq!(
        r.warnings,
        [
            "no document has the field `nosuchfield`",
            "no document has the field `other`"
        ]
    );
}

#[test]
fn stats_count_documents_per_language() {
    let (_tmp, index) = index();
    let mut writer = index.writer(&WriterOptions::default()).expect("writer");
    for d in news() {
        writer.add(d).expect("add");
    }
    writer
        .add(Document::new("j1", "空港", "関西国際空港が改装された。").lang("ja"))
        .expect("add");
    writer.commit().expect("commit");
    let stats = index.stats().expect("stats");
    assert_eq!(stats.documents, 4);
    let langs: Vec<(&str, u64)> = stats
        .languages
        .iter()
        .map(|(l, n)| (l.as_str(), *n))
        .collect();
    assert_eq!(langs, [("ja", 1), ("vi", 2), ("zh", 1)]);
    assert!(stats.last_commit.is_some());
}

#[test]
fn progress_walks_reads_each_file_then_finishes_once() {
    let (tmp, index) = index();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    std::fs::write(docs.join("a.txt"), "a\nkhoáng sản xanh").expect("write");
    std::fs::write(docs.join("b.txt"), "b\n绿色矿产").expect("write");
    let mut events = Vec::new();
    let report = index
        .update(
            std::slice::from_ref(&docs),
            &UpdateOptions::default(),
            &mut |p| events.push(p),
        )
        .expect("update");
    assert_eq!(report.added, 2);
    assert!(
        matches!(events[0], Progress::Walked { files: 2, .. }),
        "{events:?}"
    );
    let reads = events
        .iter()
        .filter(|p| matches!(p, Progress::Read { .. }))
        .count();
    assert_eq!(reads, 2, "{events:?}");
    assert_eq!(events.last(), Some(&Progress::Finishing), "{events:?}");
    assert_eq!(
        events.iter().filter(|p| **p == Progress::Finishing).count(),
        1
    );
}

/// A query is cut into words only up to its 2,000th character: a run of 40,000
/// katakana took 8 s to cut. The rest is left out, with a warning.
#[test]
fn a_query_past_2000_characters_is_read_up_to_them_and_says_so() {
    let (_tmp, index) = news_index();
    let all = SearchOptions::default();
    let run = "アイウエオカキクケコ".repeat(4000);
    let r = index.search(&run, &all).expect("search");
    assert!(
        r.warnings
            .contains(&"the query is too long: only its first 2000 characters are read".into()),
        "{:?}",
        r.warnings
    );
    // What the first 2,000 hold is searched: the words typed first find their page.
    let r = index
        .search(&format!("綠色礦產 {}", "x".repeat(3000)), &all)
        .expect("search");
    let ids: Vec<String> = r.hits.into_iter().filter_map(|h| h.id).collect();
    assert_eq!(ids, ["n3"]);
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    // 2,000 characters: read whole.
    let r = index.search(&"綠".repeat(2000), &all).expect("search");
    assert!(
        r.warnings
            .iter()
            .all(|w| !w.contains("characters are read")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn a_query_longer_than_32_words_is_searched_with_its_first_32_and_says_so() {
    let (_tmp, index) = news_index();
    let all = SearchOptions::default();
    // 40 distinct words: the first (`khoáng sản`, one word of two syllables) is in n1
    // and n2, the last two in n3 only.
    let filler: Vec<String> = (0..37).map(|i| format!("w{i}")).collect();
    let query = format!("khoáng sản {} 綠色 礦產", filler.join(" "));
    let r = index.search(&query, &all).expect("search");
    assert_eq!(r.query_words, 32);
    assert_eq!(
        r.warnings,
        ["the query is too long: 8 of its words are left out (at most 32 content words and 64 words in all are searched)"]
    );
    let mut got: Vec<String> = r.hits.into_iter().filter_map(|h| h.id).collect();
    got.sort();
    assert_eq!(
        got,
        ["n1", "n2"],
        "the words past the 32nd are not searched"
    );
    // 32 words: searched whole, no warning.
    let query = format!("khoáng sản {} 綠色 礦產", filler[..29].join(" "));
    let r = index.search(&query, &all).expect("search");
    assert_eq!(r.query_words, 32);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(r.hits.len(), 3);
    // One clause of 80 words cannot get round the limit: 64 words are read.
    let long: String = "綠色礦產".repeat(40);
    let r = index.search(&format!("x OR {long}"), &all).expect("search");
    assert_eq!(r.query_words, 1);
    assert!(
        r.warnings[0].starts_with("the query is too long: "),
        "{:?}",
        r.warnings
    );
    // A required phrase is kept before plain words.
    let query = format!("{} \"綠色礦產\"", filler.join(" "));
    let r = index.search(&query, &all).expect("search");
    assert_eq!(r.query_words, 31, "31 plain words beside the phrase");
    let ids: Vec<String> = r.hits.into_iter().filter_map(|h| h.id).collect();
    assert_eq!(ids, ["n3"], "the phrase, the 38th word typed, is required");
    // Past 64 words, phrases and exclusions are still read whole, before plain words.
    let many: Vec<String> = (0..70).map(|i| format!("v{i}")).collect();
    let query = format!("khoáng sản {} -đổi", many.join(" "));
    let r = index.search(&query, &all).expect("search");
    let ids: Vec<String> = r.hits.into_iter().filter_map(|h| h.id).collect();
    assert_eq!(ids, ["n1"], "n2 says `đổi`: the exclusion holds");
    let query = format!("{} \"khoáng sản xanh\"", many.join(" "));
    let mut ids: Vec<String> = index
        .search(&query, &all)
        .expect("search")
        .hits
        .into_iter()
        .filter_map(|h| h.id)
        .collect();
    ids.sort();
    assert_eq!(ids, ["n1", "n2"], "the phrase holds");
}

#[test]
fn corner_brackets_quote_text_and_ascii_quotes_make_a_phrase() {
    let (_tmp, index) = index_of([
        Document::new("j1", "klickety", "色の付いたボールを消すパズルゲームです。"),
        Document::new("j2", "さめがめ", "「さめがめ」は古いパズルゲームです。"),
        Document::new("j3", "天気", "今日は晴れです。"),
    ]);
    let options = SearchOptions::default();
    // 「…」 quote a name in Japanese (and traditional Chinese) text: a title pasted
    // with them finds pages without the quoted word, below the page that holds it.
    assert_eq!(
        ids(&index, "「さめがめ」パズルゲーム", &options),
        ["j2", "j1"]
    );
    assert_eq!(
        ids(&index, "『さめがめ』パズルゲーム", &options),
        ["j2", "j1"]
    );
    // Typed quotes are the phrase operator: required.
    assert_eq!(ids(&index, "\"さめがめ\" パズルゲーム", &options), ["j2"]);
    assert_eq!(ids(&index, "“さめがめ” パズルゲーム", &options), ["j2"]);
}

#[test]
fn a_word_typed_with_diacritics_neither_highlights_nor_excludes_other_forms() {
    let (_tmp, index) = index_of([
        Document::new("a", "Dân số", "Dân số Việt Nam khoảng 100 triệu người."),
        Document::new("b", "Khoáng sản", "Khai thác khoáng sản xanh."),
        Document::new("c", "Chợ", "Tiểu thương bán hàng ở chợ."),
    ]);
    let r = index
        .search("khoáng dân số", &SearchOptions::default())
        .expect("search");
    let a = r
        .hits
        .iter()
        .find(|h| h.id.as_deref() == Some("a"))
        .expect("a");
    assert_eq!(a.missing, ["khoáng"]);
    let s = &a.snippet;
    let marked = marked(s);
    assert!(!marked.contains(&"khoảng"), "{marked:?}");
    assert!(marked.contains(&"Dân"), "{marked:?}");
    // No document holds `bạn`: excluding it leaves out no `bán`.
    let options = SearchOptions::default();
    assert_eq!(ids(&index, "hàng -bạn", &options), ["c"]);
    assert_eq!(ids(&index, "hàng -ban", &options), Vec::<String>::new());
}

#[test]
fn total_counts_with_limit_zero_and_past_the_last_page() {
    let (_tmp, index) = news_index();
    let all = index
        .search("khoáng sản", &SearchOptions::default())
        .expect("search");
    assert_eq!(all.hits.len(), 2);
    for (limit, offset) in [(0, 0), (10, 2), (10, 50), (0, 50)] {
        let mut options = SearchOptions::default();
        options.limit = limit;
        options.offset = offset;
        let r = index.search("khoáng sản", &options).expect("search");
        assert!(r.hits.is_empty(), "limit {limit} offset {offset}");
        assert_eq!(r.total, all.total, "limit {limit} offset {offset}");
        assert_eq!(r.query_words, all.query_words);
    }
    // When no document holds every word, a count is of the first tier with any.
    let mut options = SearchOptions::default();
    options.limit = 0;
    let r = index
        .search("khoáng sản quokkazz", &options)
        .expect("search");
    assert!(r.hits.is_empty());
    assert_eq!(r.total, 2, "the two pages with 2 of 3 words");
}

#[test]
fn a_rebuild_keeps_documents_added_from_memory() {
    let (tmp, index) = index_of_files(&[
        ("a.txt", "a\nkhoáng sản xanh"),
        ("b.jsonl", "{\"id\":\"j1\",\"text\":\"khoáng sản\"}\n"),
    ]);
    let mut writer = index.writer(&WriterOptions::default()).expect("writer");
    writer
        .add(Document::new("m1", "Từ bộ nhớ", "khoáng sản từ bộ nhớ"))
        .expect("add");
    writer.commit().expect("commit");
    drop(writer);
    let options = SearchOptions::default();
    let mut before = ids(&index, "khoáng sản", &options);
    before.sort();
    assert_eq!(before.len(), 3, "{before:?}");
    drop(index);
    let dir = tmp.path().join(".dsearch");
    let report =
        Index::rebuild(&dir, &[], &UpdateOptions::default(), &mut |_| {}).expect("rebuild");
    assert_eq!(report.added, 2, "{report:?}");
    let index = Index::open(&dir).expect("open");
    let mut after = ids(&index, "khoáng sản", &options);
    after.sort();
    assert_eq!(after, before, "the files once each, and m1 still there");
    // Without documents from memory, everything goes and comes back.
    let mut writer = index.writer(&WriterOptions::default()).expect("writer");
    writer.delete("m1").expect("delete");
    writer.commit().expect("commit");
    drop(writer);
    drop(index);
    Index::rebuild(&dir, &[], &UpdateOptions::default(), &mut |_| {}).expect("rebuild");
    let index = Index::open(&dir).expect("open");
    assert_eq!(ids(&index, "khoáng sản", &options).len(), 2);
}

#[test]
fn a_date_filter_reads_dates_as_written_whatever_their_utc_offset() {
    let (_tmp, index) = index();
    let mut writer = index.writer(&WriterOptions::default()).expect("writer");
    for (id, date) in [
        ("tokyo", "2024-04-01T01:00:00+09:00"),
        ("hanoi", "2024-04-01T00:30:00+07:00"),
        ("utc", "2024-03-31T23:00:00Z"),
    ] {
        let d = Document::new(id, id, "tin tức").field("date", date);
        writer.add(d).expect("add");
    }
    writer.commit().expect("commit");
    drop(writer);
    let all = SearchOptions::default();
    let sorted = |q: &str| {
        let mut v = ids(&index, q, &all);
        v.sort();
        v
    };
    assert_eq!(sorted("date:2024-04-01"), ["hanoi", "tokyo"]);
    assert_eq!(sorted("date:2024-04"), ["hanoi", "tokyo"]);
    assert_eq!(sorted("date:2024-03-31"), ["utc"]);
    assert_eq!(sorted("date:2024-04-01T00:00..2024-04-01T00:59"), ["hanoi"]);
    // Sorted by the time as written.
    let by = all.clone().sort(Some(SortBy::parse("date").expect("sort")));
    assert_eq!(ids(&index, "tin tức", &by), ["utc", "hanoi", "tokyo"]);
}

#[test]
fn a_query_of_exclusions_alone_finds_nothing_and_says_why() {
    let (_tmp, index) = news_index();
    for q in ["-xanh", "-source:vov", "-lang:vi", "-\"khoáng sản\""] {
        let r = index.search(q, &SearchOptions::default()).expect("search");
        assert!(r.hits.is_empty(), "{q}");
        assert!(
            r.warnings
                .iter()
                .any(|w| w.contains("only leaves things out")),
            "{q}: {:?}",
            r.warnings
        );
    }
    let r = index
        .search("xanh -source:vov", &SearchOptions::default())
        .expect("search");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn a_document_language_is_a_code_a_tag_or_a_name() {
    let (_tmp, index) = index();
    let mut writer = index.writer(&WriterOptions::default()).expect("writer");
    writer
        .add(Document::new("a", "Tin", "khoáng sản").lang("Vietnamese"))
        .expect("add");
    writer
        .add(Document::new("b", "新闻", "绿色矿产").lang("zh-Hans"))
        .expect("add");
    let err = writer
        .add(Document::new("c", "Tin", "khoáng sản").lang("xx"))
        .expect_err("xx names no language");
    assert!(matches!(err.kind(), ErrorKind::InvalidArgument(_)), "{err}");
    assert!(err.to_string().contains("\"c\""), "{err}");
    writer.commit().expect("commit");
    drop(writer);
    let langs = |q: &str| -> Vec<String> {
        let r = index.search(q, &SearchOptions::default()).expect("search");
        r.hits.into_iter().map(|h| h.lang).collect()
    };
    assert_eq!(langs("khoáng sản"), ["vi"]);
    assert_eq!(langs("绿色矿产 lang:chinese"), ["zh"]);
    assert!(langs("khoáng sản lang:zh-Hant").is_empty());
}

#[test]
fn a_sort_by_a_document_key_that_is_no_metadata_says_so() {
    let (_tmp, index) = news_index();
    let by = |s: &str| SearchOptions::default().sort(Some(SortBy::parse(s).expect("sort")));
    let r = index.search("khoang san", &by("title")).expect("search");
    assert_eq!(r.hits.len(), 2);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("`title` is no metadata field")),
        "{:?}",
        r.warnings
    );
    let r = index.search("khoang san", &by("date")).expect("search");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn japanese_words_found_by_their_base_form_are_highlighted() {
    let (_tmp, index) = index_of([Document::new(
        "j1",
        "大雨",
        "昨夜から大雨が降った。以降は川の水位が上がりました。",
    )]);
    for (query, stem) in [("降る", "降"), ("上がる", "上が")] {
        let r = index
            .search(query, &SearchOptions::default())
            .expect("search");
        assert_eq!(r.hits.len(), 1, "{query}");
        let s = &r.hits[0].snippet;
        assert_eq!(marked(s), [stem], "{query}: {}", s.text);
    }
}

#[test]
fn a_rebuild_across_schema_versions_keeps_documents_added_from_memory() {
    let (tmp, index) = index_of_files(&[("a.txt", "a\nkhoáng sản xanh")]);
    let mut writer = index.writer(&WriterOptions::default()).expect("writer");
    writer
        .add(
            Document::new("m1", "Từ bộ nhớ", "khoáng sản từ bộ nhớ")
                .lang("vi")
                .url("https://example.org/m1")
                .field("source", "vov")
                .field("pages", 3),
        )
        .expect("add");
    writer.commit().expect("commit");
    drop(writer);
    drop(index);
    // An index written by the previous schema version (same fields).
    let dir = tmp.path().join(".dsearch");
    let meta_path = dir.join("dsearch.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).expect("read")).expect("json");
    meta["schema_version"] = (dsearch::index::SCHEMA_VERSION - 1).into();
    std::fs::write(&meta_path, meta.to_string()).expect("write");
    let err = Index::open(&dir).expect_err("refused");
    assert!(
        matches!(err.kind(), ErrorKind::SchemaVersion { .. }),
        "{err}"
    );
    let report =
        Index::rebuild(&dir, &[], &UpdateOptions::default(), &mut |_| {}).expect("rebuild");
    assert_eq!(report.added, 1, "{report:?}");
    let index = Index::open(&dir).expect("open");
    let mut found = ids(&index, "khoáng sản", &SearchOptions::default());
    found.sort();
    assert_eq!(found, ["docs/a.txt", "m1"]);
    let m1 = index.document("m1").expect("get").expect("m1");
    assert_eq!(m1.url.as_deref(), Some("https://example.org/m1"));
    assert_eq!(m1.lang, "vi");
    assert_eq!(m1.fields["source"], FieldValue::Text("vov".into()));
    assert_eq!(
        ids(&index, "source:vov pages:3", &SearchOptions::default()),
        ["m1"]
    );
}

#[test]
fn a_phrase_or_a_pair_of_syllables_does_not_span_clause_punctuation() {
    let (_tmp, index) = index_of([
        Document::new("a", "Bài một", "Họ bán hàng. Hóa đơn gửi sau."),
        Document::new("b", "Bài hai", "Họ bán hàng hóa đơn giản."),
        Document::new("c", "Bài ba", "Họ bán hàng; hóa đơn gửi sau."),
        Document::new("d", "fonts-lxgw-wenkai", "Phông chữ."),
    ]);
    let options = SearchOptions::default();
    assert_eq!(ids(&index, "\"hàng hóa\"", &options), ["b"]);
    assert_eq!(ids(&index, "hàng hóa", &options)[0], "b");
    // Typed with the punctuation, a phrase spans it (any clause punctuation).
    let mut across = ids(&index, "\"hàng; hóa\"", &options);
    across.sort();
    assert_eq!(across, ["a", "c"]);
    // A hyphen joins: the name's parts stay side by side.
    assert_eq!(ids(&index, "\"lxgw wenkai\"", &options), ["d"]);
}

#[test]
fn the_id_of_a_document_read_from_a_file_cannot_be_added_upserted_or_deleted() {
    let (_tmp, index) = index_of_files(&[
        ("h.txt", "Hello\nworld text"),
        ("r.jsonl", "{\"id\":\"r1\",\"text\":\"record text\"}\n"),
    ]);
    let mut writer = index.writer(&WriterOptions::default()).expect("writer");
    for id in ["docs/h.txt", "r1"] {
        let err = writer
            .upsert(Document::new(id, "x", "replaced"))
            .expect_err("a file's document");
        assert!(matches!(err.kind(), ErrorKind::InvalidArgument(_)), "{err}");
        assert!(err.to_string().contains("change the file"), "{err}");
        writer.delete(id).expect_err("a file's document");
        // Added beside it, it could never be deleted.
        let err = writer
            .add(Document::new(id, "x", "beside"))
            .expect_err("a file's document");
        assert!(err.to_string().contains("change the file"), "{err}");
    }
    // Documents from memory are upserted and deleted as before.
    writer
        .add(Document::new("m1", "m", "memory text"))
        .expect("add");
    writer.commit().expect("commit");
    writer
        .upsert(Document::new("m1", "m", "memory again"))
        .expect("upsert");
    writer.delete("m1").expect("delete");
    writer.commit().expect("commit");
    drop(writer);
    let all = SearchOptions::default();
    assert_eq!(ids(&index, "world", &all), ["docs/h.txt"]);
    assert_eq!(ids(&index, "record", &all), ["r1"]);
    assert!(ids(&index, "memory", &all).is_empty());
}

/// tantivy indexes no term longer than 65,530 bytes: a document with a longer id could
/// be neither found by it, replaced nor deleted.
#[test]
fn an_id_longer_than_the_longest_term_is_refused() {
    let long = "y".repeat(dsearch::document::MAX_ID_BYTES + 1);
    let fits = "y".repeat(dsearch::document::MAX_ID_BYTES);
    let (_tmp, index, report) = indexed_files(&[(
        "a.jsonl",
        &format!(
            "{{\"id\":\"{long}\",\"text\":\"quokka\"}}\n{{\"id\":\"ok\",\"text\":\"quokka\"}}\n"
        ),
    )]);
    // A JSONL record with such an id keeps its line's id, as one with an empty id.
    assert_eq!(report.documents, 2);
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    let w = &report.warnings[0];
    assert!(w.contains("a.jsonl") && w.contains("line 1"), "{w}");
    assert!(
        w.contains("longer than 65,530 bytes, the line's id is used"),
        "{w}"
    );
    let mut writer = index.writer(&WriterOptions::default()).expect("writer");
    for result in [
        writer.add(Document::new(long.as_str(), "t", "wombat")),
        writer.upsert(Document::new(long.as_str(), "t", "wombat")),
        writer.delete(&long),
    ] {
        let err = result.expect_err("too long");
        assert!(matches!(err.kind(), ErrorKind::InvalidArgument(_)), "{err}");
        assert!(err.to_string().contains("65530"), "{err}");
    }
    writer
        .upsert(Document::new(fits.as_str(), "t", "wombat"))
        .expect("the longest id");
    writer.commit().expect("commit");
    drop(writer);
    let stored = index
        .document(&fits)
        .expect("read")
        .expect("found by its id");
    assert_eq!(stored.body, "wombat");
}

#[test]
fn a_jsonl_record_with_both_text_and_body_is_skipped_naming_its_file_and_line() {
    let (_tmp, index, report) = indexed_files(&[(
        "a.jsonl",
        "{\"id\":\"a\",\"text\":\"khoáng sản\"}\n{\"id\":\"b\",\"text\":\"khoáng sản xanh\",\"body\":\"nước\"}\n",
    )]);
    assert_eq!(report.documents, 1);
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert!(
        report.warnings[0].ends_with(
            "docs/a.jsonl: line 2: holds both `text` and `body` (give one of them), skipped"
        ),
        "{:?}",
        report.warnings
    );
    assert!(index.document("b").expect("document").is_none());
}

#[test]
fn an_id_given_twice_in_a_jsonl_file_keeps_the_later_record() {
    // Lines 1, 3 and 70 give `n1` (line 70 in another batch of lines); line 4 has no id;
    // `n2` is in both files and stays twice, as ids of different files do.
    let mut a: Vec<String> = vec![
        r#"{"id":"n1","title":"một","text":"khoáng sản"}"#.into(),
        r#"{"id":"n2","title":"hai","text":"khoáng sản"}"#.into(),
        r#"{"id":"n1","title":"ba","text":"khoáng sản"}"#.into(),
        r#"{"title":"bốn","text":"khoáng sản"}"#.into(),
    ];
    a.extend((5..70).map(|i| format!(r#"{{"id":"f{i}","text":"nước"}}"#)));
    a.push(r#"{"id":"n1","title":"bảy mươi","text":"khoáng sản"}"#.into());
    let a = a.join("\n");
    let (_tmp, index, report) = indexed_files(&[
        ("a.jsonl", &a),
        (
            "b.jsonl",
            r#"{"id":"n2","title":"sáu","text":"khoáng sản"}"#,
        ),
    ]);
    let repeats: Vec<&str> = report
        .warnings
        .iter()
        .map(|w| w.rsplit_once("docs/").map_or(w.as_str(), |(_, w)| w))
        .collect();
    assert_eq!(
        repeats,
        [
            "a.jsonl: line 3: id \"n1\" is also on line 1, which this record replaces",
            "a.jsonl: line 70: id \"n1\" is also on line 3, which this record replaces",
        ]
    );
    let all = SearchOptions::default().limit(100);
    let results = index.search("khoáng sản", &all).expect("search");
    let mut found: Vec<(String, String)> = results
        .hits
        .into_iter()
        .map(|h| (h.id.unwrap_or_default(), h.title))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("docs/a.jsonl#4".to_string(), "bốn".to_string()),
            ("n1".into(), "bảy mươi".into()),
            ("n2".into(), "hai".into()),
            ("n2".into(), "sáu".into()),
        ]
    );
    assert_eq!(report.documents, 4 + 65);
}

#[test]
fn hits_that_tie_keep_their_order_whatever_order_they_were_added_in() {
    // Six copies of one text tie under every rule; each index adds them in another
    // order, in one commit or one commit each.
    let names = ["t1", "t2", "t3", "t4", "t5", "t6"];
    let doc = |id: &str| Document::new(id, "Khoáng sản", "Khoáng sản xanh và đổi mới.");
    let orders: [Vec<&str>; 3] = [
        names.to_vec(),
        names.iter().rev().copied().collect(),
        vec!["t4", "t1", "t6", "t3", "t5", "t2"],
    ];
    let mut seen = Vec::new();
    for (i, order) in orders.iter().enumerate() {
        let (_tmp, index) = index();
        let mut writer = index.writer(&WriterOptions::default()).expect("writer");
        for id in order {
            writer.add(doc(id)).expect("add");
            if i == 2 {
                writer.commit().expect("commit");
            }
        }
        writer.commit().expect("commit");
        drop(writer);
        let found = ids(&index, "khoáng sản", &SearchOptions::default());
        let mut sorted = found.clone();
        sorted.sort();
        assert_eq!(sorted, names, "every copy is a hit");
        seen.push(found);
    }
    assert_eq!(
        seen[0], seen[1],
        "the order of ties does not follow the order added"
    );
    assert_eq!(seen[0], seen[2], "nor the commits");
}

#[test]
fn snippets_of_a_page_of_long_texts_highlight_each_hit_in_the_order_of_the_hits() {
    // Forty pages of about 20 KB: past the size from which a page's snippets are made
    // on every core, and more hits than a search reads at once. Each hit's snippet
    // holds its own words, highlighted, and the hits come in the same order as without
    // snippets.
    let filler = "Báo cáo tổng hợp về tình hình kinh tế khu vực trong năm qua. ".repeat(130);
    let docs: Vec<Document> = (0..40)
        .map(|i| {
            let text = format!("{filler} Mục {i}: khoáng sản xanh số {i}. {filler}");
            Document::new(format!("long-{i}"), format!("Trang {i}"), text)
        })
        .collect();
    assert!(docs.iter().all(|d| d.body.len() > 8000));
    let (_tmp, index) = index_of(docs);
    let plain = SearchOptions::default().limit(40);
    let with = SearchOptions::default().limit(40).snippets(true);
    let without = index.search("khoáng sản xanh", &plain).expect("search");
    let found = index.search("khoáng sản xanh", &with).expect("search");
    assert_eq!(found.hits.len(), 40);
    assert_eq!(
        found.hits.iter().map(|h| &h.id).collect::<Vec<_>>(),
        without.hits.iter().map(|h| &h.id).collect::<Vec<_>>()
    );
    for hit in &found.hits {
        let id = hit.id.as_deref().expect("id");
        let n = id.trim_start_matches("long-");
        let s = &hit.snippet;
        assert!(
            s.text.contains(&format!("Mục {n}: khoáng sản xanh")),
            "{id}: {}",
            s.text
        );
        let marked = marked(s);
        assert!(
            marked.iter().any(|m| m.contains("khoáng")),
            "{id}: {marked:?}"
        );
    }
}

#[test]
fn a_word_of_several_syllables_held_only_apart_fills_the_page_last() {
    let (_tmp, index) = index_of([
        Document::new("pair", "Lưu", "Bấm nút để lưu tệp vào thư mục."),
        Document::new("apart", "Tệp", "Tệp được lưu lại sau khi đóng cửa sổ."),
        Document::new("one", "Lưu ý", "Lưu ý: đọc kỹ hướng dẫn."),
    ]);
    let options = SearchOptions::default();
    // `lưu tệp` is one word where the index holds the pair: the page that holds its
    // syllables only apart comes after it, as 0 of 1 words; one syllable alone, never.
    assert_eq!(ids(&index, "lưu tệp", &options), ["pair", "apart"]);
    let hits = index.search("lưu tệp", &options).unwrap().hits;
    assert_eq!((hits[0].matched_words, hits[1].matched_words), (1, 0));
    assert_eq!(hits[1].missing, ["lưu tệp"]);
    // It says why: the syllables are there, apart.
    assert!(hits[0].apart.is_empty(), "{:?}", hits[0].apart);
    assert_eq!(hits[1].apart, ["lưu tệp"]);
    let explained = index
        .search("lưu tệp", &SearchOptions::default().explain(true))
        .unwrap()
        .hits;
    let how = |h: &dsearch::Hit| h.explanation.as_ref().unwrap().matches[0].matched;
    assert_eq!((how(&explained[0]), how(&explained[1])), ("exact", "apart"));
    // A full page stops before them.
    let one = SearchOptions::default().limit(1);
    assert_eq!(ids(&index, "lưu tệp", &one), ["pair"]);
    // A quoted phrase stays strict.
    assert_eq!(ids(&index, "\"lưu tệp\"", &options), ["pair"]);
}

#[test]
fn a_function_word_beside_its_word_is_marked_in_the_snippet() {
    let (_tmp, index) = index_of([Document::new(
        "a",
        "Báo chí",
        "Do đó, quyền tự do báo chí được tôn trọng; tự động do máy làm.",
    )]);
    let r = index
        .search("tự do", &SearchOptions::default())
        .expect("search");
    let s = &r.hits[0].snippet;
    let marked = marked(s);
    // `do` right after `tự` only: not `Do đó`, not the `do` after `tự động`.
    assert_eq!(marked, ["tự", "do", "tự"], "{}", s.text);
}

#[test]
fn the_last_tier_keeps_the_pages_of_every_tier_above() {
    let (_tmp, index) = index_of([
        Document::new("pair", "Lưu", "Bấm nút để lưu tệp vào thư mục."),
        Document::new("apart", "Tệp", "Tệp được lưu lại sau khi đóng cửa sổ."),
        Document::new("gimp", "GIMP", "GIMP là phần mềm đồ họa."),
    ]);
    let options = SearchOptions::default();
    // Typed without diacritics: no loose tier; the page of `gimp` alone stays, above
    // the page that holds `lưu tệp` only apart.
    for q in ["luu tep gimp", "lưu tệp gimp"] {
        let got = ids(&index, q, &options);
        assert_eq!(got.len(), 3, "{q}: {got:?}");
        assert_eq!(got[2], "apart", "{q}: {got:?}");
        let hits = index.search(q, &options).unwrap().hits;
        // Only the last page holds the word's syllables apart, as typed: `luu tep`.
        let word = q.strip_suffix(" gimp").unwrap();
        let apart: Vec<&[String]> = hits.iter().map(|h| h.apart.as_slice()).collect();
        assert_eq!(apart, [&[][..], &[], &[word.to_string()]], "{q}");
    }
}

/// A word typed with diacritics that no document holds matches its other spellings
/// (a typo tolerated), and the search says so: its hits do not hold the word typed.
#[test]
fn a_word_typed_with_diacritics_no_document_holds_says_so() {
    let (_tmp, index) = index_of([
        Document::new("japan", "Nhật Bản", "Nhật Bản phát triển."),
        Document::new("price", "Giá bán", "Giá bán lẻ tăng."),
    ]);
    let r = index
        .search("bạn", &SearchOptions::default())
        .expect("search");
    assert_eq!(r.hits.len(), 2);
    assert_eq!(
        r.warnings,
        ["no document holds `bạn` as typed: it matches `ban` with any diacritics"]
    );
    // Held as typed, or typed without diacritics: nothing to say.
    for q in ["bán", "ban"] {
        let r = index.search(q, &SearchOptions::default()).expect("search");
        assert!(r.warnings.is_empty(), "{q}: {:?}", r.warnings);
    }
}

/// An update stopped half-way (here by a panic in its progress callback, as a process
/// would be killed) leaves commits marked unfinished: searches warn and the stats say
/// so, until an update runs to its end, whatever other writers commit meanwhile.
#[test]
fn an_update_stopped_half_way_says_so_until_one_ends() {
    let (tmp, index) = index();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    for i in 0..20 {
        std::fs::write(
            docs.join(format!("{i:02}.txt")),
            format!("Tệp {i}\nkhoáng sản"),
        )
        .expect("write");
    }
    let options = UpdateOptions::default().commit_every_bytes(1);
    let unfinished = |index: &Index| {
        let warned = index
            .search("khoáng sản", &SearchOptions::default())
            .expect("search")
            .warnings
            .iter()
            .any(|w| w == dsearch::search::UNFINISHED_WARNING);
        let stats = index.stats().expect("stats").unfinished;
        assert_eq!(index.unfinished().expect("unfinished"), stats);
        assert_eq!(warned, stats);
        stats
    };
    assert!(!unfinished(&index), "a new index");
    let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        index.update(std::slice::from_ref(&docs), &options, &mut |p| {
            if matches!(p, Progress::Read { files_done: 5, .. }) {
                panic!("stopped");
            }
        })
    }));
    assert!(stopped.is_err());
    let held = index.num_docs().expect("count");
    assert!((1..20).contains(&held), "{held} documents committed");
    assert!(unfinished(&index));
    // Documents added from memory meanwhile do not make the files' run finished.
    let mut writer = index.writer(&WriterOptions::default()).expect("writer");
    writer
        .add(Document::new("m1", "Ghi chú", "khoáng sản"))
        .expect("add");
    writer.commit().expect("commit");
    drop(writer);
    assert!(unfinished(&index));
    let report = index
        .update(std::slice::from_ref(&docs), &options, &mut |_| {})
        .expect("update");
    assert_eq!(report.documents, 21);
    assert!(!unfinished(&index));
    let mut writer = index.writer(&WriterOptions::default()).expect("writer");
    writer
        .add(Document::new("m2", "Ghi chú", "khoáng sản"))
        .expect("add");
    writer.commit().expect("commit");
    assert!(!unfinished(&index));
}

/// An English plural and its singular find each other (`table`, `tables`), below the
/// form typed (rule 4), and the snippet marks the form the page holds; other
/// inflections stay apart (`inserting` is not `insert`).
#[test]
fn english_plurals_and_singulars_find_each_other_below_the_form_typed() {
    let (_tmp, index) = index_of([
        Document::new("plural", "Tables", "Inserting tables into a document."),
        Document::new("singular", "Table", "Insert table rows with the menu."),
        Document::new("other", "Charts", "Editing the axes of a chart."),
    ]);
    let all = SearchOptions::default();
    assert_eq!(ids(&index, "table", &all), ["singular", "plural"]);
    assert_eq!(ids(&index, "tables", &all), ["plural", "singular"]);
    // Both words held: the plural as `tables`, the singular as `table`.
    for (query, first) in [("inserting table", "plural"), ("insert tables", "singular")] {
        let r = index.search(query, &all).expect("search");
        assert_eq!(r.hits[0].id.as_deref(), Some(first), "{query}");
        assert_eq!(r.hits[0].matched_words, 2, "{query}");
        assert_eq!(r.hits[1].matched_words, 1, "{query}");
        assert!(r.warnings.is_empty(), "{query}: {:?}", r.warnings);
    }
    let r = index.search("inserting table", &all).expect("search");
    assert_eq!(marked(&r.hits[0].snippet), ["Inserting", "tables"]);
    let explained = SearchOptions::default().explain(true);
    let r = index.search("tables", &explained).expect("search");
    let held: Vec<&str> = r
        .hits
        .iter()
        .map(|h| h.explanation.as_ref().expect("explanation").matches[0].matched)
        .collect();
    assert_eq!(held, ["exact", "loose"]);
    // Excluded, a word leaves out its plural or singular too.
    assert_eq!(ids(&index, "menu", &all), ["singular"]);
    assert!(ids(&index, "menu -tables", &all).is_empty());
    assert!(ids(&index, "document -table", &all).is_empty());
}

/// An English plural whose singular is spelled as a Vietnamese syllable (`days`,
/// `bans`) keeps its own folded form: it neither finds nor, excluded, leaves out the
/// Vietnamese pages that hold `đây` or `bạn`.
#[test]
fn english_plurals_spelled_as_vietnamese_syllables_stay_apart_from_vietnamese() {
    let (_tmp, index) = index_of([
        Document::new("vi", "Bạn bè", "Đây là bạn của tôi ở Hà Nội."),
        Document::new("en", "Old days", "In those days the bans were lifted."),
    ]);
    let all = SearchOptions::default();
    assert_eq!(ids(&index, "days", &all), ["en"]);
    assert_eq!(ids(&index, "bans", &all), ["en"]);
    assert_eq!(ids(&index, "ban", &all), ["vi"]);
    assert_eq!(ids(&index, "Hà Nội -days", &all), ["vi"]);
    assert_eq!(ids(&index, "lifted -day", &all), ["en"]);
}
