//! Documents as the library takes them from a program ([`Document`]), and their
//! metadata ([`FieldValue`], [`Date`]): text, numbers and ISO 8601 dates.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Serialize, Serializer};

use crate::error::{Error, ErrorKind, Result};

/// Metadata of a document: field name to value (a list for several values).
pub type Fields = BTreeMap<String, FieldValue>;

/// A document to index from memory.
///
/// ```
/// use dsearch::{Document, FieldValue};
/// let doc = Document::new("n1", "Khoáng sản xanh", "Hợp tác khoáng sản xanh …")
///     .lang("vi")
///     .url("https://example.org/n1")
///     .field("source", "vov")
///     .field("date", "2024-03-05")
///     .field("pages", 3);
/// assert!(matches!(doc.fields["date"], FieldValue::Date(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Document {
    /// The id: [`crate::Writer::upsert`] replaces and [`crate::Writer::delete`] removes
    /// every document with it. At most [`MAX_ID_BYTES`].
    pub id: String,
    /// The title.
    pub title: String,
    /// The body text.
    pub body: String,
    /// ISO 639-1 language; detected from the text when `None`.
    pub lang: Option<String>,
    /// A URL.
    pub url: Option<String>,
    /// Metadata, returned with every hit and searchable with `name:value` filters.
    pub fields: Fields,
}

/// The longest id, in bytes: the longest term tantivy indexes. A document with a
/// longer id could be neither found by it, replaced nor deleted, so writers refuse it
/// and `dsearch index` skips a JSONL record that gives one.
pub const MAX_ID_BYTES: usize = tantivy::tokenizer::MAX_TOKEN_LEN;

impl Document {
    /// A document with an id, a title and a body.
    pub fn new(id: impl Into<String>, title: impl Into<String>, body: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            ..Document::default()
        }
    }

    /// Sets the language (ISO 639-1, lower-cased here).
    pub fn lang(mut self, lang: impl Into<String>) -> Self {
        self.lang = Some(lang.into().trim().to_ascii_lowercase()).filter(|l| !l.is_empty());
        self
    }

    /// Sets the URL.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Adds a metadata field (replacing one of the same name). A text that is an ISO
    /// 8601 date becomes a [`FieldValue::Date`].
    pub fn field(mut self, name: impl Into<String>, value: impl Into<FieldValue>) -> Self {
        self.fields.insert(name.into(), value.into());
        self
    }
}

/// A metadata value.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FieldValue {
    /// Text; a `name:value` filter matches it whole, without regard to case.
    Text(String),
    /// A number; filters take single numbers and ranges (`pages:10..20`).
    Number(f64),
    /// A date; filters take dates, months, years and ranges (`date:2024-01..2024-06`).
    Date(Date),
    /// Several values (JSON arrays, such as tags); a filter matches any of them.
    List(Vec<FieldValue>),
}

impl FieldValue {
    /// The values, a list flattened (a list inside a list is kept as one level).
    pub fn values(&self) -> Vec<&FieldValue> {
        match self {
            FieldValue::List(v) => v.iter().collect(),
            other => vec![other],
        }
    }

    /// The value as JSON: text and dates as strings (dates as given), numbers as
    /// numbers, lists as arrays.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            FieldValue::Text(s) => serde_json::Value::String(s.clone()),
            FieldValue::Date(d) => serde_json::Value::String(d.text.clone()),
            // A whole number as an integer (`1975`, not `1975.0`).
            FieldValue::Number(n) => match self.integer() {
                Some(i) => i.into(),
                None => serde_json::Number::from_f64(*n)
                    .map(serde_json::Value::Number)
                    .unwrap_or(serde_json::Value::Null),
            },
            FieldValue::List(v) => serde_json::Value::Array(v.iter().map(Self::to_json).collect()),
        }
    }

    /// A number that is a whole one a float holds exactly (at most 2^53 either way), as
    /// an integer: `1975` rather than `1975.0` where numbers are shown.
    pub fn integer(&self) -> Option<i64> {
        match self {
            FieldValue::Number(n) if n.fract() == 0.0 && n.abs() <= EXACT_INTEGERS as f64 => {
                Some(*n as i64)
            }
            _ => None,
        }
    }

    /// A value from JSON: strings (dates when ISO 8601), numbers, booleans (as text) and
    /// arrays of those; `None` for null, objects and nested arrays. An integer too large
    /// for a float to hold exactly (beyond 2^53: an id such as `20240312000123457`) is
    /// kept as text, so it reads and matches as written.
    pub fn from_json(v: &serde_json::Value) -> Option<FieldValue> {
        match v {
            serde_json::Value::String(s) => Some(FieldValue::from(s.as_str())),
            serde_json::Value::Number(n) if (n.is_i64() || n.is_u64()) => {
                let exact = n.as_i64().map(i64::unsigned_abs).or(n.as_u64());
                match exact.filter(|&i| i <= EXACT_INTEGERS) {
                    Some(_) => n.as_f64().map(FieldValue::Number),
                    None => Some(FieldValue::Text(n.to_string())),
                }
            }
            serde_json::Value::Number(n) => n.as_f64().map(FieldValue::Number),
            serde_json::Value::Bool(b) => Some(FieldValue::Text(b.to_string())),
            serde_json::Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match FieldValue::from_json(item) {
                        Some(FieldValue::List(_)) | None => return None,
                        Some(x) => out.push(x),
                    }
                }
                Some(FieldValue::List(out))
            }
            serde_json::Value::Null | serde_json::Value::Object(_) => None,
        }
    }
}

/// 2^53: every integer up to it is exactly a float.
const EXACT_INTEGERS: u64 = 1 << 53;

impl FieldValue {
    /// A number written as text (Markdown front matter): `Number` when a float holds it
    /// exactly; an integer beyond 2^53 or with leading zeros (`007`, an id) as text;
    /// `None` when it is no number.
    pub fn from_number_text(text: &str) -> Option<FieldValue> {
        let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            let exact = digits.parse::<u64>().ok().filter(|&i| i <= EXACT_INTEGERS);
            return Some(match exact {
                Some(_) if !(digits.len() > 1 && digits.starts_with('0')) => {
                    FieldValue::Number(text.parse::<f64>().ok()?)
                }
                _ => FieldValue::Text(text.to_string()),
            });
        }
        text.parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(FieldValue::Number)
    }
}

impl fmt::Display for FieldValue {
    /// As a person reads it: text and dates as given, numbers, lists joined by commas.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Text(s) => f.write_str(s),
            FieldValue::Date(d) => f.write_str(d.as_str()),
            FieldValue::Number(n) => write!(f, "{n}"),
            FieldValue::List(items) => {
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                Ok(())
            }
        }
    }
}

impl Serialize for FieldValue {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl From<&str> for FieldValue {
    fn from(s: &str) -> FieldValue {
        match Date::parse(s) {
            Ok(d) => FieldValue::Date(d),
            Err(_) => FieldValue::Text(s.to_string()),
        }
    }
}

impl From<String> for FieldValue {
    fn from(s: String) -> FieldValue {
        FieldValue::from(s.as_str())
    }
}

impl From<f64> for FieldValue {
    fn from(n: f64) -> FieldValue {
        FieldValue::Number(n)
    }
}

impl From<i64> for FieldValue {
    fn from(n: i64) -> FieldValue {
        FieldValue::Number(n as f64)
    }
}

impl From<i32> for FieldValue {
    fn from(n: i32) -> FieldValue {
        FieldValue::Number(f64::from(n))
    }
}

impl From<Date> for FieldValue {
    fn from(d: Date) -> FieldValue {
        FieldValue::Date(d)
    }
}

impl<T: Into<FieldValue>> From<Vec<T>> for FieldValue {
    fn from(v: Vec<T>) -> FieldValue {
        FieldValue::List(v.into_iter().map(Into::into).collect())
    }
}

/// An ISO 8601 date or date-time, as given, with the instant it names: `2024-03-05`
/// (midnight UTC), `2024-03-05T10:30`, `2024-03-05T10:30:00Z`, `2024-03-05 10:30:00+07:00`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    text: String,
    seconds: i64,
    /// The UTC offset written, in seconds (0 without one).
    offset: i64,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Date {
    /// Parses an ISO 8601 date or date-time (a calendar date, with an optional time and
    /// UTC offset).
    pub fn parse(s: &str) -> Result<Date> {
        let text = s.trim();
        let (seconds, offset) = parse_seconds(text).ok_or_else(|| {
            Error::new(ErrorKind::InvalidArgument(format!(
                "invalid date {text:?} (expected ISO 8601: 2024-03-05, 2024-03-05T10:30:00Z)"
            )))
        })?;
        Ok(Date {
            text: text.to_string(),
            seconds,
            offset,
        })
    }

    /// The date as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn timestamp(&self) -> i64 {
        self.seconds
    }

    /// The date and time as written, read as if in UTC: seconds since 1970-01-01T00:00
    /// with the UTC offset not applied (`2024-04-01T01:00+09:00` is 1 April, 01:00).
    /// Filters and sorts use it, so a page dated 1 April in Tokyo is in `date:2024-04-01`
    /// and not in 31 March, as it would be in UTC.
    pub fn local_timestamp(&self) -> i64 {
        self.seconds + self.offset
    }
}

/// Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days in a month of a year.
pub(crate) fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn number(s: &str, digits: usize) -> Option<u32> {
    (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM[:SS[.frac]]`, then
/// optionally `Z` or `±HH:MM`: the instant, in seconds since the epoch, and the offset.
fn parse_seconds(s: &str) -> Option<(i64, i64)> {
    let (date, time) = match s.find(['T', 't', ' ']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let (y, m, d) = (i64::from(number(y, 4)?), number(m, 2)?, number(d, 2)?);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let mut seconds = days_from_civil(y, m, d) * 86_400;
    let mut offset_seconds = 0;
    if let Some(time) = time {
        let (clock, offset) = match time.find(['Z', 'z', '+', '-']) {
            Some(i) => (&time[..i], &time[i..]),
            None => (time, ""),
        };
        let mut hms = clock.split(':');
        let h = number(hms.next()?, 2)?;
        let min = number(hms.next()?, 2)?;
        let sec = match hms.next() {
            Some(sec) => number(sec.split('.').next()?, 2)?,
            None => 0,
        };
        if hms.next().is_some() || h > 23 || min > 59 || sec > 60 {
            return None;
        }
        seconds += i64::from(h * 3600 + min * 60 + sec);
        match offset {
            "" | "Z" | "z" => {}
            _ => {
                let sign = if offset.starts_with('-') { -1 } else { 1 };
                let mut hm = offset[1..].split(':');
                let oh = number(hm.next()?, 2)?;
                let om = match hm.next() {
                    Some(x) => number(x, 2)?,
                    None => 0,
                };
                if oh > 23 || om > 59 {
                    return None;
                }
                offset_seconds = sign * i64::from(oh * 3600 + om * 60);
                seconds -= offset_seconds;
            }
        }
    }
    Some((seconds, offset_seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_numbers_keep_their_digits() {
        let read = |s: &str| FieldValue::from_json(&serde_json::from_str(s).unwrap()).unwrap();
        assert_eq!(read("1975").to_json().to_string(), "1975");
        assert_eq!(read("1975").to_string(), "1975");
        assert_eq!(read("2.5").to_json().to_string(), "2.5");
        assert_eq!(read("-3").to_json().to_string(), "-3");
        let big = read("20240312000123457");
        assert_eq!(big, FieldValue::Text("20240312000123457".into()));
        assert_eq!(big.to_json().to_string(), "\"20240312000123457\"");
        assert_eq!(
            read("9007199254740992"),
            FieldValue::Number(9007199254740992.0)
        );
        for big in [
            "9007199254740993",
            "-9007199254740993",
            "18446744073709551615",
        ] {
            assert_eq!(read(big), FieldValue::Text(big.into()), "{big}");
        }
        let text = |s: &str| FieldValue::from_number_text(s);
        assert_eq!(text("1975"), Some(FieldValue::Number(1975.0)));
        assert_eq!(text("-2.5"), Some(FieldValue::Number(-2.5)));
        assert_eq!(text("0"), Some(FieldValue::Number(0.0)));
        assert_eq!(text("007"), Some(FieldValue::Text("007".into())));
        let big = "20240312000123457";
        assert_eq!(text(big), Some(FieldValue::Text(big.into())));
        assert_eq!(text("abc"), None);
        assert_eq!(text("inf"), None);
    }

    #[test]
    fn dates_parse_to_instants() {
        assert_eq!(Date::parse("1970-01-01").unwrap().timestamp(), 0);
        assert_eq!(
            Date::parse("2024-03-05").unwrap().timestamp(),
            1_709_596_800
        );
        assert_eq!(
            Date::parse("2024-03-05T10:30:00Z").unwrap().timestamp(),
            1_709_596_800 + 37_800
        );
        assert_eq!(
            Date::parse("2024-03-05T10:30:00+07:00")
                .unwrap()
                .timestamp(),
            1_709_596_800 + 37_800 - 25_200
        );
        // As written: the offset is not applied.
        for (text, local) in [
            ("2024-03-05T10:30:00+07:00", 37_800),
            ("2024-03-05T01:00:00+09:00", 3_600),
            ("2024-03-05T23:30:00-05:00", 84_600),
            ("2024-03-05T10:30:00Z", 37_800),
            ("2024-03-05", 0),
        ] {
            let d = Date::parse(text).unwrap();
            assert_eq!(d.local_timestamp(), 1_709_596_800 + local, "{text}");
        }
        assert_eq!(
            Date::parse("2024-02-29 00:00").unwrap().as_str(),
            "2024-02-29 00:00"
        );
        for bad in [
            "2024-13-01",
            "2023-02-29",
            "2024-3-5",
            "yesterday",
            "2024-03-05T25:00",
            "",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn values_from_json_and_text() {
        let v: serde_json::Value =
            serde_json::json!({"a": "vov", "d": "2024-03-05", "n": 3, "t": ["x", 2], "o": {}});
        assert_eq!(
            FieldValue::from_json(&v["a"]),
            Some(FieldValue::Text("vov".into()))
        );
        assert!(matches!(
            FieldValue::from_json(&v["d"]),
            Some(FieldValue::Date(_))
        ));
        assert_eq!(
            FieldValue::from_json(&v["n"]),
            Some(FieldValue::Number(3.0))
        );
        assert_eq!(FieldValue::from_json(&v["t"]).unwrap().values().len(), 2);
        assert_eq!(FieldValue::from_json(&v["o"]), None);
        assert_eq!(
            FieldValue::from_json(&v["t"]).unwrap().to_json(),
            serde_json::json!(["x", 2])
        );
    }
}
