//! Every common way resolutions cite, with snippets taken from real resolutions (the bundled
//! corpus, the seed, and General Assembly texts quoted in the issue tracker). Each snippet is set
//! in a minimal resolution (header, opener, the paragraph, footnotes) and run through the whole
//! pipeline.

use std::path::Path;

use treatygraph::extract::{Extraction, Extractor};

fn extract(organ: &str, paragraphs: &[&str], footnotes: &[&str]) -> Extraction {
    let header = match organ {
        "SC" => "Resolution 999 (1999)\n\nAdopted by the Security Council at its 4000th meeting, on 1 March 1999\n\nThe Security Council,",
        _ => "Resolution adopted by the General Assembly on 18 December 2008\n\n63/999. Test resolution\n\nThe General Assembly,",
    };
    let mut text = format!("{header}\n\n{}\n", paragraphs.join("\n\n"));
    if !footnotes.is_empty() {
        text.push_str("\n70th plenary meeting\n18 December 2008\n\n");
        for (i, note) in footnotes.iter().enumerate() {
            text.push_str(&format!("{} {note}\n", i + 1));
        }
    }
    Extractor::bundled()
        .unwrap()
        .extract_bytes(Path::new("snippet.txt"), text.as_bytes())
        .unwrap()
}

/// (paragraph, key or symbol) of every citation.
fn cited(extraction: &Extraction) -> Vec<(String, String)> {
    extraction
        .citations
        .iter()
        .map(|c| {
            let id = c
                .target
                .key
                .clone()
                .or(c.target.symbol.clone())
                .unwrap_or_else(|| format!("unregistered:{}", c.target.label));
            (c.paragraph.clone(), id)
        })
        .collect()
}

/// The four Geneva Conventions, which their group name cites.
const GENEVA_CONVENTIONS_1949: [&str; 4] = [
    "GENEVA-I-1949",
    "GENEVA-II-1949",
    "GENEVA-III-1949",
    "GENEVA-IV-1949",
];

fn ids(extraction: &Extraction) -> Vec<String> {
    let mut ids: Vec<String> = cited(extraction).into_iter().map(|(_, id)| id).collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn titles_across_line_breaks_hyphenation_years_and_places() {
    let e = extract("GA", &["Welcoming the entry into force of the Treaty on the Non-\nProliferation of Nuclear Weapons,"], &[]);
    assert_eq!(ids(&e), vec!["NPT"]);
    let e = extract("GA", &["Recalling the 1951 Convention relating to the Status of Refugees and the 1967 Protocol thereto,"], &[]);
    assert_eq!(ids(&e), vec!["REFUGEES-1951", "REFUGEES-1967"]);
    let e = extract("SC", &["Reaffirming that the Geneva Convention relative to the Protection of Civilian Persons in\nTime of War, of 12 August 1949, is applicable to the Arab territories,"], &[]);
    assert_eq!(ids(&e), vec!["GENEVA-IV-1949"]);
    let e = extract("SC", &["Reaffirms the applicability of the Fourth Geneva Convention of\n1949 to the territories,"], &[]);
    assert_eq!(ids(&e), vec!["GENEVA-IV-1949"]);
    let e = extract(
        "GA",
        &["Recalling the Hague Convention of 1954 for the protection of cultural property,"],
        &[],
    );
    assert_eq!(ids(&e), vec!["HAGUE-1954"]);
}

#[test]
fn acronyms_in_exact_case_only() {
    let e = extract(
        "GA",
        &["Urges States parties to CEDAW to report, and notes document CEDAW/C/2008/1,"],
        &[],
    );
    assert_eq!(cited(&e).iter().filter(|(_, id)| id == "CEDAW").count(), 1);
    let e = extract("GA", &["Noting the work of the cedaw committee,"], &[]);
    assert!(ids(&e).iter().all(|id| id != "CEDAW"));
}

#[test]
fn anaphora_and_groups() {
    // The seed: "… against Women1 and the Optional Protocol thereto,2 …".
    let e = extract(
        "GA",
        &["Recalling the Convention on the Elimination of All Forms of Discrimination against Women1 and the Optional Protocol thereto,2 the Convention on the Rights of the Child3 and the Optional Protocol thereto on the sale of children, child prostitution and child pornography,4"],
        &["United Nations, Treaty Series, vol. 1249, No. 20378.", "Ibid., vol. 2131, No. 20378.", "Ibid., vol. 1577, No. 27531.", "Ibid., vol. 2171, No. 27531."],
    );
    assert_eq!(ids(&e), vec!["CEDAW", "CRC", "OP-CEDAW", "OPSC"]);
    let opsc = e
        .citations
        .iter()
        .find(|c| c.target.key.as_deref() == Some("OPSC"))
        .unwrap();
    assert_eq!(opsc.text, "the Optional Protocol thereto on the sale of children, child prostitution and child pornography");
    // "the Optional Protocols thereto" with one footnote giving both volumes.
    let e = extract(
        "GA",
        &["Calling upon States to ratify the Convention on the Rights of the Child and the Optional Protocols thereto,1"],
        &["Ibid., vols. 2171 and 2173, No. 27531."],
    );
    assert_eq!(ids(&e), vec!["CRC", "OPAC", "OPSC"]);
    // "the Protocols thereto, in particular …" cites what it names.
    let e = extract(
        "GA",
        &["Recalling the United Nations Convention against Transnational Organized Crime and the Protocols thereto, in particular the Protocol against the Smuggling of Migrants by Land, Sea and Air,"],
        &[],
    );
    assert_eq!(ids(&e), vec!["SOM-PROTOCOL", "UNTOC"]);
    // Groups cite their members.
    let e = extract(
        "GA",
        &["Invites States parties to the International Covenants on Human Rights to report,"],
        &[],
    );
    assert_eq!(ids(&e), vec!["ICCPR", "ICESCR"]);
    let e = extract(
        "SC",
        &["Calls upon Iraq to respect the Geneva Conventions of 12 August 1949,"],
        &[],
    );
    assert_eq!(ids(&e), GENEVA_CONVENTIONS_1949);
    // "the Convention" refers back to the last convention named.
    let e = extract(
        "SC",
        &[
            "Recalling the Convention on the Prevention and Punishment of the Crime of Genocide,",
            "Calls upon all States parties to the Convention to fulfil their obligations,",
        ],
        &[],
    );
    assert!(
        cited(&e).contains(&("OP1".into(), "GENOCIDE".into())),
        "{:?}",
        cited(&e)
    );
}

#[test]
fn articles_and_parts_keep_the_instrument() {
    let e = extract(
        "SC",
        &[
            "Acting under Chapter VII of the Charter of the United Nations,",
            "Recalling Article 47 of the Charter,",
            "Noting article 7 of the International Covenant on Civil and Political Rights,",
        ],
        &[],
    );
    let articles: Vec<(String, Option<String>)> = e
        .citations
        .iter()
        .map(|c| (c.target.key.clone().unwrap(), c.article.clone()))
        .collect();
    assert_eq!(
        articles,
        vec![
            ("UN-CHARTER".into(), Some("Chapter VII".into())),
            ("UN-CHARTER".into(), Some("Article 47".into())),
            ("ICCPR".into(), Some("article 7".into())),
        ]
    );
}

#[test]
fn footnote_forms_of_every_era() {
    let e = extract(
        "GA",
        &["Recalling the Declaration on the Elimination of Violence against Women,1 the Rome Statute of the International Criminal Court,2 the 2030 Agenda for Sustainable Development3 and the Slavery Convention,4", "Taking note of the report of the Commission,5 and of its resolution 54/263,6"],
        &[
            "See resolution 48/104.",
            "United Nations, Treaty Series, vol. 2187, No. 38544.",
            "Resolution 70/1.",
            "League of Nations, Treaty Series, vol. LX (1927), No. 1414.",
            "Official Records of the General Assembly, Fifty-first Session, Supplement No. 49 (A/51/49).",
            "Resolution 54/263, annex.",
        ],
    );
    let found = ids(&e);
    for expected in [
        "DEVAW",
        "A/RES/48/104",
        "ROME-STATUTE",
        "AGENDA-2030",
        "A/RES/70/1",
        "SLAVERY-1926",
        "A/51/49",
        "A/RES/54/263",
    ] {
        assert!(
            found.contains(&expected.to_owned()),
            "{expected} in {found:?}"
        );
    }
    // Old-style "1/" markers and notes.
    let e = extract("SC", &["Taking note of the report of the Secretary-General of 28 September 1992 1/ submitted pursuant to resolution 743 (1992),"], &[]);
    assert!(ids(&e).contains(&"S/RES/743(1992)".to_owned()));
}

#[test]
fn resolutions_of_every_organ_and_era() {
    let e = extract("SC", &["Recalling its resolutions 660 (1990), 661 (1990), 662 (1990), 664 (1990) and 678 (1990),", "Recalling also its resolutions 686 (1991) to 688 (1991),"], &[]);
    assert_eq!(
        ids(&e),
        vec![
            "S/RES/660(1990)",
            "S/RES/661(1990)",
            "S/RES/662(1990)",
            "S/RES/664(1990)",
            "S/RES/678(1990)",
            "S/RES/686(1991)",
            "S/RES/687(1991)",
            "S/RES/688(1991)"
        ]
    );
    let e = extract(
        "GA",
        &["Recalling its resolutions 47/19 of 24 November 1992, 48/16 of 3 November\n1993 and 49/9 of 26 October 1994, resolution 1514 (XV), resolution S-27/2 and resolution ES-10/1, Human Rights Council resolution 33/11, Commission on Human Rights resolution 2005/44, Economic and Social Council resolution 2002/27 and World Health Assembly resolution 69.2,"],
        &[],
    );
    assert_eq!(
        ids(&e),
        vec![
            "A/HRC/RES/33/11",
            "A/RES/1514(XV)",
            "A/RES/47/19",
            "A/RES/48/16",
            "A/RES/49/9",
            "A/RES/ES-10/1",
            "A/RES/S-27/2",
            "E/CN.4/RES/2005/44",
            "E/RES/2002/27",
            "WHA69.2"
        ]
    );
    // "its resolution" in a Security Council text is the Council's; a General Assembly
    // resolution named as such is the Assembly's.
    let e = extract(
        "SC",
        &["Recalling General Assembly resolution 181 (II) and its resolution 242 (1967),"],
        &[],
    );
    assert_eq!(ids(&e), vec!["A/RES/181(II)", "S/RES/242(1967)"]);
}

#[test]
fn declarations_and_outcome_documents_link_to_their_adopting_resolution() {
    let e = extract("GA", &["Reaffirming the Universal Declaration of Human Rights,1 the Vienna Declaration and Programme of Action2 and the Beijing Declaration and Platform for Action,"], &["Resolution 217 A (III).", "A/CONF.157/24 (Part I), chap. III."]);
    let found = ids(&e);
    for expected in ["UDHR", "A/RES/217(III)", "VDPA", "A/CONF.157/24", "BEIJING"] {
        assert!(
            found.contains(&expected.to_owned()),
            "{expected} in {found:?}"
        );
    }
    let registry = treatygraph::resolve::registry::Registry::bundled().unwrap();
    assert_eq!(
        registry.get("UDHR").unwrap().adopted_by.as_deref(),
        Some("A/RES/217(III)")
    );
}

#[test]
fn ilo_conventions_in_all_their_forms() {
    let e = extract(
        "GA",
        &["Urges States to ratify the Worst Forms of Child Labour Convention, 1999 (No. 182), of the International Labour Organization, ILO Convention No. 169, the Protocol of 2014 to the Forced Labour Convention, 1930 and Convention No. 201,"],
        &[],
    );
    let codes: Vec<String> = e
        .citations
        .iter()
        .filter_map(|c| c.target.ilo.clone())
        .collect();
    assert_eq!(codes, vec!["C182", "C169", "P029", "C201"]);
    assert!(e
        .citations
        .iter()
        .all(|c| c.function.name() == "calls_for_ratification"));
}

#[test]
fn unregistered_instruments_from_their_shape_but_never_from_generic_phrases() {
    let e = extract("SC", &["Welcoming the Peace Agreement between the Government of the Republic of Rwanda and the Rwandese Patriotic Front, signed at Arusha on 4 August 1993,", "Recalling the Treaty of Guarantee,"], &[]);
    let labels: Vec<&str> = e
        .citations
        .iter()
        .map(|c| c.target.label.as_str())
        .collect();
    assert_eq!(
        labels,
        vec!["Peace Agreement between the Government of the Republic of Rwanda and the Rwandese Patriotic Front signed at Arusha on 4 August 1993", "Treaty of Guarantee"]
    );
    assert!(e
        .citations
        .iter()
        .all(|c| c.target.kind == treatygraph::resolve::TargetKind::UnknownInstrument));
    let e = extract("GA", &["Urges States to ratify the relevant conventions and human rights instruments and the agreements concluded,"], &[]);
    assert!(e.citations.is_empty(), "{:?}", cited(&e));
}

#[test]
fn a_shorter_or_dated_remention_is_the_instrument_named_first() {
    // S/RES/127 (1958): the full name, an OCR-damaged one and a shorter one.
    let e = extract(
        "SC",
        &[
            "Noting that the status of the zone is affected by the\nprovisions of the Israel-Jordan General Armistice Agreement 4 and that",
            "4. Calls upon the parties to the [srael-Jordan General\nArmistice Agreement to co-operate with the Chief",
            "6. Directs the Chief of Staff to regulate activities within the zone subject to the provisions of the General Armistice Agreement;",
        ],
        &[],
    );
    assert_eq!(
        ids(&e),
        vec!["unregistered:Israel-Jordan General Armistice Agreement"]
    );
    assert_eq!(e.citations.len(), 3);
    assert!(e.citations[1..].iter().all(|c| c
        .evidence
        .contains(&treatygraph::extract::Evidence::Anaphora)));
    // S/RES/637 (1989): a dated re-mention of a declaration named with its place and date, and
    // a quoted title after "the agreement on".
    let e = extract(
        "SC",
        &[
            "Welcoming the agreement on “Procedures for the\nestablishment of a firm and lasting peace in Central\nAmerica” signed at Guatemala City on 7 August 1987",
            "Noting with appreciation the efforts undertaken in support of the Joint Declaration adopted by the Central American Presidents at their meeting held in El\nSalvador on 14 February 1989, and",
            "3. Calls upon the Presidents to continue their efforts through the expressions of good will contained in the\nJoint Declaration of 14 February 1989;",
        ],
        &[],
    );
    assert_eq!(
        ids(&e),
        vec![
            "unregistered:Joint Declaration adopted by the Central American Presidents at their meeting held in El Salvador on 14 February 1989",
            "unregistered:Procedures for the establishment of a firm and lasting peace in Central America",
        ]
    );
}

#[test]
fn a_title_the_registry_knows_is_not_unregistered_where_the_index_cannot_take_it() {
    // S/RES/512 (1982): a footnote number glued to the year keeps the registry index from
    // reading "Geneva Conventions of 1949"; the title shape still names the registry group.
    let e = extract(
        "SC",
        &["Referring to the humanitarian principles of the Geneva\nConventions of 19493 and to the obligations arising from"],
        &[],
    );
    assert_eq!(ids(&e), GENEVA_CONVENTIONS_1949);
}

#[test]
fn a_footnote_identifies_a_title_the_registry_does_not_know() {
    let e = extract(
        "GA",
        &["Recalling the Convention on the Law of Outer Space Debris,1"],
        &["United Nations, Treaty Series, vol. 9999, No. 99999."],
    );
    let target = &e.citations[0].target;
    assert_eq!(target.label, "Convention on the Law of Outer Space Debris");
    assert_eq!(
        target.unts.map(|u| (u.volume, u.number)),
        Some((9999, 99999))
    );
}

#[test]
fn a_treaty_series_reference_in_parentheses_identifies_the_title_before_it() {
    // S/RES/186 (1964), footnote 5: titles the registry does not know, each followed by its
    // Treaty Series reference, the second by "ibid." and a number alone.
    let e = extract(
        "SC",
        &["Considering the positions taken by the parties in relation to the treaties signed at Nicosia on 16 August 1960,1"],
        &["Treaty of Guarantee (United Nations, Treaty Series, vol. 382\n(1960), No. 5475); Treaty concerning the Establishment of the\nRepublic of Cyprus (ibid., No. 5476)."],
    );
    let nodes: Vec<(&str, Option<(u32, u32)>)> = e
        .citations
        .iter()
        .map(|c| {
            (
                c.target.label.as_str(),
                c.target.unts.map(|u| (u.volume, u.number)),
            )
        })
        .collect();
    assert_eq!(
        nodes,
        vec![
            ("Treaty of Guarantee", Some((382, 5475))),
            (
                "Treaty concerning the Establishment of the Republic of Cyprus",
                Some((382, 5476))
            )
        ]
    );
    // S/RES/271 (1969), footnote 13: a registered group keeps its members, with no node for
    // the Treaty Series reference beside them.
    let e = extract(
        "SC",
        &["4. Calls upon Israel scrupulously to observe the provisions of the Geneva Conventions 1 and international law governing military occupation;"],
        &["Geneva Conventions of 12 August 1949 (United Nations,\nTreaty Series, vol. 75 (1950), Nos. 970-973)."],
    );
    assert_eq!(ids(&e), GENEVA_CONVENTIONS_1949);
}

#[test]
fn citation_function_vocabulary() {
    let e = extract(
        "GA",
        &[
            "Recalling further the Convention on the Rights of the Child,",
            "Noting with concern the low ratification of the Convention on the Rights of the Child,",
            "Also urges States that have not yet done so to become parties to the Convention on the Rights of the Child,",
            "Calls upon States parties to implement fully the Convention on the Rights of the Child,",
            "Invites States parties to the Convention on the Rights of the Child to report,",
        ],
        &[],
    );
    let functions: Vec<&str> = e.citations.iter().map(|c| c.function.name()).collect();
    assert_eq!(
        functions,
        vec![
            "recalls",
            "notes_with_concern",
            "calls_for_ratification",
            "calls_for_implementation",
            "invites"
        ]
    );
}
