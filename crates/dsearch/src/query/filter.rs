//! Metadata filters: what `name:value` means.
//!
//! A value matches a field's text whole, without regard to case (`source:VOV` finds
//! `vov`); when it is a number it also matches that number, and when it is a date (a
//! year `2024`, a month `2024-03`, a day `2024-03-05` or an ISO 8601 date-time) it also
//! matches every date in that period. A range `a..b` takes numbers or dates, either end
//! open (`date:2024-01..`, `pages:..20`), both ends included. A value that looks like a
//! date but is not one (`2024-13-45`) is an error, not an empty result.

use crate::document::{days_from_civil, days_in_month, Date};
use crate::error::{Error, ErrorKind, Result};
use crate::query::parser::FieldFilter;

/// What a filter matches; a document matches when it matches any part.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterSpec {
    /// The metadata field.
    pub name: String,
    /// The filter as typed (`name:value`, without a `-`), for warnings.
    pub typed: String,
    /// True to leave the matching documents out.
    pub negated: bool,
    /// The text to match whole, lower-cased (single values only).
    pub text: Option<String>,
    /// Numbers from .. to, both included; `None` is open.
    pub number: Option<(Option<f64>, Option<f64>)>,
    /// Times as written (seconds since the epoch, UTC offsets not applied: see
    /// [`Date::local_timestamp`]) from, included, .. to, excluded.
    pub date: Option<(Option<i64>, Option<i64>)>,
}

/// One end of a range: as a number, as a period of time.
type Side = (Option<f64>, Option<(i64, i64)>);

/// Reads a filter's value.
pub fn parse(f: &FieldFilter) -> Result<FilterSpec> {
    let value = f.value.trim();
    // The forms a value may take, said where dates may be what was meant.
    let said = |what: &str, forms: &str| {
        Error::new(ErrorKind::InvalidArgument(format!(
            "{what} in the filter `{}:{}` ({forms})",
            f.name, f.value
        )))
    };
    let bad = |what: &str| {
        said(
            what,
            "dates are YYYY, YYYY-MM, YYYY-MM-DD or ISO 8601 date-times; ranges are a..b, either end open",
        )
    };
    let mut spec = FilterSpec {
        name: f.name.clone(),
        typed: f.typed(),
        negated: f.negated,
        text: None,
        number: None,
        date: None,
    };
    match value.split_once("..") {
        Some((lo, hi)) => {
            let (lo, hi) = (lo.trim(), hi.trim());
            if lo.is_empty() && hi.is_empty() {
                return Err(bad("an empty range"));
            }
            let side = |s: &str| -> Result<Side> {
                if s.is_empty() {
                    return Ok((None, None));
                }
                let date = period(s);
                if date.is_none() && looks_like_date(s) {
                    return Err(bad(&format!("invalid date {s:?}")));
                }
                Ok((s.parse::<f64>().ok().filter(|x| x.is_finite()), date))
            };
            let (lo_n, lo_d) = side(lo)?;
            let (hi_n, hi_d) = side(hi)?;
            let numbers = (lo.is_empty() || lo_n.is_some()) && (hi.is_empty() || hi_n.is_some());
            let dates = (lo.is_empty() || lo_d.is_some()) && (hi.is_empty() || hi_d.is_some());
            if !numbers && !dates {
                return Err(bad(&format!(
                    "{value:?} is neither a range of numbers nor one of dates"
                )));
            }
            // A range that ends before it starts holds nothing: a typo, said as one.
            let numbers = numbers && !matches!((lo_n, hi_n), (Some(a), Some(b)) if a > b);
            let dates = dates && !matches!((lo_d, hi_d), (Some(a), Some(b)) if a.0 >= b.1);
            if !numbers && !dates {
                let what = format!("the range {value:?} ends before it starts");
                return Err(match lo_d.is_some() || hi_d.is_some() {
                    true => bad(&what),
                    false => said(&what, "a range is low..high, either end open"),
                });
            }
            if numbers {
                spec.number = Some((lo_n, hi_n));
            }
            if dates {
                spec.date = Some((lo_d.map(|p| p.0), hi_d.map(|p| p.1)));
            }
        }
        None => {
            if value.is_empty() {
                return Err(bad("an empty value"));
            }
            spec.text = Some(value.to_lowercase());
            if let Some(n) = value.parse::<f64>().ok().filter(|x| x.is_finite()) {
                spec.number = Some((Some(n), Some(n)));
            }
            match period(value) {
                Some((from, to)) => spec.date = Some((Some(from), Some(to))),
                None if looks_like_date(value) => {
                    return Err(bad(&format!("invalid date {value:?}")))
                }
                None => {}
            }
        }
    }
    Ok(spec)
}

/// True for text shaped like a date: four digits, then nothing or a dash.
fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit) && (b.len() == 4 || b[4] == b'-')
}

/// The period a date names, as times written [from, to): a year, a month, a day, or the
/// second of a date-time (its UTC offset not applied).
fn period(s: &str) -> Option<(i64, i64)> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| -> Option<u32> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let day = |y: i64, m: u32, d: u32| days_from_civil(y, m, d) * 86_400;
    match parts.as_slice() {
        [y] => {
            let y = i64::from(num(y, 4)?);
            Some((day(y, 1, 1), day(y + 1, 1, 1)))
        }
        [y, m] => {
            let (y, m) = (i64::from(num(y, 4)?), num(m, 2)?);
            if !(1..=12).contains(&m) {
                return None;
            }
            let next = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            Some((day(y, m, 1), day(next.0, next.1, 1)))
        }
        [y, m, d] if d.len() == 2 => {
            let (y, m, d) = (i64::from(num(y, 4)?), num(m, 2)?, num(d, 2)?);
            if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
                return None;
            }
            let from = day(y, m, d);
            Some((from, from + 86_400))
        }
        _ => {
            let t = Date::parse(s).ok()?.local_timestamp();
            Some((t, t + 1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, value: &str) -> Result<FilterSpec> {
        parse(&FieldFilter {
            name: name.into(),
            value: value.into(),
            negated: false,
        })
    }

    #[test]
    fn text_numbers_and_dates() {
        let s = spec("source", "VOV").unwrap();
        assert_eq!(
            (s.text.as_deref(), s.number, s.date),
            (Some("vov"), None, None)
        );
        let s = spec("year", "2024").unwrap();
        assert_eq!(s.number, Some((Some(2024.0), Some(2024.0))));
        assert_eq!(s.date, Some((Some(1_704_067_200), Some(1_735_689_600))));
        let s = spec("date", "2024-02").unwrap();
        assert_eq!(s.date, Some((Some(1_706_745_600), Some(1_709_251_200))));
        assert_eq!(s.number, None);
    }

    #[test]
    fn ranges_with_open_ends() {
        let s = spec("date", "2024-01-01..2024-06-30").unwrap();
        assert_eq!(s.date, Some((Some(1_704_067_200), Some(1_719_792_000))));
        assert_eq!(s.text, None);
        let s = spec("date", "2024-03..").unwrap();
        assert_eq!(s.date, Some((Some(1_709_251_200), None)));
        let s = spec("pages", "..20").unwrap();
        assert_eq!(s.number, Some((None, Some(20.0))));
        assert_eq!(s.date, None);
    }

    #[test]
    fn malformed_values_are_errors() {
        for v in [
            "2024-13-45",
            "2024-02-30",
            "2024-13",
            "2024-01-01..2024-99",
            "a..b",
            "..",
            "2024..2023",
            "2024-06..2024-05-31",
        ] {
            let e = spec("date", v).unwrap_err().to_string();
            assert!(e.contains(&format!("`date:{v}`")), "{e}");
            assert_eq!(e.lines().count(), 1);
        }
        // A range of numbers is not told about dates.
        let e = spec("pages", "20..10").unwrap_err().to_string();
        assert_eq!(
            e,
            "the range \"20..10\" ends before it starts in the filter `pages:20..10` (a range is low..high, either end open)"
        );
        let e = spec("date", "2024..2023").unwrap_err().to_string();
        assert!(e.contains("dates are YYYY"), "{e}");
    }
}
