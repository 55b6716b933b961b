//! The query set of the speed benchmarks: two queries per class, each as dsearch, FTS5
//! and ripgrep are given it.

use super::fts5::Tokenizer;

/// How FTS5 answers a query.
#[derive(Debug, Clone, Copy)]
pub enum Fts {
    /// `docs MATCH expr ORDER BY rank LIMIT 10` on the table of a tokenizer.
    Match(Tokenizer, &'static str),
    /// Terms of one or two CJK characters are shorter than a trigram: FTS5 can only
    /// scan with `LIKE` (no ranking, no snippet). Title or text must contain every
    /// `pos` and no `neg`.
    Like(&'static [&'static str], &'static [&'static str]),
}

/// One query of the set, as each engine is given it.
#[derive(Debug, Clone, Copy)]
pub struct Query {
    /// Short name (criterion id).
    pub name: &'static str,
    /// The class of the issue.
    pub class: &'static str,
    /// dsearch syntax.
    pub dsearch: &'static str,
    /// FTS5.
    pub fts: Fts,
    /// `rg -F` literal, and a literal whose lines are then dropped (`| rg -v -F`).
    pub rg: (&'static str, Option<&'static str>),
    /// Script of the query: `vi`, `zh` or `ja` (the process targets differ).
    pub script: &'static str,
}

/// The query set: two queries per class.
pub fn queries() -> Vec<Query> {
    use Fts::*;
    use Tokenizer::*;
    vec![
        Query {
            name: "vi_word_hop_thoai",
            class: "Vietnamese word",
            dsearch: "hộp thoại",
            fts: Match(Unicode61, "hộp thoại"),
            rg: ("hộp thoại", None),
            script: "vi",
        },
        Query {
            name: "vi_word_mat_khau",
            class: "Vietnamese word",
            dsearch: "mật khẩu",
            fts: Match(Unicode61, "mật khẩu"),
            rg: ("mật khẩu", None),
            script: "vi",
        },
        Query {
            name: "vi_phrase_dinh_dang_o",
            class: "Vietnamese phrase",
            dsearch: "\"định dạng ô\"",
            fts: Match(Unicode61, "\"định dạng ô\""),
            rg: ("định dạng ô", None),
            script: "vi",
        },
        Query {
            name: "vi_phrase_bang_tinh",
            class: "Vietnamese phrase",
            dsearch: "\"bảng tính\"",
            fts: Match(Unicode61, "\"bảng tính\""),
            rg: ("bảng tính", None),
            script: "vi",
        },
        Query {
            name: "vi_nodiac_hop_thoai",
            class: "Vietnamese without diacritics",
            dsearch: "hop thoai",
            fts: Match(Unicode61, "hop thoai"),
            rg: ("hop thoai", None),
            script: "vi",
        },
        Query {
            name: "vi_nodiac_mat_khau",
            class: "Vietnamese without diacritics",
            dsearch: "mat khau",
            fts: Match(Unicode61, "mat khau"),
            rg: ("mat khau", None),
            script: "vi",
        },
        Query {
            name: "zh_word_shujuku",
            class: "Chinese simplified word",
            dsearch: "数据库",
            fts: Match(Trigram, "\"数据库\""),
            rg: ("数据库", None),
            script: "zh",
        },
        Query {
            name: "zh_word_wendang",
            class: "Chinese simplified word",
            dsearch: "文档",
            fts: Like(&["文档"], &[]),
            rg: ("文档", None),
            script: "zh",
        },
        Query {
            name: "zh_trad_shujuku",
            class: "traditional query, simplified documents",
            dsearch: "數據庫",
            fts: Match(Trigram, "\"數據庫\""),
            rg: ("數據庫", None),
            script: "zh",
        },
        Query {
            name: "zh_trad_dianzi_biaoge",
            class: "traditional query, simplified documents",
            dsearch: "電子表格",
            fts: Match(Trigram, "\"電子表格\""),
            rg: ("電子表格", None),
            script: "zh",
        },
        Query {
            name: "ja_file_open",
            class: "Japanese",
            dsearch: "ファイルを開く",
            fts: Match(Trigram, "\"ファイルを開く\""),
            rg: ("ファイルを開く", None),
            script: "ja",
        },
        Query {
            name: "ja_database",
            class: "Japanese",
            dsearch: "データベース",
            fts: Match(Trigram, "\"データベース\""),
            rg: ("データベース", None),
            script: "ja",
        },
        Query {
            name: "excl_mingyue_not_chunfeng",
            class: "exclusion",
            dsearch: "明月 -春风",
            fts: Like(&["明月"], &["春风"]),
            rg: ("明月", Some("春风")),
            script: "zh",
        },
        Query {
            name: "excl_hop_thoai_not_dinh_dang",
            class: "exclusion",
            dsearch: "hộp thoại -\"định dạng\"",
            fts: Match(Unicode61, "hộp thoại NOT \"định dạng\""),
            rg: ("hộp thoại", Some("định dạng")),
            script: "vi",
        },
        Query {
            name: "rare_qianlong",
            class: "rare term",
            dsearch: "乾隆",
            fts: Like(&["乾隆"], &[]),
            rg: ("乾隆", None),
            script: "zh",
        },
        Query {
            name: "rare_hoan_tac",
            class: "rare term",
            dsearch: "hoàn tác",
            fts: Match(Unicode61, "hoàn tác"),
            rg: ("hoàn tác", None),
            script: "vi",
        },
        Query {
            name: "frequent_ren",
            class: "frequent term",
            dsearch: "人",
            fts: Like(&["人"], &[]),
            rg: ("人", None),
            script: "zh",
        },
        Query {
            name: "frequent_cua",
            class: "frequent term",
            dsearch: "của",
            fts: Match(Unicode61, "của"),
            rg: ("của", None),
            script: "vi",
        },
    ]
}
