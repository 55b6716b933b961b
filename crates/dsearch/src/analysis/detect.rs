//! Language detection per document, over the whole text: script counts first (kana means
//! Japanese, Han means Chinese, Vietnamese letters mean Vietnamese), whatlang's trigram
//! model only for the remaining alphabetic text. Queries are never detected: see
//! [`crate::query`].

use super::script::{is_han, is_hangul, is_kana};

/// Letters under which whatlang's guess is kept only when it calls it reliable.
const MIN_LETTERS_TO_GUESS: usize = 24;

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

/// The code dsearch gives the language `name` names: an ISO 639-1 code (`vi`), an ISO
/// 639-3 one (`vie`, also when 639-1 has none), a language tag (`zh-Hant`, `ja_JP`: its
/// language) or an English name (`Vietnamese`), in any case; `und` for `und`. `None`
/// when it names no language (`xx`).
pub fn language_code(name: &str) -> Option<&'static str> {
    let name = name.trim().to_ascii_lowercase();
    if name == "und" {
        return Some("und");
    }
    // A language tag: its first subtag, the rest shaped as subtags (`Hant`, `TW`, `419`).
    let mut subtags = name.split(['-', '_']);
    let primary = subtags.next().unwrap_or_default();
    let tag =
        subtags.all(|t| (2..=8).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric()));
    let language = match primary.len() {
        _ if !tag => None,
        2 => isolang::Language::from_639_1(primary),
        3 => isolang::Language::from_639_3(primary),
        _ => None,
    }
    .or_else(|| isolang::Language::from_name_lowercase(&name))?;
    Some(language.to_639_1().unwrap_or_else(|| language.to_639_3()))
}

/// [`language_code`], or an [`ErrorKind::InvalidArgument`](crate::ErrorKind) naming
/// `name`: the check of a language a caller gives (the server, the Python module).
pub fn language(name: &str) -> crate::Result<&'static str> {
    language_code(name).ok_or_else(|| {
        crate::Error::new(crate::ErrorKind::InvalidArgument(format!(
            "invalid language {name:?} (an ISO 639-1 code: vi, zh, ja, en, ...)"
        )))
    })
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
    // A short text is any language to a trigram model (`Tin A` read as Azerbaijani):
    // under a sentence of letters, only a guess whatlang calls reliable is kept, or one
    // helped by a Vietnamese letter.
    whatlang::detect(&text[..end])
        .filter(|i| letters >= MIN_LETTERS_TO_GUESS || viet > 0 || i.is_reliable())
        .and_then(|i| isolang::Language::from_639_3(i.lang().code()))
        .and_then(|l| l.to_639_1())
        .unwrap_or("und")
}

#[cfg(test)]
mod tests {
    use super::detect;

    #[test]
    fn language_names_and_codes() {
        use super::language_code;
        for (name, code) in [
            ("vi", Some("vi")),
            ("VI", Some("vi")),
            ("vie", Some("vi")),
            ("Vietnamese", Some("vi")),
            ("zh-Hant", Some("zh")),
            ("zh_TW", Some("zh")),
            ("ja-JP", Some("ja")),
            ("japanese", Some("ja")),
            ("und", Some("und")),
            ("yue", Some("yue")),
            ("xx", None),
            ("not-a-lang", None),
            ("es-419", Some("es")),
            ("vietnam", None),
            ("", None),
        ] {
            assert_eq!(language_code(name), code, "{name}");
        }
    }

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
        // Too short for a trigram model to tell.
        assert_eq!(detect("Tin A"), "und");
        assert_eq!(detect("Bản tin sáng"), "vi");
        // Vietnamese with Chinese names in brackets stays Vietnamese.
        assert_eq!(
            detect("Chủ tịch Trung Quốc Tập Cận Bình (习近平) phát biểu tại hội nghị thượng đỉnh"),
            "vi"
        );
    }
}
