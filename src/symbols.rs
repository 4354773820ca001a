//! UN organs and document symbols: the normal forms used for IRIs and JSON.
//!
//! A resolution is cited in many printed forms ("resolution 2200 A (XXI)", "its resolution
//! 713 (1991)", "Human Rights Council resolution 33/11"); each maps to one symbol
//! (`A/RES/2200(XXI)`, `S/RES/713(1991)`, `A/HRC/RES/33/11`).

/// Organs whose resolutions treatygraph names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Organ {
    GeneralAssembly,
    SecurityCouncil,
    EconomicAndSocialCouncil,
    HumanRightsCouncil,
    CommissionOnHumanRights,
    TrusteeshipCouncil,
    WorldHealthAssembly,
}

impl Organ {
    /// Short code used in IRIs (`organ:GA`).
    pub fn code(self) -> &'static str {
        match self {
            Organ::GeneralAssembly => "GA",
            Organ::SecurityCouncil => "SC",
            Organ::EconomicAndSocialCouncil => "ECOSOC",
            Organ::HumanRightsCouncil => "HRC",
            Organ::CommissionOnHumanRights => "CHR",
            Organ::TrusteeshipCouncil => "TC",
            Organ::WorldHealthAssembly => "WHA",
        }
    }

    /// Full English name.
    pub const fn name(self) -> &'static str {
        match self {
            Organ::GeneralAssembly => "General Assembly",
            Organ::SecurityCouncil => "Security Council",
            Organ::EconomicAndSocialCouncil => "Economic and Social Council",
            Organ::HumanRightsCouncil => "Human Rights Council",
            Organ::CommissionOnHumanRights => "Commission on Human Rights",
            Organ::TrusteeshipCouncil => "Trusteeship Council",
            Organ::WorldHealthAssembly => "World Health Assembly",
        }
    }

    /// The full names of the United Nations organs that adopt the resolutions treatygraph
    /// reads, in the order adoption lines and "… its resolution" clauses are searched for them
    /// (no name starts like another). The World Health Assembly is only ever cited.
    pub const UN_NAMES: [&'static str; 6] = [
        Organ::GeneralAssembly.name(),
        Organ::SecurityCouncil.name(),
        Organ::EconomicAndSocialCouncil.name(),
        Organ::HumanRightsCouncil.name(),
        Organ::CommissionOnHumanRights.name(),
        Organ::TrusteeshipCouncil.name(),
    ];

    /// All organs, for lookups.
    pub const ALL: [Organ; 7] = [
        Organ::GeneralAssembly,
        Organ::SecurityCouncil,
        Organ::EconomicAndSocialCouncil,
        Organ::HumanRightsCouncil,
        Organ::CommissionOnHumanRights,
        Organ::TrusteeshipCouncil,
        Organ::WorldHealthAssembly,
    ];

    /// The organ named by a phrase ("Economic and Social Council", "ECOSOC", "Assembly").
    pub fn from_name(name: &str) -> Option<Organ> {
        let name = name.trim();
        Organ::ALL
            .into_iter()
            .find(|o| o.name().eq_ignore_ascii_case(name) || o.code() == name)
            .or(match name {
                "Assembly" => Some(Organ::GeneralAssembly),
                "Council" => Some(Organ::SecurityCouncil),
                _ => None,
            })
    }

    /// The organ that issues a resolution symbol.
    pub fn of_symbol(symbol: &str) -> Option<Organ> {
        if symbol.starts_with("A/HRC/") {
            Some(Organ::HumanRightsCouncil)
        } else if symbol.starts_with("A/") {
            Some(Organ::GeneralAssembly)
        } else if symbol.starts_with("S/") {
            Some(Organ::SecurityCouncil)
        } else if symbol.starts_with("E/CN.4/") {
            Some(Organ::CommissionOnHumanRights)
        } else if symbol.starts_with("E/") {
            Some(Organ::EconomicAndSocialCouncil)
        } else if symbol.starts_with("T/") {
            Some(Organ::TrusteeshipCouncil)
        } else if symbol.starts_with("WHA") {
            Some(Organ::WorldHealthAssembly)
        } else {
            None
        }
    }

    /// Whether a printed number of this shape can be one of this organ's ("63/156" is no
    /// Security Council number).
    pub fn issues(self, number: &ResolutionNumber) -> bool {
        use ResolutionNumber::*;
        match (self, number) {
            (Organ::WorldHealthAssembly, Dotted { .. }) => true,
            (Organ::WorldHealthAssembly, _) | (_, Dotted { .. }) => false,
            (Organ::SecurityCouncil, Year { .. }) => true,
            (Organ::SecurityCouncil, _) | (_, Year { .. }) => false,
            (_, Roman { .. } | Slashed { .. }) => true,
        }
    }

    /// The resolution symbol for a printed number of this organ, or `None` when the number
    /// cannot be one of this organ's (see [`Organ::issues`]). Written piece by piece: the
    /// formatting machinery cost more than the rest of reading a resolution list.
    pub fn resolution_symbol(self, number: &ResolutionNumber) -> Option<String> {
        use ResolutionNumber::*;
        if !self.issues(number) {
            return None;
        }
        let prefix = match self {
            Organ::GeneralAssembly => "A/RES/",
            Organ::SecurityCouncil => "S/RES/",
            Organ::EconomicAndSocialCouncil => "E/RES/",
            Organ::HumanRightsCouncil => "A/HRC/RES/",
            Organ::CommissionOnHumanRights => "E/CN.4/RES/",
            Organ::TrusteeshipCouncil => "T/RES/",
            Organ::WorldHealthAssembly => "WHA",
        };
        let mut symbol = String::with_capacity(prefix.len() + 16);
        symbol.push_str(prefix);
        match number {
            // "WHA69.2"
            Dotted { session, number } => {
                push_decimal(&mut symbol, *session);
                symbol.push('.');
                push_decimal(&mut symbol, *number);
            }
            // "S/RES/713(1991)"
            Year { number, year } => {
                push_decimal(&mut symbol, *number);
                symbol.push('(');
                push_decimal(&mut symbol, *year);
                symbol.push(')');
            }
            // "A/RES/2200(XXI)"
            Roman { number, session } => {
                push_decimal(&mut symbol, *number);
                symbol.push('(');
                symbol.push_str(session);
                symbol.push(')');
            }
            // "A/RES/63/156"
            Slashed { first, second } => {
                symbol.push_str(first);
                symbol.push('/');
                push_decimal(&mut symbol, *second);
            }
        }
        Some(symbol)
    }
}

/// Appends a number in decimal, as `{}` formats it: its leading digits, then its last.
fn push_decimal(out: &mut String, value: u32) {
    if value >= 10 {
        push_decimal(out, value / 10);
    }
    out.push(char::from(b'0' + (value % 10) as u8));
}

/// The printed number of a resolution, in its four shapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolutionNumber {
    /// "713 (1991)" — Security Council.
    Year { number: u32, year: u32 },
    /// "2200 (XXI)" — General Assembly (and ECOSOC) before 1976.
    Roman { number: u32, session: String },
    /// "63/156", "2005/44", "S-27/2", "ES-10/1".
    Slashed { first: String, second: u32 },
    /// "69.2" — World Health Assembly.
    Dotted { session: u32, number: u32 },
}

/// Value of a roman numeral (I–MMM), or `None` when it is not one.
pub fn roman_value(numeral: &str) -> Option<u32> {
    if numeral.is_empty() || numeral.len() > 15 {
        return None;
    }
    let digit = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let values: Vec<u32> = numeral.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, &v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|&next| next > v) {
            total -= v as i64;
        } else {
            total += v as i64;
        }
    }
    let total = u32::try_from(total).ok().filter(|&t| t > 0)?;
    // Only canonical numerals round-trip.
    (to_roman(total) == numeral).then_some(total)
}

/// Canonical roman numeral of 1..=3999.
pub fn to_roman(mut value: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while value >= v {
            out.push_str(s);
            value -= v;
        }
    }
    out
}

/// Normalises a printed document symbol: removes spaces ("S/RES/1445 (2002)" →
/// "S/RES/1445(2002)"), and trailing punctuation.
pub fn normalise_symbol(symbol: &str) -> String {
    symbol
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .trim_end_matches(['.', ',', ';', ':'])
        .to_owned()
}

/// Ordinal session numbers as words ("Sixty-third" → 63).
pub fn session_from_words(words: &str) -> Option<u32> {
    const UNITS: [&str; 10] = [
        "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    ];
    const TEENS: [&str; 10] = [
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    const TENS: [(&str, &str); 8] = [
        ("twent", "twenty"),
        ("thirt", "thirty"),
        ("fort", "forty"),
        ("fift", "fifty"),
        ("sixt", "sixty"),
        ("sevent", "seventy"),
        ("eight", "eighty"),
        ("ninet", "ninety"),
    ];
    let words = words.to_lowercase();
    let words = words.trim();
    if let Some(i) = UNITS.iter().position(|u| !u.is_empty() && *u == words) {
        return Some(i as u32);
    }
    if let Some(i) = TEENS.iter().position(|t| *t == words) {
        return Some(10 + i as u32);
    }
    for (i, (ordinal_stem, cardinal)) in TENS.iter().enumerate() {
        let tens = 20 + 10 * i as u32;
        if words == format!("{ordinal_stem}ieth") {
            return Some(tens);
        }
        if let Some(unit) = words.strip_prefix(&format!("{cardinal}-")) {
            let u = UNITS.iter().position(|u| !u.is_empty() && *u == unit)?;
            return Some(tens + u as u32);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_symbols_for_each_organ_and_shape() {
        let ga = Organ::GeneralAssembly;
        let roman = ResolutionNumber::Roman {
            number: 2200,
            session: "XXI".into(),
        };
        assert_eq!(ga.resolution_symbol(&roman).unwrap(), "A/RES/2200(XXI)");
        let year = ResolutionNumber::Year {
            number: 713,
            year: 1991,
        };
        assert_eq!(
            Organ::SecurityCouncil.resolution_symbol(&year).unwrap(),
            "S/RES/713(1991)"
        );
        assert_eq!(ga.resolution_symbol(&year), None);
        let slashed = ResolutionNumber::Slashed {
            first: "33".into(),
            second: 11,
        };
        assert_eq!(
            Organ::HumanRightsCouncil
                .resolution_symbol(&slashed)
                .unwrap(),
            "A/HRC/RES/33/11"
        );
        assert_eq!(Organ::SecurityCouncil.resolution_symbol(&slashed), None);
        let dotted = ResolutionNumber::Dotted {
            session: 69,
            number: 2,
        };
        assert_eq!(
            Organ::WorldHealthAssembly.resolution_symbol(&dotted),
            Some("WHA69.2".to_owned())
        );
        // Every organ with every shape: a symbol exactly where the organ issues the shape.
        for organ in Organ::ALL {
            for number in [&roman, &year, &slashed, &dotted] {
                assert_eq!(
                    organ.resolution_symbol(number).is_some(),
                    organ.issues(number)
                );
            }
        }
    }

    /// Numbers are written as `{}` writes them.
    #[test]
    fn decimal_as_formatted() {
        for value in [
            0,
            1,
            9,
            10,
            99,
            100,
            1990,
            65_535,
            1_000_000,
            u32::MAX - 1,
            u32::MAX,
        ] {
            let mut written = String::from("x");
            push_decimal(&mut written, value);
            assert_eq!(written, format!("x{value}"));
        }
    }

    #[test]
    fn roman_numerals_round_trip_and_reject_junk() {
        assert_eq!(roman_value("XXI"), Some(21));
        assert_eq!(roman_value("XLVIII"), Some(48));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("A"), None);
        for n in 1..200 {
            assert_eq!(roman_value(&to_roman(n)), Some(n));
        }
    }

    #[test]
    fn sessions_in_words() {
        assert_eq!(session_from_words("Sixty-third"), Some(63));
        assert_eq!(session_from_words("Fifty-first"), Some(51));
        assert_eq!(session_from_words("Twentieth"), Some(20));
        assert_eq!(session_from_words("Seventeenth"), Some(17));
        assert_eq!(session_from_words("Tenth-ish"), None);
    }
}
