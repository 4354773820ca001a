//! Provenance you can audit: the sentences of a resolution that justify its link to a cited
//! instrument, read back from the store by SPARQL — the paragraph (or the sentence around the
//! citation), its id and opening verb, the footnote that carried the reference and the hash of
//! the source file the statement came from.

use std::fmt;
use std::time::Duration;

use oxigraph::model::{Term, Variable};
use oxigraph::sparql::QueryResults;

use crate::error::{Error, Result};
use crate::query::{self, PreparedQuery};
use crate::resolve::registry::Registry;
use crate::store::GraphStore;

/// One citation of the instrument, with the text that justifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// "PP1", "OP9", "FN3".
    pub paragraph: String,
    /// The paragraph's opening phrase ("Recalling", "Urges").
    pub verb: Option<String>,
    /// The citation function ("recalls", "urges-ratification").
    pub function: Option<String>,
    /// The reference as printed.
    pub surface: String,
    /// The sentence of the paragraph holding the reference (the whole paragraph when short).
    pub sentence: String,
    /// The footnote that identified or supports the reference: its id and text.
    pub footnote: Option<(String, String)>,
    /// The source file's name and SHA-256.
    pub file_name: Option<String>,
    pub sha256: Option<String>,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.paragraph)?;
        if let Some(verb) = &self.verb {
            write!(f, " ({verb}")?;
            if let Some(function) = &self.function {
                write!(f, " → {function}")?;
            }
            write!(f, ")")?;
        }
        writeln!(f, ": «{}»", self.surface)?;
        writeln!(f, "    {}", self.sentence)?;
        if let Some((id, text)) = &self.footnote {
            writeln!(f, "    {id}: {text}")?;
        }
        if let (Some(name), Some(hash)) = (&self.file_name, &self.sha256) {
            writeln!(f, "    source: {name} sha256:{hash}")?;
        }
        Ok(())
    }
}

const WHY: &str = r#"
PREFIX tg: <https://w3id.org/treatygraph/ontology#>
PREFIX cito: <http://purl.org/spar/cito/>
SELECT ?citation ?paragraph ?ordinal ?text ?verb ?function ?surface ?start ?end ?spanIn ?note ?noteText ?fileName ?sha256
WHERE {
  ?citation cito:hasCitingEntity ?resolution ;
            cito:hasCitedEntity ?cited ;
            tg:inParagraph ?p ;
            tg:surfaceText ?surface ;
            tg:start ?start ;
            tg:end ?end .
  ?p tg:paragraphId ?paragraph ;
     tg:ordinal ?ordinal ;
     tg:text ?text .
  OPTIONAL { ?citation tg:verb ?verb }
  OPTIONAL { ?citation tg:function ?functionIri
             BIND(STRAFTER(STR(?functionIri), "/function/") AS ?function) }
  OPTIONAL { ?citation tg:viaFootnote ?n . ?n tg:paragraphId ?note ; tg:text ?noteText }
  OPTIONAL { ?citation ^<http://www.w3.org/ns/oa#hasBody>/<http://www.w3.org/ns/oa#hasTarget>/<http://www.w3.org/ns/oa#hasScope> ?spanIn }
  OPTIONAL { ?resolution tg:sourceFile ?source .
             ?source tg:fileName ?fileName ; tg:sha256 ?sha256 }
}
"#;

/// The reasons `resolution` cites `cited`, in reading order. Both accept what query parameters
/// accept: IRIs, UN symbols, registry keys and aliases.
pub fn why(
    store: &GraphStore,
    registry: &Registry,
    resolution: &str,
    cited: &str,
) -> Result<Vec<Reason>> {
    let prepared = PreparedQuery {
        sparql: WHY.to_owned(),
        substitutions: vec![
            (
                Variable::new_unchecked("resolution"),
                query::parameter_term(resolution, registry)?,
            ),
            (
                Variable::new_unchecked("cited"),
                query::parameter_term(cited, registry)?,
            ),
        ],
    };
    let QueryResults::Solutions(solutions) =
        query::execute(store.inner(), &prepared, Some(Duration::from_secs(60)))?
    else {
        return Err(Error::Query(
            "the provenance query returned no solutions".into(),
        ));
    };
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution.map_err(|e| Error::Query(e.to_string()))?;
        let text = |name: &str| match solution.get(name) {
            Some(Term::Literal(l)) => Some(l.value().to_owned()),
            Some(Term::NamedNode(n)) => Some(n.as_str().to_owned()),
            _ => None,
        };
        let number = |name: &str| text(name).and_then(|v| v.parse::<usize>().ok());
        let paragraph = text("paragraph").unwrap_or_default();
        let paragraph_text = text("text").unwrap_or_default();
        let surface = text("surface").unwrap_or_default();
        let note = text("note").zip(text("noteText"));
        // Offsets point into the footnote when the annotation's scope is the footnote.
        let in_note = text("spanIn")
            .zip(note.as_ref())
            .is_some_and(|(scope, (id, _))| scope.ends_with(&format!("#{id}")) && id != &paragraph);
        let sentence = if in_note {
            paragraph_text.clone()
        } else {
            sentence_around(
                &paragraph_text,
                number("start").unwrap_or(0),
                number("end").unwrap_or(0),
            )
        };
        let order = (
            reading_rank(&paragraph),
            number("ordinal").unwrap_or(usize::MAX),
            number("start").unwrap_or(0),
        );
        rows.push((
            order,
            text("citation").unwrap_or_default(),
            Reason {
                paragraph,
                verb: text("verb"),
                function: text("function"),
                surface,
                sentence,
                footnote: note,
                file_name: text("fileName"),
                sha256: text("sha256"),
            },
        ));
    }
    rows.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    rows.dedup_by(|a, b| a.1 == b.1);
    Ok(rows.into_iter().map(|(_, _, reason)| reason).collect())
}

/// Where a paragraph id comes in reading order, before its ordinal: header, preambular,
/// operative paragraphs part by part ("OP3" before "part2-OP1"), then footnotes.
fn reading_rank(paragraph_id: &str) -> (usize, u32) {
    let (part, id) = paragraph_id
        .strip_prefix("part")
        .and_then(|rest| rest.split_once('-'))
        .and_then(|(n, id)| Some((n.parse().ok()?, id)))
        .unwrap_or((1, paragraph_id));
    let kind = ["HD", "PP", "OP", "FN"]
        .iter()
        .position(|prefix| id.starts_with(prefix))
        .unwrap_or(4);
    (kind, part)
}

/// Paragraphs longer than this are cut to the sentence around the citation.
const SHORT_PARAGRAPH: usize = 600;

/// The sentence holding the characters `start..end` (character offsets), or the whole
/// paragraph when it is short. Sentences end at ". " / "; " followed by a capital or digit,
/// unless the full stop ends an abbreviation that numbers follow ("Convention No. 182").
pub fn sentence_around(text: &str, start: usize, end: usize) -> String {
    const ABBREVIATIONS: [&str; 9] = [
        "No", "Nos", "vol", "vols", "p", "pp", "para", "paras", "art",
    ];
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= SHORT_PARAGRAPH || start > chars.len() {
        return text.to_owned();
    }
    let end = end.clamp(start, chars.len());
    let abbreviation = |i: usize| {
        let letters = chars[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .count();
        let word: String = chars[i - letters..i].iter().collect();
        ABBREVIATIONS.contains(&word.as_str())
    };
    let boundary = |i: usize| {
        (chars[i] == ';' || (chars[i] == '.' && !abbreviation(i)))
            && chars.get(i + 1) == Some(&' ')
            && chars
                .get(i + 2)
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || *c == '(')
    };
    let from = (0..start).rev().find(|&i| boundary(i)).map_or(0, |i| i + 2);
    let to = (end..chars.len())
        .find(|&i| boundary(i))
        .map_or(chars.len(), |i| i + 1);
    chars[from..to].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_long_paragraphs_to_the_sentence() {
        let filler =
            "Recalling its resolutions on the matter and all relevant reports. ".repeat(10);
        let text = format!("{filler}Urges States to ratify the Palermo Protocol. {filler}");
        let start = text.find("Palermo").unwrap();
        let sentence = sentence_around(&text, start, start + 16);
        assert_eq!(sentence, "Urges States to ratify the Palermo Protocol.");
        assert_eq!(sentence_around("Short one.", 0, 5), "Short one.");
        let numbered = format!(
            "{}Urges States to ratify the Convention (Convention No. 182). Notes.",
            "Recalling its resolutions. ".repeat(30)
        );
        let start = numbered.find("Convention").unwrap();
        assert_eq!(
            sentence_around(&numbered, start, start + 10),
            "Urges States to ratify the Convention (Convention No. 182)."
        );
    }

    #[test]
    fn ranks_paragraphs_in_reading_order() {
        let mut ids = ["FN1", "part2-OP1", "OP3", "PP2", "HD1", "part3-OP1"];
        ids.sort_by_key(|id| reading_rank(id));
        assert_eq!(ids, ["HD1", "PP2", "OP3", "part2-OP1", "part3-OP1", "FN1"]);
    }
}
