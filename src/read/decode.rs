//! Byte decoding: UTF-8 (with or without BOM), UTF-16 with BOM, and Windows-1252 as the
//! fallback for legacy files. Binary input is refused with a reason.

use std::borrow::Cow;

/// Decodes text bytes, or says why they are not text.
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    decode_text_borrowed(bytes).map(Cow::into_owned)
}

/// [`decode_text`], borrowing the bytes when they are UTF-8 already (most files): the caller
/// normalises the text into a copy of its own anyway.
pub(crate) fn decode_text_borrowed(bytes: &[u8]) -> Result<Cow<'_, str>, String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(Cow::Borrowed)
            .map_err(|e| format!("invalid UTF-8 after a UTF-8 byte-order mark: {e}"));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, u16::from_le_bytes).map(Cow::Owned);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, u16::from_be_bytes).map(Cow::Owned);
    }
    if looks_binary(bytes) {
        return Err("binary data: not a text document".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(_) => Ok(Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect())),
    }
}

fn decode_utf16(bytes: &[u8], to_unit: fn([u8; 2]) -> u16) -> Result<String, String> {
    if !bytes.len().is_multiple_of(2) {
        return Err("truncated UTF-16 text (odd number of bytes)".into());
    }
    let units = bytes
        .chunks_exact(2)
        .map(|pair| to_unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|e| format!("invalid UTF-16 text: {e}"))
}

/// NUL bytes or a high share of control characters mean the file is not text.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, sample).is_some() {
        return true;
    }
    // Counted in runs of at most 255 bytes with a byte-wide counter and without branches, which
    // the compiler turns into vector code.
    let is_control = |b: u8| (b < 0x20) & (b != b'\n') & (b != b'\r') & (b != b'\t') & (b != 0x0C);
    let controls: usize = sample
        .chunks(255)
        .map(|run| {
            let in_run: u8 = run.iter().map(|&b| u8::from(is_control(b))).sum();
            usize::from(in_run)
        })
        .sum();
    controls * 20 > sample.len()
}

/// Windows-1252 to Unicode; the 0x80–0x9F block differs from Latin-1.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[(byte - 0x80) as usize],
        _ => byte as char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf16_with_bom_and_windows_1252() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Recalling".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode_text(&utf16).unwrap(), "Recalling");
        assert_eq!(
            decode_text(b"\x93Palermo\x94 Protocol").unwrap(),
            "“Palermo” Protocol"
        );
        assert!(decode_text(b"\x00\x01\x02binary").is_err());
    }
}
