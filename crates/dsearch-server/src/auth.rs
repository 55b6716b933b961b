//! Access: the [`Authorized`] extractor lets a write handler run only when the server
//! has a write token and the request carries it as `Authorization: Bearer TOKEN` (it
//! runs before the body is read); [`loopback_host`] keeps a loopback server to
//! loopback names.

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

/// Middleware: a server bound to loopback answers only requests addressed to a
/// loopback name (`localhost` or a name under it, a loopback address, any port; or no
/// name at all, as HTTP/1.0 may send). A web page from elsewhere whose name its owner
/// makes resolve to 127.0.0.1 (DNS rebinding) reaches the port from the user's browser
/// but names itself in `Host`: it gets 403 and cannot read the index. A server bound
/// to another address was asked to answer other names, and does.
pub(crate) async fn loopback_host(
    axum::extract::State(app): axum::extract::State<Shared>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if app.options.is_loopback() {
        let named = request
            .headers()
            .get(header::HOST)
            .map(|h| h.to_str().unwrap_or("\u{fffd}").to_string())
            .or_else(|| request.uri().authority().map(|a| a.as_str().to_string()));
        if let Some(name) = named.filter(|n| !is_loopback_name(n)) {
            let shown: String = name.chars().take(64).collect();
            return ApiError::new(
                StatusCode::FORBIDDEN,
                format!(
                    "this server answers only requests to localhost (Host was {shown:?}): start it with --bind to serve other names"
                ),
            )
            .into_response();
        }
    }
    next.run(request).await
}

/// True for `localhost`, a name under it, or a loopback address, with or without a
/// port (`127.0.0.1:7700`, `[::1]:7700`, `app.localhost`).
fn is_loopback_name(host: &str) -> bool {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        // [v6] or [v6]:port
        match rest.split_once(']') {
            Some((v6, port)) if port.is_empty() || is_port(port) => v6,
            _ => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            _ => host,
        }
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `:7700` after a name.
fn is_port(s: &str) -> bool {
    s.strip_prefix(':')
        .unwrap_or(s)
        .bytes()
        .all(|b| b.is_ascii_digit())
        && !s.trim_start_matches(':').is_empty()
}

#[cfg(test)]
mod tests {
    use super::{is_loopback_name, same};

    #[test]
    fn same_compares_whole_values() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"abcd"));
        assert!(!same(b"", b"a"));
    }

    #[test]
    fn loopback_names() {
        for ok in [
            "localhost",
            "LOCALHOST:7700",
            "localhost.",
            "app.localhost:80",
            "127.0.0.1",
            "127.0.0.1:7700",
            "127.8.9.10:1",
            "[::1]",
            "[::1]:7700",
        ] {
            assert!(is_loopback_name(ok), "{ok}");
        }
        for bad in [
            "attacker.example",
            "attacker.example:7700",
            "localhost.attacker.example",
            "10.0.0.1:7700",
            "[::2]:7700",
            "[::1",
            "127.0.0.1:x",
            "",
            "\u{fffd}",
        ] {
            assert!(!is_loopback_name(bad), "{bad}");
        }
    }
}
