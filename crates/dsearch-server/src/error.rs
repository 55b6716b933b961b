//! Errors: [`Error`], why a server could not start or stopped, and [`ApiError`], a
//! failed request, which answers `{"error": "one line"}` with a 4xx or 5xx status.
//! [`json_errors`] gives the same shape to the answers axum and tower-http make on
//! their own (unknown route, wrong method, body too large, timeout).

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use dsearch::ErrorKind;

use crate::wire::ErrorBody;

/// Why a server could not start, or stopped.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The address could not be bound (in use, not an address of this machine, …).
    Bind {
        /// The address.
        addr: SocketAddr,
        /// What the system said.
        source: std::io::Error,
    },
    /// An option is unusable (an empty write token, …).
    InvalidOption(String),
    /// Serving failed.
    Io(std::io::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Bind { addr, source } => write!(f, "cannot listen on {addr}: {source}"),
            Error::InvalidOption(msg) => write!(f, "{msg}"),
            Error::Io(e) => write!(f, "server error: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Bind { source, .. } | Error::Io(source) => Some(source),
            Error::InvalidOption(_) => None,
        }
    }
}

/// A failed request: a status and one line that says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// One line for the client.
    pub message: String,
}

impl ApiError {
    /// An error with this status and message (made one line).
    pub fn new(status: StatusCode, message: impl AsRef<str>) -> ApiError {
        ApiError {
            status,
            message: one_line(message.as_ref()),
        }
    }

    /// 400 Bad Request.
    pub fn bad_request(message: impl AsRef<str>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// 404 Not Found.
    pub fn not_found(message: impl AsRef<str>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// 500, for a failure the client cannot fix.
    pub fn internal(message: impl AsRef<str>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

/// The library's errors, by kind: the caller's mistakes are 400, a busy index 503
/// (retry), the rest 500 or 503.
impl From<dsearch::Error> for ApiError {
    fn from(e: dsearch::Error) -> ApiError {
        let status = match e.kind() {
            ErrorKind::InvalidArgument(_) | ErrorKind::EmptyQuery => StatusCode::BAD_REQUEST,
            ErrorKind::Busy(_) => {
                // The library's message names the index directory; the client needs
                // only to know it can retry.
                return ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the index is busy: another dsearch is writing to it; retry later",
                );
            }
            ErrorKind::NoIndex | ErrorKind::SchemaVersion { .. } | ErrorKind::Damaged(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(status, e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            axum::Json(ErrorBody {
                error: self.message,
            }),
        )
            .into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// The largest body of another layer's error answer that is read to become the message.
const MAX_MESSAGE_BYTES: usize = 1024;

/// Middleware: every 4xx and 5xx answer that is not JSON yet (axum's rejections, the
/// fallback for an unknown method, tower-http's 413 and timeout) becomes
/// `{"error": "..."}`, keeping its status and headers.
pub(crate) async fn json_errors(
    State(max_body): State<usize>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, MAX_MESSAGE_BYTES)
        .await
        .ok()
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .map(|s| one_line(&s))
        .unwrap_or_default();
    let message = match status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            format!("the request body is larger than {max_body} bytes")
        }
        StatusCode::SERVICE_UNAVAILABLE if text.is_empty() => crate::state::TOO_LONG.to_string(),
        StatusCode::METHOD_NOT_ALLOWED if text.is_empty() => {
            "method not allowed on this path".to_string()
        }
        _ if text.is_empty() => status
            .canonical_reason()
            .unwrap_or("error")
            .to_ascii_lowercase(),
        _ => text,
    };
    let body = serde_json::to_vec(&ErrorBody { error: message }).unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, Body::from(body))
}

/// `s` on one line: whitespace runs (newlines included) become one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
