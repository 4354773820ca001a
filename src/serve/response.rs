//! Responses: results with their media type, and errors as short plain-text messages that
//! never carry file paths or internals (those go to standard error).

use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::Error;

/// Set on responses cut at `--max-results`.
pub static TRUNCATED: HeaderName = HeaderName::from_static("treatygraph-truncated");

/// An HTTP error with a message for the client.
#[derive(Debug)]
pub struct Problem {
    status: StatusCode,
    message: String,
    /// `WWW-Authenticate` for 401, `Retry-After` for 503.
    extra: Option<(HeaderName, &'static str)>,
}

impl Problem {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Problem {
            status,
            message: message.into(),
            extra: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn forbidden(message: String) -> Self {
        Problem::new(StatusCode::FORBIDDEN, message)
    }

    pub fn unauthorised(message: String) -> Self {
        Problem {
            extra: Some((header::WWW_AUTHENTICATE, "Bearer")),
            ..Problem::new(StatusCode::UNAUTHORIZED, message)
        }
    }

    pub fn not_acceptable(offered: &[&str]) -> Self {
        Problem::new(
            StatusCode::NOT_ACCEPTABLE,
            format!(
                "none of the accepted media types can be produced; available: {}",
                offered.join(", ")
            ),
        )
    }

    pub fn busy() -> Self {
        Problem {
            extra: Some((header::RETRY_AFTER, "1")),
            ..Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the server is busy: too many queries are running, try again",
            )
        }
    }

    pub fn internal(what: &str) -> Self {
        eprintln!("treatygraph serve: {what}");
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
    }
}

impl From<Error> for Problem {
    /// Library errors: malformed input is the client's (400, with the parser's message), a
    /// time limit is 503, the rest is logged and answered with a bare 500.
    fn from(error: Error) -> Self {
        match error {
            Error::Query(message) => Problem::bad_request(message),
            Error::Usage(message) => Problem::bad_request(message),
            Error::Timeout => Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the query did not finish within the time limit",
            ),
            other => Problem::internal(&other.to_string()),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{}\n", self.message),
        )
            .into_response();
        if let Some((name, value)) = self.extra {
            response
                .headers_mut()
                .insert(name, HeaderValue::from_static(value));
        }
        response
    }
}

/// A successful body with its media type; `Vary: Accept` since it was negotiated.
pub fn negotiated(media_type: &'static str, body: Vec<u8>, truncated: bool) -> Response {
    let mut response = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(media_type)),
            (header::VARY, HeaderValue::from_static("Accept")),
        ],
        body,
    )
        .into_response();
    if truncated {
        response
            .headers_mut()
            .insert(TRUNCATED.clone(), HeaderValue::from_static("true"));
    }
    response
}
