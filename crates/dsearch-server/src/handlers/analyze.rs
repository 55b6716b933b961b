//! `GET /analyze?text=…[&lang=]`: what `dsearch analyze --json` prints, the language
//! detected as the command line detects it when `lang` is not given.

use axum::extract::{RawQuery, State};
use axum::Json;
use dsearch::analysis;
use dsearch::wire::JsonAnalysis;

use crate::error::ApiError;
use crate::params::Params;
use crate::state::Shared;

/// `GET /analyze`.
pub(crate) async fn analyze(
    State(app): State<Shared>,
    RawQuery(raw): RawQuery,
) -> Result<Json<JsonAnalysis>, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    let text = params.required("text")?.to_string();
    if text.len() > app.options.max_analyze_bytes {
        return Err(ApiError::bad_request(format!(
            "the text is longer than {} bytes",
            app.options.max_analyze_bytes
        )));
    }
    let lang = match params.get("lang").map(str::trim) {
        None | Some("") => None,
        Some(l) => Some(super::check_lang(l)?),
    };
    let out = app
        .blocking(move |app| {
            let lang = lang.unwrap_or_else(|| analysis::detect::detect(&text).to_string());
            let a = analysis::analyze_with_dictionaries(&text, &lang, &app.options.dictionaries);
            Ok(JsonAnalysis::from_analysis(&lang, &a))
        })
        .await?;
    Ok(Json(out))
}
