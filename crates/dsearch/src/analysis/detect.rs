//! Language detection per document, over the whole text: script counts first (kana means
//! Japanese, Han means Chinese, Vietnamese letters mean Vietnamese), whatlang's trigram
//! model only for the remaining alphabetic text. Queries are never detected: see
//! [`crate::query`].

use super::script::{is_han, is_hangul, is_kana};

/// How much text whatlang reads at most, in bytes.
const WHATLANG_SAMPLE: usize = 16 * 1024;

/// Letters that only Vietnamese uses among Latin-script languages: `đ ơ ư` and the Latin
/// Extended Additional block of tone-marked vowels (`ạ ả ấ ầ ẩ ẫ ậ ...`).
fn is_vietnamese_letter(c: char) -> bool {
    matches!(
        c,
        'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | '\u{1EA0}'
            ..='\u{1EF9}' | '\u{0323}' | '\u{0309}' | '\u{031B}'
    )
}

/// The ISO 639-1 code of the language of `text` (`"und"` when it has no letters).
pub fn detect(text: &str) -> &'static str {
    let (mut han, mut kana, mut hangul, mut letters, mut viet) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        if c.is_ascii() {
            letters += c.is_ascii_alphabetic() as usize;
        } else if is_han(c) {
            han += 1;
        } else if is_kana(c) || ('\u{FF66}'..='\u{FF9F}').contains(&c) {
            // Half-width katakana too: detection reads the text before normalisation.
            kana += 1;
        } else if is_hangul(c) {
            hangul += 1;
        } else if c.is_alphabetic() || matches!(c, '\u{0300}'..='\u{036F}') {
            letters += 1;
            viet += is_vietnamese_letter(c) as usize;
        }
    }
    let cjk = han + kana;
    if kana > 0 && kana * 20 >= cjk && cjk * 3 >= letters {
        return "ja";
    }
    // A Han character carries about as much as a short word: weigh it against letters.
    if han > 0 && han * 3 >= letters {
        return "zh";
    }
    if hangul > 0 && hangul * 2 >= letters {
        return "ko";
    }
    if viet >= 2 && viet * 50 >= letters {
        return "vi";
    }
    if letters == 0 && cjk == 0 && hangul == 0 {
        return "und";
    }
    let mut end = text.len().min(WHATLANG_SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    whatlang::detect_lang(&text[..end])
        .and_then(|l| isolang::Language::from_639_3(l.code()))
        .and_then(|l| l.to_639_1())
        .unwrap_or("und")
}

#[cfg(test)]
mod tests {
    use super::detect;

    #[test]
    fn languages() {
        assert_eq!(
            detect("Trung Quốc và các nước Trung Á sẽ tổ chức Hội nghị thượng đỉnh"),
            "vi"
        );
        assert_eq!(
            detect("中国-中亚峰会五月西安举行 外长会晤发表新闻公报"),
            "zh"
        );
        assert_eq!(detect("中國-中亞外長第五次會晤聯(lián)合聲明"), "zh");
        assert_eq!(
            detect("東京都に住んでいます。関西国際空港から来ました。"),
            "ja"
        );
        assert_eq!(
            detect("The quick brown fox jumps over the lazy dog near the river bank."),
            "en"
        );
        assert_eq!(detect("서울은 한국의 수도입니다"), "ko");
        // Half-width katakana are kana (they were read as letters, and whatlang said ko).
        assert_eq!(detect("ﾊﾟｯｹｰｼﾞ説明 これはﾊﾟｯｹｰｼﾞのｲﾝｽﾄｰﾙです。"), "ja");
        assert_eq!(detect("ｲﾝｽﾄｰﾙ ｶﾞｲﾄﾞ"), "ja");
        assert_eq!(detect("12345 ..."), "und");
        // Vietnamese with Chinese names in brackets stays Vietnamese.
        assert_eq!(
            detect("Chủ tịch Trung Quốc Tập Cận Bình (习近平) phát biểu tại hội nghị thượng đỉnh"),
            "vi"
        );
    }
}
