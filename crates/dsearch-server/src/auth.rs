//! Write access: the [`Authorized`] extractor lets a write handler run only when the
//! server has a write token and the request carries it as `Authorization: Bearer
//! TOKEN`. It runs before the body is read.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::Shared;

/// Proof that the request may write.
pub(crate) struct Authorized;

impl FromRequestParts<Shared> for Authorized {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Shared) -> Result<Self, Response> {
        let Some(token) = &app.options.write_token else {
            let mut r = ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "writes are disabled: start dsearch serve with --write-token",
            )
            .into_response();
            let allow = if parts.uri.path() == "/documents" {
                ""
            } else {
                "GET, HEAD"
            };
            r.headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static(allow));
            return Err(r);
        };
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, rest) = v.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
            });
        match given {
            Some(g) if same(g.as_bytes(), token.as_bytes()) => Ok(Authorized),
            Some(_) => Err(ApiError::new(StatusCode::UNAUTHORIZED, "wrong token").into_response()),
            None => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "writes need the header `Authorization: Bearer TOKEN`",
            )
            .into_response()),
        }
    }
}

/// Compares in time that depends on the length only, not on where the bytes differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn same_compares_whole_values() {
        assert!(super::same(b"abc", b"abc"));
        assert!(!super::same(b"abc", b"abd"));
        assert!(!super::same(b"abc", b"abcd"));
        assert!(!super::same(b"", b"a"));
    }
}
