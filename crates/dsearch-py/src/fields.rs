//! Metadata values between Python and dsearch: `str` (an ISO 8601 date in a string is a
//! date, as in JSONL), `int`/`float`, `bool` (stored as text, as JSONL's booleans),
//! `datetime.date`/`datetime.datetime`, and lists or tuples of those in; `str`, `float`,
//! `datetime.date` (a calendar date), `datetime.datetime` (a date-time; timezone-aware
//! when it was given with `Z` or an offset) and lists out. Also JSON values out, for
//! explanations.

use dsearch::{Date, FieldValue, Fields};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};

use crate::errors::IntoPyResult;

static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static TIMEZONE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static TIMEDELTA: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn date_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DATE.import(py, "datetime", "date")
}

fn datetime_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DATETIME.import(py, "datetime", "datetime")
}

/// A metadata value from Python; `None` for `None` (left out, as JSONL's `null`).
pub fn from_py(key: &str, v: &Bound<'_, PyAny>) -> PyResult<Option<FieldValue>> {
    if v.is_none() {
        return Ok(None);
    }
    one(key, v, true).map(Some)
}

fn one(key: &str, v: &Bound<'_, PyAny>, list_allowed: bool) -> PyResult<FieldValue> {
    let py = v.py();
    if v.is_instance_of::<PyBool>() {
        return Ok(FieldValue::Text(v.is_truthy()?.to_string()));
    }
    if v.is_instance_of::<PyInt>() {
        // An int a float cannot hold exactly (an id) stays text, as from JSON.
        let digits = v.str()?.to_string();
        return Ok(FieldValue::from_number_text(&digits).unwrap_or(FieldValue::Text(digits)));
    }
    if v.is_instance_of::<PyFloat>() {
        let n = v.extract::<f64>()?;
        if !n.is_finite() {
            return Err(crate::errors::InvalidArgument::new_err(format!(
                "field `{key}`: {n} is not a number a range can hold (NaN or infinite)"
            )));
        }
        return Ok(FieldValue::Number(n));
    }
    if v.is_instance_of::<PyString>() {
        return Ok(FieldValue::from(v.extract::<String>()?));
    }
    // `datetime.datetime` is a `datetime.date`: both have `isoformat`.
    if v.is_instance(date_type(py)?)? {
        let text: String = v.call_method0("isoformat")?.extract()?;
        return Ok(FieldValue::Date(Date::parse(&text).py()?));
    }
    if list_allowed && (v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>()) {
        let mut out = Vec::new();
        for item in v.try_iter()? {
            out.push(one(key, &item?, false)?);
        }
        return Ok(FieldValue::List(out));
    }
    let what = v.get_type().name()?;
    Err(PyTypeError::new_err(format!(
        "field `{key}`: a {what} is not text, a number, a date or a list of them"
    )))
}

/// Metadata as a Python dict.
pub fn fields_to_py<'py>(py: Python<'py>, fields: &Fields) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (k, v) in fields {
        dict.set_item(k, to_py(py, v)?)?;
    }
    Ok(dict)
}

/// A metadata value as a Python object.
pub fn to_py<'py>(py: Python<'py>, v: &FieldValue) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        FieldValue::Text(s) => PyString::new(py, s).into_any(),
        // A whole number as an int (`1975`, not `1975.0`).
        FieldValue::Number(n) => match v.integer() {
            Some(i) => i.into_pyobject(py)?.into_any(),
            None => PyFloat::new(py, *n).into_any(),
        },
        FieldValue::Date(d) => date_to_py(py, d)?,
        FieldValue::List(items) => {
            let out = PyList::empty(py);
            for item in items {
                out.append(to_py(py, item)?)?;
            }
            out.into_any()
        }
        other => json_to_py(py, &other.to_json())?,
    })
}

/// A date as `datetime.date` (a calendar date) or `datetime.datetime` (a date-time,
/// timezone-aware when it has `Z` or an offset); the text as given when it cannot be
/// one (a year past 9999).
fn date_to_py<'py>(py: Python<'py>, d: &Date) -> PyResult<Bound<'py, PyAny>> {
    let Some(parts) = DateParts::parse(d.as_str()) else {
        return Ok(PyString::new(py, d.as_str()).into_any());
    };
    let made = match parts.time {
        None => date_type(py)?.call1((parts.year, parts.month, parts.day)),
        Some((h, m, s, us)) => {
            let tz = match parts.offset_minutes {
                None => py.None().into_bound(py),
                Some(minutes) => {
                    let delta = TIMEDELTA
                        .import(py, "datetime", "timedelta")?
                        .call1((0, i64::from(minutes) * 60))?;
                    TIMEZONE
                        .import(py, "datetime", "timezone")?
                        .call1((delta,))?
                }
            };
            datetime_type(py)?.call1((parts.year, parts.month, parts.day, h, m, s, us, tz))
        }
    };
    Ok(made.unwrap_or_else(|_| PyString::new(py, d.as_str()).into_any()))
}

/// The parts of a date that [`Date::parse`] accepted.
struct DateParts {
    year: i32,
    month: u32,
    day: u32,
    /// Hours, minutes, seconds, microseconds.
    time: Option<(u32, u32, u32, u32)>,
    /// East of UTC, in minutes; `None` for a local (naive) time.
    offset_minutes: Option<i32>,
}

impl DateParts {
    fn parse(text: &str) -> Option<DateParts> {
        let num = |s: &str| s.parse::<u32>().ok();
        let date = text.get(..10)?;
        let (year, month, day) = (
            date.get(..4)?.parse().ok()?,
            num(date.get(5..7)?)?,
            num(date.get(8..10)?)?,
        );
        let rest = &text[10..];
        if rest.is_empty() {
            return Some(DateParts {
                year,
                month,
                day,
                time: None,
                offset_minutes: None,
            });
        }
        let time = rest.get(1..)?;
        let (clock, offset) = match time.find(['Z', 'z', '+', '-']) {
            Some(i) => (&time[..i], Some(&time[i..])),
            None => (time, None),
        };
        let mut hms = clock.split(':');
        let h = num(hms.next()?)?;
        let m = num(hms.next()?)?;
        let (s, us) = match hms.next() {
            None => (0, 0),
            Some(sec) => {
                let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
                let digits: String = frac.chars().chain("000000".chars()).take(6).collect();
                // A leap second (60) has no `datetime`: the last second of the minute.
                (num(whole)?.min(59), num(&digits)?)
            }
        };
        let offset_minutes = match offset {
            None => None,
            Some("Z" | "z") => Some(0),
            Some(o) => {
                let sign = if o.starts_with('-') { -1 } else { 1 };
                let mut hm = o[1..].split(':');
                let oh = num(hm.next()?)? as i32;
                let om = hm.next().map_or(Some(0), num)? as i32;
                Some(sign * (oh * 60 + om))
            }
        };
        Some(DateParts {
            year,
            month,
            day,
            time: Some((h, m, s, us)),
            offset_minutes,
        })
    }
}

/// A JSON value as Python objects (`null` is `None`, objects are dicts).
pub fn json_to_py<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(f)) => PyFloat::new(py, f).into_any(),
            (None, None) => PyString::new(py, &n.to_string()).into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let out = PyList::empty(py);
            for item in items {
                out.append(json_to_py(py, item)?)?;
            }
            out.into_any()
        }
        Value::Object(map) => {
            let out = PyDict::new(py);
            for (k, item) in map {
                out.set_item(k, json_to_py(py, item)?)?;
            }
            out.into_any()
        }
    })
}
