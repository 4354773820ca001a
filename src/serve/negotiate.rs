//! Content negotiation: the `Accept` header against the formats a response can take.

use crate::query::ResultFormat;

/// One producible format: the media type clients ask for, what we write, and the
/// `Content-Type` we answer with.
pub struct Offer {
    accepts: &'static str,
    pub format: ResultFormat,
    pub content_type: &'static str,
}

const fn offer(accepts: &'static str, format: ResultFormat, content_type: &'static str) -> Offer {
    Offer {
        accepts,
        format,
        content_type,
    }
}

const JSON_RESULTS: &str = "application/sparql-results+json";
const XML_RESULTS: &str = "application/sparql-results+xml";
const CSV: &str = "text/csv; charset=utf-8";
const TSV: &str = "text/tab-separated-values; charset=utf-8";
const TURTLE: &str = "text/turtle; charset=utf-8";
const NTRIPLES: &str = "application/n-triples";
const RDFXML: &str = "application/rdf+xml";
const JSONLD: &str = "application/ld+json";

/// Formats of SELECT and ASK results, the default first.
pub const SOLUTIONS: &[Offer] = &[
    offer(JSON_RESULTS, ResultFormat::Json, JSON_RESULTS),
    offer("application/json", ResultFormat::Json, JSON_RESULTS),
    offer(XML_RESULTS, ResultFormat::Xml, XML_RESULTS),
    offer("application/xml", ResultFormat::Xml, XML_RESULTS),
    offer("text/xml", ResultFormat::Xml, XML_RESULTS),
    offer("text/csv", ResultFormat::Csv, CSV),
    offer("text/tab-separated-values", ResultFormat::Tsv, TSV),
];

/// Formats of RDF graphs (CONSTRUCT, DESCRIBE, the Graph Store, the service description),
/// the default first.
pub const GRAPH: &[Offer] = &[
    offer("text/turtle", ResultFormat::Turtle, TURTLE),
    offer("application/x-turtle", ResultFormat::Turtle, TURTLE),
    offer("application/n-triples", ResultFormat::Ntriples, NTRIPLES),
    offer("application/rdf+xml", ResultFormat::Rdfxml, RDFXML),
    offer("application/ld+json", ResultFormat::Jsonld, JSONLD),
    offer("application/json", ResultFormat::Jsonld, JSONLD),
];

/// The media types of a table, for the 406 message.
pub fn media_types(offers: &[Offer]) -> Vec<&'static str> {
    offers.iter().map(|o| o.accepts).collect()
}

/// The offer the client prefers: highest quality of its most specific matching range, ties
/// going to the range the client listed first, then to our order. No `Accept` (or an empty
/// one) takes the default; `None` means nothing acceptable can be produced (406).
pub fn choose<'a>(accept: Option<&str>, offers: &'a [Offer]) -> Option<&'a Offer> {
    let accept = accept.map(str::trim).filter(|a| !a.is_empty());
    let Some(accept) = accept else {
        return offers.first();
    };
    let ranges: Vec<MediaRange> = accept.split(',').filter_map(MediaRange::parse).collect();
    let mut best: Option<(&Offer, f32, usize)> = None;
    for offer in offers {
        // The most specific range that matches decides the quality.
        let matching = ranges
            .iter()
            .enumerate()
            .filter(|(_, range)| range.matches(offer.accepts))
            .max_by_key(|(_, range)| range.specificity());
        let Some((position, range)) = matching else {
            continue;
        };
        if range.quality <= 0.0 {
            continue;
        }
        let better = match best {
            None => true,
            Some((_, quality, best_position)) => {
                range.quality > quality || (range.quality == quality && position < best_position)
            }
        };
        if better {
            best = Some((offer, range.quality, position));
        }
    }
    best.map(|(offer, _, _)| offer)
}

/// One element of an `Accept` header.
struct MediaRange {
    kind: String,
    subtype: String,
    quality: f32,
}

impl MediaRange {
    fn parse(text: &str) -> Option<MediaRange> {
        let mut parts = text.split(';');
        let (kind, subtype) = parts.next()?.trim().split_once('/')?;
        let mut quality = 1.0;
        for parameter in parts {
            if let Some((name, value)) = parameter.split_once('=') {
                if name.trim().eq_ignore_ascii_case("q") {
                    quality = value.trim().parse().unwrap_or(0.0);
                }
            }
        }
        Some(MediaRange {
            kind: kind.trim().to_ascii_lowercase(),
            subtype: subtype.trim().to_ascii_lowercase(),
            quality,
        })
    }

    fn matches(&self, media_type: &str) -> bool {
        let (kind, subtype) = media_type.split_once('/').unwrap_or((media_type, ""));
        (self.kind == "*" || self.kind == kind) && (self.subtype == "*" || self.subtype == subtype)
    }

    fn specificity(&self) -> u8 {
        match (self.kind.as_str(), self.subtype.as_str()) {
            ("*", _) => 0,
            (_, "*") => 1,
            _ => 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chosen(accept: &str, offers: &[Offer]) -> Option<ResultFormat> {
        choose(Some(accept), offers).map(|o| o.format)
    }

    #[test]
    fn picks_by_quality_then_client_order() {
        assert_eq!(
            chosen("text/csv;q=0.5, application/sparql-results+xml", SOLUTIONS),
            Some(ResultFormat::Xml)
        );
        assert_eq!(
            chosen("text/tab-separated-values, text/csv", SOLUTIONS),
            Some(ResultFormat::Tsv)
        );
        assert_eq!(chosen("*/*", GRAPH), Some(ResultFormat::Turtle));
        assert_eq!(
            chosen("application/rdf+xml;q=0.9, text/turtle;q=0.1", GRAPH),
            Some(ResultFormat::Rdfxml)
        );
        assert_eq!(
            choose(None, SOLUTIONS).map(|o| o.format),
            Some(ResultFormat::Json)
        );
    }

    #[test]
    fn refuses_what_it_cannot_write() {
        assert_eq!(chosen("image/png", SOLUTIONS), None);
        assert_eq!(chosen("text/turtle", SOLUTIONS), None);
        assert_eq!(chosen("text/csv;q=0, image/png", SOLUTIONS), None);
        // The most specific range decides: text/csv is refused even though text/* is welcome.
        assert_eq!(
            chosen("text/*, text/csv;q=0", SOLUTIONS),
            Some(ResultFormat::Xml)
        );
    }
}
