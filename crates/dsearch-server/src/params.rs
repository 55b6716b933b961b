//! Query-string parameters, read strictly: percent-decoding that must give UTF-8 (a
//! lossy decoder would search for U+FFFD instead of saying the request is bad), numbers
//! that must be numbers, and one line naming the parameter when they are not.

use crate::error::ApiError;

/// The decoded parameters of a query string, in order (a name may repeat).
#[derive(Debug, Default)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Decodes `a=1&b=x+y&c=%E7%BB%BF`; `+` is a space.
    pub(crate) fn parse(raw: Option<&str>) -> Result<Params, ApiError> {
        let mut pairs = Vec::new();
        for part in raw.unwrap_or_default().split('&') {
            if part.is_empty() {
                continue;
            }
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            let name = decode(name).ok_or_else(|| {
                ApiError::bad_request("the query string is not valid UTF-8 once decoded")
            })?;
            let value = decode(value).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "parameter `{name}` is not valid UTF-8 once decoded"
                ))
            })?;
            pairs.push((name, value));
        }
        Ok(Params { pairs })
    }

    /// The first value of `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, which must be there.
    pub(crate) fn required(&self, name: &str) -> Result<&str, ApiError> {
        self.get(name)
            .ok_or_else(|| ApiError::bad_request(format!("missing query parameter `{name}`")))
    }

    /// Every value of `name`, comma-separated lists split, empty ones dropped.
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(n, _)| n == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// `name` as a count; `None` when absent or empty.
    pub(crate) fn count(&self, name: &str) -> Result<Option<usize>, ApiError> {
        match self.get(name).map(str::trim) {
            None | Some("") => Ok(None),
            Some(v) => {
                if !v.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(ApiError::bad_request(format!(
                        "`{name}` must be a whole number, not {v:?}"
                    )));
                }
                // All digits: only an overflow fails, and that is "very large".
                Ok(Some(v.parse().unwrap_or(usize::MAX)))
            }
        }
    }
}

/// Percent-decodes `s` (`+` as a space); `None` when the bytes are not UTF-8. A `%` not
/// followed by two hex digits is kept as it is.
fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_plus_and_keeps_stray_percents() {
        assert_eq!(decode("a+b").as_deref(), Some("a b"));
        assert_eq!(decode("%E7%BB%BF").as_deref(), Some("绿"));
        assert_eq!(decode("kho%C3%A1ng").as_deref(), Some("khoáng"));
        assert_eq!(decode("100%").as_deref(), Some("100%"));
        assert_eq!(decode("%zz%4").as_deref(), Some("%zz%4"));
        assert_eq!(decode("%2B").as_deref(), Some("+"));
        assert_eq!(decode("%FF"), None);
        assert_eq!(decode("%C3"), None);
    }

    #[test]
    fn parameters_repeat_and_split() {
        let p = Params::parse(Some("q=x&lang=vi&lang=zh,ja&&lang=&limit=")).unwrap();
        assert_eq!(p.get("q"), Some("x"));
        assert_eq!(p.all("lang"), ["vi", "zh", "ja"]);
        assert_eq!(p.count("limit").unwrap(), None);
        assert_eq!(p.count("offset").unwrap(), None);
        let p = Params::parse(Some("limit=99999999999999999999999&offset=-1")).unwrap();
        assert_eq!(p.count("limit").unwrap(), Some(usize::MAX));
        assert!(p.count("offset").is_err());
        assert!(Params::parse(Some("q=%FF")).is_err());
    }
}
