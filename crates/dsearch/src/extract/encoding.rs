//! From a file's bytes to text. UTF-8 is the rule, but archives hold older files:
//! UTF-16 with a byte order mark, Chinese pages in GBK or Big5, Japanese ones in
//! Shift_JIS or EUC-JP, Vietnamese ones in windows-1258. encoding_rs (Firefox's
//! decoders) decodes them; the encoding is, in order:
//!
//! 1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE);
//! 2. UTF-8, when the bytes are valid UTF-8;
//! 3. for HTML, the `charset` the page declares in its first 1024 bytes, as browsers
//!    prescan it (`<meta charset="gb2312">`, `content="text/html; charset=Shift_JIS"`);
//! 4. UTF-8 decoded lossily, when the bytes are UTF-8 with some damage (no more invalid
//!    sequences than valid multi-byte characters): a damaged UTF-8 file, not another
//!    encoding;
//! 5. else the guess of chardetng (Firefox's detector for legacy web content).
//!
//! Each but 1–3 adds a warning naming what was done; JSONL stays UTF-8, as JSON is.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, X_USER_DEFINED};

use super::Format;

/// Decodes a whole file of `format`: the text, and a warning (without the file name)
/// when its encoding was guessed or bad bytes were replaced.
pub fn decode_file(bytes: Vec<u8>, format: Format) -> (String, Option<String>) {
    if let Some((enc, bom)) = Encoding::for_bom(&bytes) {
        let (text, errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        let warning = errors.then(|| format!("invalid {}, decoded lossily", enc.name()));
        return (text.into_owned(), warning);
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(s) => return (s, None),
        Err(e) => e.into_bytes(),
    };
    let bytes = bytes.as_slice();
    if format == Format::Html {
        // As browsers prescan: a declared UTF-16 is not what 8-bit bytes are, and the
        // replacement encoding would turn the page into one U+FFFD; both are ignored.
        let usable = |e: &&'static Encoding| ![UTF_8, UTF_16LE, UTF_16BE, REPLACEMENT].contains(e);
        if let Some(enc) = declared_charset(bytes).filter(usable) {
            let (text, errors) = enc.decode_without_bom_handling(bytes);
            let warning =
                errors.then(|| format!("invalid {} (as declared), decoded lossily", enc.name()));
            return (text.into_owned(), warning);
        }
    }
    if mostly_utf8(bytes) {
        let text = String::from_utf8_lossy(bytes).into_owned();
        return (text, Some("invalid UTF-8, decoded lossily".to_string()));
    }
    // ISO-2022-JP is plain text to a search engine (no scripts run): allowed.
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    let enc = detector.guess(None, Utf8Detection::Deny);
    let (text, _) = enc.decode_without_bom_handling(bytes);
    let warning = format!("not UTF-8, decoded as {} (guessed)", enc.name());
    (text.into_owned(), Some(warning))
}

/// True when `bytes` are UTF-8 with some damage: no more invalid sequences than valid
/// multi-byte characters. Text in another encoding has few valid multi-byte sequences
/// (Latin-1 none, GBK or Big5 about one character in ten) and an invalid one at
/// nearly every character; a damaged UTF-8 file the reverse.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut bad, mut multibyte) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        bad += usize::from(!chunk.invalid().is_empty());
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
    }
    bad <= multibyte
}

/// The encoding an HTML page declares in its first 1024 bytes: the label after the
/// first `charset=` (in a `<meta>`), quoted or not.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let rest = &head[at..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(&b)))
        .unwrap_or(rest.len());
    // x-user-defined is windows-1252 in a prescan, as in browsers.
    Encoding::for_label(&rest[..end]).map(|e| if e == X_USER_DEFINED { WINDOWS_1252 } else { e })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(enc: &'static Encoding, s: &str) -> Vec<u8> {
        enc.encode(s).0.into_owned()
    }

    #[test]
    fn utf8_and_byte_order_marks() {
        assert_eq!(
            decode_file("綠色 khoáng".into(), Format::Text),
            ("綠色 khoáng".into(), None)
        );
        let mut le = vec![0xFF, 0xFE];
        le.extend("空港 sản".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode_file(le, Format::Text), ("空港 sản".into(), None));
        let mut be = vec![0xFE, 0xFF];
        be.extend("空港".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode_file(be, Format::Markdown).0, "空港");
    }

    #[test]
    fn utf16_text_is_not_binary_and_utf32_or_noise_is() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(
            "Tiêu đề\n空港 sản"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        assert!(!super::super::looks_binary(&le));
        let mut utf32 = vec![0xFF, 0xFE, 0, 0];
        utf32.extend("Tiêu đề".chars().flat_map(|c| (c as u32).to_le_bytes()));
        assert!(super::super::looks_binary(&utf32));
        let noise: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain((0..200u8).map(|i| i.wrapping_mul(37)))
            .collect();
        assert!(super::super::looks_binary(&noise));
    }

    #[test]
    fn html_declares_its_charset() {
        for (label, enc, words) in [
            ("gb2312", encoding_rs::GBK, "中国峰会 绿色矿产"),
            ("Shift_JIS", encoding_rs::SHIFT_JIS, "空港を改装する"),
            ("big5", encoding_rs::BIG5, "中國峰會 綠色礦產"),
        ] {
            let page = format!(
                "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset={label}\"></head><body>{words}</body></html>"
            );
            let (text, warning) = decode_file(encode(enc, &page), Format::Html);
            assert!(text.contains(words), "{label}: {text}");
            assert_eq!(warning, None, "{label}");
        }
        let page = "<meta charset='euc-jp'><p>空港を改装する</p>";
        let (text, _) = decode_file(encode(encoding_rs::EUC_JP, page), Format::Html);
        assert!(text.contains("空港を改装する"), "{text}");
    }

    #[test]
    fn a_declared_utf16_or_replacement_charset_is_ignored() {
        for label in ["utf-16", "iso-2022-kr", "hz-gb-2312"] {
            let page =
                format!("<meta charset=\"{label}\"><p>中国峰会 绿色矿产合作，各方同意。</p>");
            let (text, _) = decode_file(encode(encoding_rs::GBK, &page), Format::Html);
            assert!(text.contains("中国峰会"), "{label}: {text}");
        }
    }

    #[test]
    fn legacy_encodings_are_guessed_and_said() {
        let long = "中国与中亚国家的峰会在西安举行，各方同意拓展绿色矿产合作。".repeat(4);
        let (text, warning) = decode_file(encode(encoding_rs::GBK, &long), Format::Text);
        assert_eq!(text, long);
        assert_eq!(
            warning.as_deref(),
            Some("not UTF-8, decoded as GBK (guessed)")
        );
        let ja = "関西国際空港を改装する計画が発表された。".repeat(4);
        let (text, warning) = decode_file(encode(encoding_rs::SHIFT_JIS, &ja), Format::Text);
        assert_eq!(text, ja);
        assert!(warning.unwrap().contains("Shift_JIS"));
    }

    #[test]
    fn heavily_damaged_utf8_stays_utf8() {
        // A bad byte after every eighth character, Vietnamese and Chinese.
        for text in [
            "Khoáng sản xanh và đổi mới công nghệ. ",
            "中国与中亚国家的峰会在西安举行。",
        ] {
            let mut bytes = Vec::new();
            for (i, c) in text.repeat(10).chars().enumerate() {
                let mut buf = [0; 4];
                bytes.extend(c.encode_utf8(&mut buf).as_bytes());
                if i % 8 == 7 {
                    bytes.push(0xFF);
                }
            }
            let (decoded, warning) = decode_file(bytes, Format::Text);
            assert_eq!(warning.as_deref(), Some("invalid UTF-8, decoded lossily"));
            assert!(decoded.contains('\u{FFFD}'));
        }
    }

    #[test]
    fn damaged_utf8_stays_utf8() {
        let mut bytes = "Khoáng sản xanh và đổi mới công nghệ. "
            .repeat(20)
            .into_bytes();
        bytes.insert(40, 0xFF);
        let (text, warning) = decode_file(bytes, Format::Text);
        assert!(text.contains('\u{FFFD}') && text.contains("Khoáng sản"));
        assert_eq!(warning.as_deref(), Some("invalid UTF-8, decoded lossily"));
    }
}
