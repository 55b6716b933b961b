//! Index records that live in your own program (a chat archive, a crawler, a newsroom
//! tool): add them from memory, replace and delete them by id, and search with a
//! metadata filter and a sort.
//!
//! ```sh
//! cargo run --release --example records
//! ```

use dsearch::{Document, Index, SearchOptions, SortBy, WriterOptions};

fn main() -> Result<(), dsearch::Error> {
    let tmp = std::env::temp_dir().join(format!("dsearch-records-{}", std::process::id()));
    let index = Index::open_or_create(tmp.join(".dsearch"))?;

    // One writer per index: it analyses documents on every core and makes them
    // searchable, all together, at `commit`.
    let mut writer = index.writer(&WriterOptions::default())?;
    let records = [
        (
            "n1",
            "Khoáng sản xanh",
            "Hợp tác khoáng sản xanh giữa hai nước.",
            "vov",
            "2024-03-05",
        ),
        (
            "n2",
            "Đổi mới công nghệ",
            "Khoáng sản xanh và đổi mới công nghệ.",
            "vnexpress",
            "2024-07-01",
        ),
        (
            "n3",
            "綠色礦產合作",
            "各方同意拓展綠色礦產合作。",
            "vov",
            "2023-12-31",
        ),
        (
            "n4",
            "空港の改装",
            "関西国際空港が改装された。",
            "nhk",
            "2024-05-20",
        ),
    ];
    for (id, title, body, source, date) in records {
        // Metadata: text, numbers and ISO 8601 dates; no schema to declare.
        writer.add(
            Document::new(id, title, body)
                .field("source", source)
                .field("date", date),
        )?;
    }
    writer.commit()?;

    // Replace a record (every document with its id) and delete another.
    writer.upsert(
        Document::new(
            "n2",
            "Đổi mới công nghệ",
            "Khoáng sản xanh, năng lượng và đổi mới.",
        )
        .field("source", "vnexpress")
        .field("date", "2024-07-02"),
    )?;
    writer.delete("n4")?;
    writer.commit()?;
    println!("{} documents", index.num_docs()?);

    // This outlet, this year, newest first. `绿色矿产` (simplified) finds `綠色礦產`.
    let newest_first = SearchOptions::default().sort(Some(SortBy::parse("-date")?));
    for query in ["khoang san source:vov", "date:2024 khoáng sản", "绿色矿产"] {
        let results = index.search(query, &newest_first)?;
        println!("\n{query}: {} hits", results.hits.len());
        for hit in &results.hits {
            let date = hit.fields.get("date").map(|d| d.to_string());
            println!(
                "  {} {} {}",
                hit.id.as_deref().unwrap_or_default(),
                date.unwrap_or_default(),
                hit.title
            );
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}
