//! Chinese: jieba words over text already folded to simplified characters. The jieba
//! dictionary (about 0.2 s to load) is loaded on first use only, so analysing text
//! without Han characters never pays for it.

use std::sync::OnceLock;

use jieba_rs::Jieba;

static JIEBA: OnceLock<Jieba> = OnceLock::new();

/// The process-wide jieba segmenter, loaded on first call.
pub fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(Jieba::new)
}

/// True once jieba's dictionary has been loaded in this process.
pub fn is_loaded() -> bool {
    JIEBA.get().is_some()
}

/// Appends the byte ranges of the words of `text` (simplified Chinese, one CJK run).
pub fn segment(text: &str, out: &mut Vec<(usize, usize)>) {
    let base = text.as_ptr() as usize;
    for w in jieba().cut(text, true) {
        let from = w.as_ptr() as usize - base;
        if !w.trim().is_empty() {
            out.push((from, from + w.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::segment;

    #[test]
    fn words_of_a_sentence() {
        let text = "中国发展绿色矿产资源";
        let mut out = Vec::new();
        segment(text, &mut out);
        let words: Vec<&str> = out.iter().map(|&(a, b)| &text[a..b]).collect();
        // jieba knows 矿产资源 as one word; bigrams find 矿产 inside it.
        assert_eq!(words, ["中国", "发展", "绿色", "矿产资源"]);
    }
}
