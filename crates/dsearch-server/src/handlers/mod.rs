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

/// Checks a language given by a client: an ISO 639 code, a language tag or an English
/// name (see [`dsearch::analysis::detect::language_code`]), or `und`; its code.
pub(crate) fn check_lang(lang: &str) -> Result<String, crate::error::ApiError> {
    dsearch::analysis::detect::language(lang)
        .map(str::to_string)
        .map_err(|e| crate::error::ApiError::bad_request(e.to_string()))
}
