//! Sizes in bytes as people write them (`50M`, `4G`), for `--max-file-size` and the
//! Python package's `max_file_size`.

use crate::error::{Error, ErrorKind, Result};

/// The bytes of a size: a whole number, optionally followed by `K`, `M` or `G` (either
/// case; binary multiples, so `1K` is 1024). Spaces around it are ignored.
///
/// ```
/// assert_eq!(dsearch::size::parse("50M")?, 50 << 20);
/// assert_eq!(dsearch::size::parse("1000")?, 1000);
/// assert!(dsearch::size::parse("50MB").is_err());
/// # Ok::<(), dsearch::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidArgument`] for anything else, and for a size over `u64::MAX`
/// bytes; the message quotes the text: `invalid size "50MB" (examples: 1000, 64K, 50M,
/// 1G)`.
pub fn parse(s: &str) -> Result<u64> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().last() {
        Some((i, 'K' | 'k')) => (&s[..i], 1u64 << 10),
        Some((i, 'M' | 'm')) => (&s[..i], 1 << 20),
        Some((i, 'G' | 'g')) => (&s[..i], 1 << 30),
        _ => (s, 1),
    };
    num.parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .ok_or_else(|| {
            Error::new(ErrorKind::InvalidArgument(format!(
                "invalid size {s:?} (examples: 1000, 64K, 50M, 1G)"
            )))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_an_optional_binary_suffix() {
        for (text, bytes) in [
            ("0", 0),
            ("1000", 1000),
            ("64K", 64 << 10),
            ("64k", 64 << 10),
            ("50M", 50 << 20),
            (" 4G ", 4 << 30),
            ("18446744073709551615", u64::MAX),
            ("17179869183G", 17_179_869_183 << 30),
        ] {
            assert_eq!(parse(text).ok(), Some(bytes), "{text:?}");
        }
    }

    #[test]
    fn anything_else_is_an_invalid_argument_quoting_it() {
        for text in [
            "",
            "M",
            "-1",
            "1.5M",
            "50MB",
            "5 M",
            "1T",
            "x",
            "17179869184G",
        ] {
            let e = parse(text).expect_err(text);
            assert!(
                matches!(e.kind(), ErrorKind::InvalidArgument(_)),
                "{text:?}: {e:?}"
            );
            assert_eq!(
                e.to_string(),
                format!(
                    "invalid size {:?} (examples: 1000, 64K, 50M, 1G)",
                    text.trim()
                ),
            );
        }
    }
}
