//! Chinese: jieba words over text already folded to simplified characters, and the
//! documented list of Chinese function words. The jieba dictionary (about 0.1 s to
//! load) is loaded on first use only, so analysing text without Han characters never
//! pays for it.

use std::sync::OnceLock;

use jieba_rs::Jieba;
use rustc_hash::FxHashSet;

static JIEBA: OnceLock<Jieba> = OnceLock::new();

/// The process-wide jieba segmenter, loaded on first call.
pub(crate) fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(Jieba::new)
}

/// True once jieba's dictionary has been loaded in this process.
pub fn is_loaded() -> bool {
    JIEBA.get().is_some()
}

/// Appends the byte ranges of the words of `text` (simplified Chinese, one CJK run).
pub fn segment(text: &str, out: &mut Vec<(usize, usize)>) {
    for w in jieba().cut(text, true) {
        if !w.word.trim().is_empty() {
            out.push((w.byte_start, w.byte_end));
        }
    }
}

/// Chinese function words, in simplified characters: structural particles (的 地 得
/// 之), aspect and modal particles (了 着 过 吗 呢 吧 啊), conjunctions (和 与 及 或 而
/// 并 但是 因为 所以 如果), prepositions (在 于 对 从 向 把 被 为 以 由 关于 对于), the
/// copula and common adverbs (是 也 都 就 还 又 很), demonstratives, measure words and
/// pronouns (这 那 其 此 个 们 这个 我们 什么 如何). In a query they add score but never
/// exclude a document; a query made only of them requires them.
pub const FUNCTION_WORDS: &[&str] = &[
    "的",
    "地",
    "得",
    "之",
    "了",
    "着",
    "过",
    "吗",
    "呢",
    "吧",
    "啊",
    "呀",
    "么",
    "嘛",
    "和",
    "与",
    "及",
    "或",
    "而",
    "且",
    "并",
    "跟",
    "同",
    "在",
    "于",
    "对",
    "从",
    "向",
    "把",
    "被",
    "为",
    "以",
    "由",
    "给",
    "是",
    "也",
    "都",
    "就",
    "还",
    "又",
    "很",
    "这",
    "那",
    "其",
    "此",
    "个",
    "们",
    "等",
    "所",
    "各",
    "每",
    "该",
    "以及",
    "或者",
    "而且",
    "并且",
    "但是",
    "可是",
    "因为",
    "所以",
    "如果",
    "虽然",
    "然后",
    "关于",
    "对于",
    "通过",
    "按照",
    "根据",
    "这个",
    "那个",
    "这些",
    "那些",
    "这样",
    "那样",
    "这里",
    "那里",
    "我们",
    "你们",
    "他们",
    "她们",
    "它们",
    "什么",
    "怎么",
    "怎样",
    "如何",
    "为什么",
    "哪个",
    "哪些",
    "一个",
    "一些",
    "一种",
];

/// The particles among [`FUNCTION_WORDS`]: structural (的 地 得 之), aspect (了 着) and
/// modal (吗 呢 吧 啊 呀 么 嘛). They follow the word they belong to and stand alone
/// as words; the prepositions, conjunctions and measure words of the list also begin
/// or end common words (`向` of `方向`, `以` of `可以`, `个` of `个人`).
pub const PARTICLES: &[char] = &[
    '的', '地', '得', '之', '了', '着', '吗', '呢', '吧', '啊', '呀', '么', '嘛',
];

/// True when `word` (simplified) is one of [`PARTICLES`].
pub fn is_particle(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if PARTICLES.contains(&c))
}

/// True when `word` (simplified) is one of [`FUNCTION_WORDS`].
pub fn is_function_word(word: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| FUNCTION_WORDS.iter().copied().collect())
        .contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_a_sentence() {
        let text = "中国发展绿色矿产资源";
        let mut out = Vec::new();
        segment(text, &mut out);
        let words: Vec<&str> = out.iter().map(|&(a, b)| &text[a..b]).collect();
        // jieba knows 矿产资源 as one word; bigrams find 矿产 inside it.
        assert_eq!(words, ["中国", "发展", "绿色", "矿产资源"]);
    }

    #[test]
    fn function_words() {
        assert!(is_function_word("的") && is_function_word("如何"));
        assert!(!is_function_word("峰会") && !is_function_word("中亚"));
        let mut sorted = FUNCTION_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), FUNCTION_WORDS.len(), "no word listed twice");
    }
}
