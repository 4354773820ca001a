//! The decompressed size of a PDF, measured before the parser sees it. `lopdf` inflates
//! object streams while loading and content streams while extracting, each into memory with no
//! bound, so a "PDF bomb" (a few kilobytes of Flate data that inflate to gigabytes) would take
//! the process down. This pass finds every stream in the raw bytes, inflates it into a counting
//! sink — and inflates the result again while it is itself zlib data, as a chain of
//! `FlateDecode` filters would — and stops as soon as the total passes the limit.
//!
//! Only Flate is measured: it is what PDF writers use. Streams in other encodings (images,
//! uncompressed text) are not zlib data and count nothing here.

use std::io::{self, Read, Write};

use flate2::read::ZlibDecoder;

use super::Limits;

/// Deepest chain of Flate filters followed (`[/FlateDecode /FlateDecode …]`).
const MAX_CHAIN: usize = 4;

/// Checks that the Flate streams of `bytes` inflate to no more than the decompression limit.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<(), String> {
    let limit = limits.max_decompressed_size;
    let mut total = 0u64;
    for start in stream_starts(bytes) {
        let left = limit.saturating_sub(total);
        total += inflated_len(&bytes[start..], left, MAX_CHAIN);
        limits.check_decompressed(total, "PDF")?;
    }
    Ok(())
}

/// Offsets where stream data starts: after each `stream` keyword and its end of line.
fn stream_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    const KEYWORD: &[u8] = b"stream";
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let found = find(&bytes[from..], KEYWORD)? + from;
        from = found + KEYWORD.len();
        // "endstream" closes a stream.
        if bytes[..found].ends_with(b"end") {
            continue;
        }
        let rest = &bytes[from..];
        let eol = if rest.starts_with(b"\r\n") {
            2
        } else if rest.starts_with(b"\n") || rest.starts_with(b"\r") {
            1
        } else {
            continue;
        };
        return Some(from + eol);
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Bytes the zlib data at the start of `data` inflates to (0 when it is not zlib data), counted
/// up to `left + 1`, following chained Flate layers up to `depth`.
fn inflated_len(data: &[u8], left: u64, depth: usize) -> u64 {
    if depth == 0 || !is_zlib_header(data) {
        return 0;
    }
    let mut decoder = ZlibDecoder::new(data).take(left.saturating_add(1));
    // Keep the start of the output to see whether it is zlib data again; count the rest.
    let mut head = Vec::new();
    let mut sink = Head {
        head: &mut head,
        keep: CHAIN_PROBE,
        count: 0,
    };
    // A corrupt stream counts what inflated before the error: the parser would stop there too.
    let _ = io::copy(&mut decoder, &mut sink);
    let count = sink.count;
    if is_zlib_header(&head) && count <= left {
        // A chained layer: measure what the inflated data inflates to.
        let mut layer = Vec::new();
        let _ = ZlibDecoder::new(data)
            .take(left.saturating_add(1))
            .read_to_end(&mut layer);
        return count + inflated_len(&layer, left.saturating_sub(count), depth - 1);
    }
    count
}

/// Bytes of output kept to probe for a chained layer.
const CHAIN_PROBE: usize = 2;

/// A sink that keeps the first bytes written and counts all of them.
struct Head<'a> {
    head: &'a mut Vec<u8>,
    keep: usize,
    count: u64,
}

impl Write for Head<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = self.keep.saturating_sub(self.head.len()).min(buf.len());
        self.head.extend_from_slice(&buf[..room]);
        self.count += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The two header bytes of zlib data with deflate compression (RFC 1950): CM = 8, a window of
/// at most 32 KiB, and a check value that makes the pair a multiple of 31.
fn is_zlib_header(data: &[u8]) -> bool {
    match data {
        [cmf, flg, ..] => {
            cmf & 0x0f == 8 && cmf >> 4 <= 7 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::ZlibEncoder;
    use flate2::Compression;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    fn pdf_with_stream(data: &[u8]) -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\r\n".to_vec();
        pdf.extend_from_slice(data);
        pdf.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
        pdf
    }

    #[test]
    fn measures_flate_streams_and_their_chains() {
        let limits = Limits {
            max_decompressed_size: 1 << 20,
            ..Limits::default()
        };
        let under = vec![b' '; 1 << 19];
        assert!(check(&pdf_with_stream(&zlib(&under)), &limits).is_ok());
        let over = vec![b' '; (1 << 20) + 1];
        let reason = check(&pdf_with_stream(&zlib(&over)), &limits).unwrap_err();
        assert_eq!(
            reason,
            "PDF decompresses to more than 1 MiB: a decompression bomb? (--max-decompressed-size)"
        );
        // Twice compressed: small after one layer, over the limit after two.
        let twice = zlib(&zlib(&over));
        assert!(zlib(&over).len() < 1 << 19);
        assert!(check(&pdf_with_stream(&twice), &limits).is_err());
        // Not zlib data (an image, plain text): nothing to inflate.
        assert!(check(&pdf_with_stream(b"BT /F1 12 Tf (Text) Tj ET"), &limits).is_ok());
    }
}
