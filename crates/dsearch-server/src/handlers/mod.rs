//! The handlers, one file per resource: searching, documents (read and write),
//! analysis, and the server's health and counts.

pub(crate) mod analyze;
pub(crate) mod documents;
pub(crate) mod search;
pub(crate) mod status;

/// Milliseconds since `start`, to the microsecond.
pub(crate) fn millis_since(start: std::time::Instant) -> f64 {
    (start.elapsed().as_secs_f64() * 1e6).round() / 1e3
}

/// Checks a language code given by a client: ISO 639-1 or 639-3, or `und`.
pub(crate) fn check_lang(lang: &str) -> Result<String, crate::error::ApiError> {
    let ok = (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_alphabetic());
    if ok {
        Ok(lang.to_ascii_lowercase())
    } else {
        Err(crate::error::ApiError::bad_request(format!(
            "invalid language {lang:?} (an ISO 639-1 code: vi, zh, ja, en, ...)"
        )))
    }
}
