//! The Graph Store HTTP Protocol client: `PUT <endpoint>?graph=<IRI>` with authentication and
//! retries. Blocking (ureq): one graph at a time keeps the server's load and the memory flat.
//!
//! Authentication is basic, digest or bearer. With a user and password the scheme is the one
//! the server asks for, as `curl --anyauth` does: the first request goes without credentials;
//! a 401 with a `Digest` challenge (Virtuoso's `/sparql-graph-crud-auth`) switches to digest
//! responses (RFC 7616, MD5, `qop=auth`) for that challenge, renewed whenever the server sends a
//! new nonce; any other 401 switches to basic. Only that first body is sent twice.

use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use md5::{Digest, Md5};

use super::PushOptions;
use crate::error::{Error, Result};

/// How to authenticate.
#[derive(Clone, Default)]
pub enum Auth {
    #[default]
    None,
    /// Basic, or digest when the server asks for it.
    Password { user: String, password: String },
    /// `Authorization: Bearer <token>`.
    Bearer(String),
}

impl std::fmt::Debug for Auth {
    /// Never prints a secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::None => write!(f, "None"),
            Auth::Password { user, .. } => write!(f, "Password {{ user: {user:?}, .. }}"),
            Auth::Bearer(_) => write!(f, "Bearer(..)"),
        }
    }
}

/// Longest part of an error response quoted in a failure.
const QUOTED_BODY: u64 = 300;

pub(super) struct GspClient {
    agent: ureq::Agent,
    endpoint: String,
    auth: Auth,
    retries: u32,
    retry_delay: Duration,
    /// The password scheme, learnt from the server's first 401.
    scheme: Mutex<Scheme>,
}

/// How user and password are sent.
enum Scheme {
    /// Not yet known: send nothing and read the challenge.
    Unknown,
    Basic,
    /// The last digest challenge and the number of requests made with it (`nc`).
    Digest(Challenge, u32),
}

/// Why one attempt failed, and whether trying again may help.
enum Attempt {
    Retry(String),
    Fail(String),
    /// The server told which scheme it wants: answer at once (not counted as a retry).
    Challenged,
}

impl GspClient {
    pub fn new(options: &PushOptions) -> Result<Self> {
        if !(options.endpoint.starts_with("http://") || options.endpoint.starts_with("https://")) {
            return Err(Error::Usage(format!(
                "endpoint {:?} is not an http:// or https:// URL",
                options.endpoint
            )));
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(options.timeout))
            .user_agent(concat!("treatygraph/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Ok(GspClient {
            agent,
            endpoint: options.endpoint.clone(),
            auth: options.auth.clone(),
            retries: options.retries,
            retry_delay: options.retry_delay,
            scheme: Mutex::new(Scheme::Unknown),
        })
    }

    /// Replaces `graph` on the server with `body`; the error is the reason, for the report.
    pub fn put(&self, graph: &str, media_type: &str, body: &[u8]) -> Result<(), String> {
        let separator = if self.endpoint.contains('?') {
            '&'
        } else {
            '?'
        };
        let url = format!(
            "{}{separator}graph={}",
            self.endpoint,
            percent_encode(graph)
        );
        let mut retries = 0;
        let mut challenges = 0;
        loop {
            match self.attempt(&url, media_type, body) {
                Ok(()) => return Ok(()),
                Err(Attempt::Challenged) if challenges < 3 => challenges += 1,
                Err(Attempt::Challenged) => {
                    return Err("HTTP 401 Unauthorized: credentials refused".into())
                }
                Err(Attempt::Retry(_)) if retries < self.retries => {
                    std::thread::sleep(self.retry_delay * 2u32.saturating_pow(retries));
                    retries += 1;
                }
                Err(Attempt::Retry(reason)) if retries > 0 => {
                    let plural = if retries == 1 { "retry" } else { "retries" };
                    return Err(format!("{reason} (after {retries} {plural})"));
                }
                Err(Attempt::Retry(reason) | Attempt::Fail(reason)) => return Err(reason),
            }
        }
    }

    fn attempt(&self, url: &str, media_type: &str, body: &[u8]) -> Result<(), Attempt> {
        let mut request = self.agent.put(url).header("Content-Type", media_type);
        if let Some(authorization) = self.authorization(url) {
            request = request.header("Authorization", authorization);
        }
        let mut response = request.send(body).map_err(|e| match e {
            ureq::Error::Io(_)
            | ureq::Error::Timeout(_)
            | ureq::Error::ConnectionFailed
            | ureq::Error::Protocol(_)
            | ureq::Error::HostNotFound => Attempt::Retry(e.to_string()),
            _ => Attempt::Fail(e.to_string()),
        })?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        if status.as_u16() == 401 && self.learn_scheme(&response) {
            return Err(Attempt::Challenged);
        }
        let quoted = response
            .body_mut()
            .with_config()
            .limit(QUOTED_BODY)
            .read_to_string()
            .unwrap_or_default();
        let reason = format!(
            "HTTP {status}{}{}",
            if quoted.trim().is_empty() { "" } else { ": " },
            quoted.trim().replace(['\r', '\n'], " ")
        );
        if status.is_server_error() || status.as_u16() == 429 {
            Err(Attempt::Retry(reason))
        } else {
            Err(Attempt::Fail(reason))
        }
    }

    /// Adopts the scheme a 401 asks for; false if there is nothing new to try (no password,
    /// or the same challenge was already answered: wrong credentials).
    fn learn_scheme(&self, response: &ureq::http::Response<ureq::Body>) -> bool {
        if !matches!(self.auth, Auth::Password { .. }) {
            return false;
        }
        let challenge = response
            .headers()
            .get_all("www-authenticate")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(Challenge::parse);
        let mut scheme = self.scheme.lock().expect("scheme lock");
        let next = match (&*scheme, challenge) {
            (Scheme::Digest(old, _), Some(new)) if old.nonce == new.nonce && !new.stale => {
                return false
            }
            (_, Some(new)) => Scheme::Digest(new, 0),
            (Scheme::Unknown, None) => Scheme::Basic,
            (_, None) => return false,
        };
        *scheme = next;
        true
    }

    /// The `Authorization` header for a PUT of `url`.
    fn authorization(&self, url: &str) -> Option<String> {
        match &self.auth {
            Auth::None => None,
            Auth::Bearer(token) => Some(format!("Bearer {token}")),
            Auth::Password { user, password } => {
                let mut scheme = self.scheme.lock().expect("scheme lock");
                Some(match &mut *scheme {
                    Scheme::Unknown => return None,
                    Scheme::Digest(challenge, count) => {
                        *count += 1;
                        let cnonce = md5_hex(&format!(
                            "{:?}{count}",
                            SystemTime::now().duration_since(UNIX_EPOCH)
                        ));
                        let target = request_target(url);
                        challenge.answer(user, password, "PUT", target, *count, &cnonce)
                    }
                    Scheme::Basic => {
                        format!("Basic {}", BASE64.encode(format!("{user}:{password}")))
                    }
                })
            }
        }
    }
}

/// A `WWW-Authenticate: Digest …` challenge.
#[derive(Debug, Clone)]
struct Challenge {
    realm: String,
    nonce: String,
    opaque: Option<String>,
    algorithm: Option<String>,
    /// The server offers `qop=auth` (else the RFC 2069 form is used).
    qop_auth: bool,
    stale: bool,
}

impl Challenge {
    fn parse(header: &str) -> Option<Challenge> {
        let (scheme, rest) = header.trim().split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("digest") {
            return None;
        }
        let mut params = auth_params(rest);
        let mut take = |name: &str| {
            params
                .iter()
                .position(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|i| params.swap_remove(i).1)
        };
        let algorithm = take("algorithm");
        if algorithm
            .as_deref()
            .is_some_and(|a| !a.eq_ignore_ascii_case("md5"))
        {
            return None;
        }
        Some(Challenge {
            realm: take("realm")?,
            nonce: take("nonce")?,
            opaque: take("opaque"),
            algorithm,
            qop_auth: take("qop").is_some_and(|q| q.split(',').any(|q| q.trim() == "auth")),
            stale: take("stale").is_some_and(|s| s.eq_ignore_ascii_case("true")),
        })
    }

    /// The `Authorization` value for the `count`-th request with this challenge.
    fn answer(
        &self,
        user: &str,
        password: &str,
        method: &str,
        uri: &str,
        count: u32,
        cnonce: &str,
    ) -> String {
        let ha1 = md5_hex(&format!("{user}:{}:{password}", self.realm));
        let ha2 = md5_hex(&format!("{method}:{uri}"));
        let nc = format!("{count:08x}");
        let mut header = format!(
            "Digest username=\"{user}\", realm=\"{}\", nonce=\"{}\", uri=\"{uri}\"",
            self.realm, self.nonce
        );
        if self.qop_auth {
            let response = md5_hex(&format!("{ha1}:{}:{nc}:{cnonce}:auth:{ha2}", self.nonce));
            header += &format!(", qop=auth, nc={nc}, cnonce=\"{cnonce}\", response=\"{response}\"");
        } else {
            let response = md5_hex(&format!("{ha1}:{}:{ha2}", self.nonce));
            header += &format!(", response=\"{response}\"");
        }
        if let Some(opaque) = &self.opaque {
            header += &format!(", opaque=\"{opaque}\"");
        }
        if let Some(algorithm) = &self.algorithm {
            header += &format!(", algorithm={algorithm}");
        }
        header
    }
}

/// `name=value` and `name="quoted, value"` pairs of a challenge, in order.
fn auth_params(text: &str) -> Vec<(String, String)> {
    let mut params = Vec::new();
    let mut rest = text.trim();
    while let Some((name, after)) = rest.split_once('=') {
        let name = name.trim().trim_start_matches(',').trim().to_owned();
        let after = after.trim_start();
        let (value, remaining) = match after.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted.find('"').unwrap_or(quoted.len());
                (
                    quoted[..end].to_owned(),
                    quoted.get(end + 1..).unwrap_or(""),
                )
            }
            None => {
                let end = after.find(',').unwrap_or(after.len());
                (after[..end].trim().to_owned(), &after[end..])
            }
        };
        params.push((name, value));
        rest = remaining.trim_start().trim_start_matches(',');
    }
    params
}

/// The path and query of a URL: the `uri` a digest response covers.
fn request_target(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("/", |slash| &after_scheme[slash..])
}

fn md5_hex(text: &str) -> String {
    super::hex(&Md5::digest(text.as_bytes()))
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so that the URL ureq
/// sends is exactly the one the digest response covers.
fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len() * 3 / 2);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded += &format!("%{byte:02X}");
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_answer_matches_rfc_2617_example() {
        // RFC 2617 section 3.5.
        let challenge = Challenge::parse(
            r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
        )
        .unwrap();
        let header = challenge.answer(
            "Mufasa",
            "Circle Of Life",
            "GET",
            "/dir/index.html",
            1,
            "0a4f113b",
        );
        assert_eq!(
            header,
            "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", \
             nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", qop=auth, \
             nc=00000001, cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", \
             opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""
        );
    }

    #[test]
    fn request_target_is_path_and_query() {
        assert_eq!(
            request_target("http://h:8890/sparql-graph-crud-auth?graph=x%3Ay"),
            "/sparql-graph-crud-auth?graph=x%3Ay"
        );
        assert_eq!(request_target("http://h"), "/");
    }
}
