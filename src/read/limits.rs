//! Limits on untrusted input. Every input is untrusted: a file may be huge, a resolution may
//! carry thousands of footnotes, an archive may decompress to gigabytes, an XML file may nest
//! without end. Each limit turns such an input into a one-line reason naming the limit and the
//! flag that raises it, so the rest of a batch goes in.
//!
//! This is the one place for input limits: [`super::read_bytes_with`] checks the file size, the
//! readers of container formats take the same [`Limits`] and call [`Limits::check_decompressed`]
//! (DOCX, PDF), [`Limits::check_nesting`] (XML, HTML) and [`Limits::check_pages`] (PDF) as they go,
//! and the extractor checks footnotes and paragraphs once the document is structured.

/// Configurable limits; the defaults accept every document of the bundled corpus with a wide
/// margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input file, in bytes (`--max-file-size`).
    pub max_file_size: u64,
    /// Most footnotes in one document (`--max-footnotes`).
    pub max_footnotes: usize,
    /// Most paragraphs (header, preambular, operative and footnotes) in one document
    /// (`--max-paragraphs`).
    pub max_paragraphs: usize,
    /// Deepest element nesting an XML reader accepts (`--max-xml-depth`).
    pub max_xml_depth: usize,
    /// Most bytes a reader may inflate from one file, all parts or streams together
    /// (`--max-decompressed-size`).
    pub max_decompressed_size: u64,
    /// Most pages in one PDF (`--max-pdf-pages`); resolutions run to a few dozen.
    pub max_pdf_pages: usize,
}

/// One mebibyte.
pub const MIB: u64 = 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 64 * MIB,
            max_footnotes: 2_000,
            max_paragraphs: 20_000,
            // Real resolutions nest a dozen levels.
            max_xml_depth: 256,
            // A resolution's XML is well under a megabyte; the bound stops ZIP bombs.
            max_decompressed_size: 64 * MIB,
            max_pdf_pages: 500,
        }
    }
}

impl Limits {
    /// No limits: for trusted input and for measuring.
    pub fn unlimited() -> Self {
        Limits {
            max_file_size: u64::MAX,
            max_footnotes: usize::MAX,
            max_paragraphs: usize::MAX,
            max_xml_depth: usize::MAX,
            max_decompressed_size: u64::MAX,
            max_pdf_pages: usize::MAX,
        }
    }

    /// Checks the size of an input file.
    pub fn check_file_size(&self, bytes: u64) -> Result<(), String> {
        if bytes > self.max_file_size {
            return Err(format!(
                "file is {}, over the {} limit (--max-file-size)",
                human_size(bytes),
                human_size(self.max_file_size)
            ));
        }
        Ok(())
    }

    /// Checks the number of footnotes of a document.
    pub fn check_footnotes(&self, count: usize) -> Result<(), String> {
        at_most(
            count,
            self.max_footnotes,
            "document",
            "footnotes",
            "--max-footnotes",
        )
    }

    /// Checks the number of paragraphs of a document.
    pub fn check_paragraphs(&self, count: usize) -> Result<(), String> {
        at_most(
            count,
            self.max_paragraphs,
            "document",
            "paragraphs",
            "--max-paragraphs",
        )
    }

    /// Checks the element depth a reader of `what` ("Akoma Ntoso XML", "HTML") has reached.
    pub fn check_nesting(&self, depth: usize, what: &str) -> Result<(), String> {
        if depth > self.max_xml_depth {
            return Err(format!(
                "{what} nests deeper than {} elements (--max-xml-depth)",
                self.max_xml_depth
            ));
        }
        Ok(())
    }

    /// Checks the running total of bytes inflated from `what` (an archive, a PDF); readers call
    /// it as they inflate, so a decompression bomb stops at the limit.
    pub fn check_decompressed(&self, total: u64, what: &str) -> Result<(), String> {
        if total > self.max_decompressed_size {
            return Err(format!(
                "{what} decompresses to more than {}: a decompression bomb? \
                 (--max-decompressed-size)",
                human_size(self.max_decompressed_size)
            ));
        }
        Ok(())
    }

    /// Checks the page count of a PDF, before any page is laid out.
    pub fn check_pages(&self, pages: usize) -> Result<(), String> {
        at_most(pages, self.max_pdf_pages, "PDF", "pages", "--max-pdf-pages")
    }
}

/// "document has 5001 footnotes, over the limit of 5000 (--max-footnotes)" when `count` is over
/// `limit`.
fn at_most(count: usize, limit: usize, whole: &str, parts: &str, flag: &str) -> Result<(), String> {
    if count > limit {
        return Err(format!(
            "{whole} has {count} {parts}, over the limit of {limit} ({flag})"
        ));
    }
    Ok(())
}

/// "64 MiB", "100.0 MiB", "512 KiB", "17 bytes".
pub fn human_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    let (unit, name) = if bytes >= MIB {
        (MIB, "MiB")
    } else if bytes >= KIB {
        (KIB, "KiB")
    } else {
        return format!("{bytes} bytes");
    };
    if bytes.is_multiple_of(unit) {
        format!("{} {name}", bytes / unit)
    } else {
        format!("{:.1} {name}", bytes as f64 / unit as f64)
    }
}

/// A size in bytes as the command line reads and shows it ("64M", "1G", "512K", "1000").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size(pub u64);

impl std::fmt::Display for Size {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bytes = self.0;
        match [(1024 * MIB, "G"), (MIB, "M"), (1024, "K")]
            .into_iter()
            .find(|&(unit, _)| bytes > 0 && bytes.is_multiple_of(unit))
        {
            Some((unit, suffix)) => write!(f, "{}{suffix}", bytes / unit),
            None => write!(f, "{bytes}"),
        }
    }
}

impl std::str::FromStr for Size {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        parse_size(text).map(Size)
    }
}

/// Parses a size given on the command line: "64M", "64MiB", "1G", "512k", "1000000".
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("expected a size like 64M or 1G, got {text:?}"))?;
    let multiplier = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => MIB,
        "g" | "gb" | "gib" => 1024 * MIB,
        other => return Err(format!("unknown size unit {other:?} (use K, M or G)")),
    };
    Ok((number * multiplier as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_name_the_size_and_the_flag() {
        let limits = Limits::default();
        assert_eq!(
            limits.check_file_size(100 * MIB).unwrap_err(),
            "file is 100 MiB, over the 64 MiB limit (--max-file-size)"
        );
        assert_eq!(
            limits.check_file_size(100 * MIB + MIB / 2).unwrap_err(),
            "file is 100.5 MiB, over the 64 MiB limit (--max-file-size)"
        );
        assert!(limits.check_file_size(64 * MIB).is_ok());
        assert!(limits
            .check_footnotes(2_001)
            .unwrap_err()
            .contains("--max-footnotes"));
    }

    #[test]
    fn parses_sizes() {
        assert_eq!(parse_size("64M").unwrap(), 64 * MIB);
        assert_eq!(parse_size("1GiB").unwrap(), 1024 * MIB);
        assert_eq!(parse_size("512k").unwrap(), 512 * 1024);
        assert_eq!(parse_size("1000").unwrap(), 1000);
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5 parsecs").is_err());
        // What the help shows reads back as the same size.
        let shown = Size(Limits::default().max_file_size).to_string();
        assert_eq!(shown, "64M");
        assert_eq!(shown.parse::<Size>().unwrap().0, 64 * MIB);
    }
}
