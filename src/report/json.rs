//! The JSON report: the `Report` value itself, pretty-printed, deterministic.
//!
//! serde_json escapes the C0 control characters; DEL, the C1 controls (U+009B starts an escape
//! sequence on some terminals) and the bidirectional overrides and isolates, which it leaves as
//! they are, are written as `\uXXXX` escapes too, so `cat report.json` can neither drive a
//! terminal nor show a path reordered. The parsed value is the same either way.
//!
//! The report is written as it is serialised, with those escapes made on the way: a report of
//! 100,000 evidence files is close to 20 MB, and there is no reason to hold it whole, nor to
//! scan it again for characters to escape.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

use super::Report;
use super::plain;
use crate::assess::EvidenceEntry;

/// Writes the report as JSON with a trailing newline, through a buffer of its own.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // The serializer makes millions of small writes: into a buffer of a known type they are
    // copies the compiler inlines; into `dyn Write` each would be a call.
    let mut buffered = io::BufWriter::with_capacity(64 * 1024, out);
    write(report, &mut buffered)?;
    buffered.flush()
}

/// The JSON report as bytes, with a trailing newline.
pub fn to_bytes(report: &Report) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(4096 + 192 * report.evidence.len());
    write(report, &mut bytes)?;
    Ok(bytes)
}

fn write<W: Write>(report: &Report, out: &mut W) -> io::Result<()> {
    if report.evidence.len() < SPLIT_FROM {
        let mut serializer = serde_json::Serializer::with_formatter(&mut *out, Safe::default());
        report.serialize(&mut serializer).map_err(io::Error::from)?;
        return out.write_all(b"\n");
    }
    write_split(report, out, report.evidence.len() * 9 / 20)
}

/// Evidence files from which the report is written on two threads.
const SPLIT_FROM: usize = 4096;

/// The report, laid out as serde_json lays out `Report`, with the evidence list from `split` on
/// serialised on a second thread while this one writes what comes before it. The evidence list
/// is most of a large report, and the second core is idle by then; the part before is written
/// straight out, the second thread's part into a buffer. A test holds the bytes to serde's.
fn write_split<W: Write>(report: &Report, out: &mut W, split: usize) -> io::Result<()> {
    let (head, tail) = report.evidence.split_at(split.min(report.evidence.len()));
    std::thread::scope(|scope| {
        let later = scope.spawn(|| {
            let mut bytes = Vec::with_capacity(192 * tail.len());
            entries(&mut bytes, tail, head.is_empty()).map(|()| bytes)
        });
        out.write_all(b"{")?;
        field(out, true, "schema_version", &report.schema_version)?;
        field(out, false, "tool", &report.tool)?;
        field(out, false, "project", &report.project)?;
        field(out, false, "report_type", &report.report_type)?;
        field(out, false, "as_of", &report.as_of)?;
        field(out, false, "period", &report.period)?;
        field(
            out,
            false,
            "categories_selected",
            &report.categories_selected,
        )?;
        field(out, false, "readiness", &report.readiness)?;
        field(out, false, "gate", &report.gate)?;
        field(out, false, "categories", &report.categories)?;
        field(out, false, "criteria", &report.criteria)?;
        field(out, false, "controls", &report.controls)?;
        key(out, false, "evidence")?;
        out.write_all(b"[")?;
        entries(out, head, true)?;
        let rest = match later.join() {
            Ok(rest) => rest?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        out.write_all(&rest)?;
        if report.evidence.is_empty() {
            out.write_all(b"]")?;
        } else {
            out.write_all(b"\n  ]")?;
        }
        field(out, false, "not_applicable", &report.not_applicable)?;
        field(out, false, "warnings", &report.warnings)?;
        if let Some(baseline) = &report.baseline {
            field(out, false, "baseline", baseline)?;
        }
        out.write_all(b"\n}\n")
    })
}

/// `"name": ` at the first level of the report, after a comma unless `first`.
fn key<W: Write>(out: &mut W, first: bool, name: &str) -> io::Result<()> {
    Safe::at(1).line(out, first)?;
    write!(out, "\"{name}\": ")
}

/// A field of the report and its value.
fn field<W: Write, T: Serialize + ?Sized>(
    out: &mut W,
    first: bool,
    name: &str,
    value: &T,
) -> io::Result<()> {
    key(out, first, name)?;
    let formatter = Safe::at(1);
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, formatter);
    value.serialize(&mut serializer).map_err(io::Error::from)
}

/// Elements of the evidence list, each on its own line; `first` if they start the list.
fn entries<W: Write>(out: &mut W, list: &[EvidenceEntry], first: bool) -> io::Result<()> {
    for (i, entry) in list.iter().enumerate() {
        Safe::at(2).line(out, first && i == 0)?;
        let mut serializer = serde_json::Serializer::with_formatter(&mut *out, Safe::at(2));
        entry.serialize(&mut serializer).map_err(io::Error::from)?;
    }
    Ok(())
}

/// serde_json's pretty print (two spaces a level), with the characters it leaves raw in strings
/// escaped. A line break and its indentation are one write, where serde_json's own pretty
/// printer makes one per level: a report of 100,000 files has a million of them.
#[derive(Default)]
struct Safe {
    level: usize,
    has_value: bool,
}

/// `,` then a line break then the deepest indentation written in one piece.
const BREAK: &[u8] = b",\n                                                                ";

impl Safe {
    /// The formatter for a value that starts at indentation `level`.
    fn at(level: usize) -> Safe {
        Safe {
            level,
            has_value: false,
        }
    }

    /// A line break (after a comma unless `first`) and the indentation of the current level.
    fn line<W: ?Sized + Write>(&self, writer: &mut W, first: bool) -> io::Result<()> {
        let from = usize::from(first);
        let to = 2 + 2 * self.level;
        match BREAK.get(from..to) {
            Some(bytes) => writer.write_all(bytes),
            None => {
                writer.write_all(BREAK.get(from..2).unwrap_or_default())?;
                (0..self.level).try_for_each(|_| writer.write_all(b"  "))
            }
        }
    }

    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level = self.level.saturating_sub(1);
        if self.has_value {
            self.line(writer, true)?;
        }
        writer.write_all(bracket)
    }
}

impl Formatter for Safe {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_fragment(writer, fragment)
    }
}

/// Writes a run of string characters serde_json would write as they are (it has escaped the
/// C0 controls, quotes and backslashes around it), escaping the unsafe ones as `\uXXXX`.
fn write_fragment<W: ?Sized + Write>(writer: &mut W, fragment: &str) -> io::Result<()> {
    if !may_need_escapes(fragment.as_bytes()) {
        return writer.write_all(fragment.as_bytes());
    }
    let mut rest = fragment;
    while let Some((at, c)) = rest.char_indices().find(|&(_, c)| plain::is_unsafe(c)) {
        let (clean, tail) = rest.split_at(at);
        writer.write_all(clean.as_bytes())?;
        // None of these is JSON syntax and they stand inside a string, where `\uXXXX` means
        // the same character; all lie in the Basic Multilingual Plane.
        write!(writer, "\\u{:04x}", u32::from(c))?;
        rest = tail.get(c.len_utf8()..).unwrap_or_default();
    }
    writer.write_all(rest.as_bytes())
}

/// Whether `bytes` hold a byte that starts a character serde_json leaves raw and we escape:
/// DEL, or the first byte of a C1 control (`C2 80..9F`) or of a bidirectional control
/// (`E2 80 AA..AE`, `E2 81 A6..A9`); a C0 control is flagged too, though serde_json never
/// hands one over. Blocks are folded without stopping early so the compiler can check many
/// bytes at once; the usual answer, no, then costs a fraction of decoding the characters.
fn may_need_escapes(bytes: &[u8]) -> bool {
    let flagged = |b: u8| (b < 0x20) | (b == 0x7f) | (b == 0xc2) | (b == 0xe2);
    bytes
        .chunks(256)
        .any(|block| block.iter().fold(false, |seen, &b| seen | flagged(b)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::report::sample;

    #[test]
    fn json_report_snapshot() {
        let mut out = Vec::new();
        render(&sample::report(), &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }

    #[test]
    fn the_byte_check_sees_every_character_that_gets_escaped() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            if plain::is_unsafe(c) {
                let one = c.encode_utf8(&mut buf).as_bytes();
                assert!(may_need_escapes(one), "{c:?}");
                // Also deep inside a block and at a block boundary.
                let mut long = vec![b'a'; 300];
                long.splice(255..255, one.iter().copied());
                assert!(may_need_escapes(&long), "{c:?} at 255");
            }
        }
        assert!(!may_need_escapes("caf\u{e9}/\u{4e2d}.pdf".as_bytes()));
    }

    #[test]
    fn c1_controls_and_bidi_overrides_are_escaped_and_the_value_is_unchanged() {
        let value = "a\u{9b}31m\u{202e}b\u{7f}\nc\u{85}\u{2069}d";
        let mut report = sample::report();
        report.project = value.to_string();
        let out = to_bytes(&report).unwrap();
        let back: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(back["project"], value);
        let shown = String::from_utf8(out).unwrap();
        assert!(
            shown.contains("a\\u009b31m\\u202eb\\u007f\\nc\\u0085\\u2069d"),
            "{shown}"
        );
        assert!(!shown.chars().any(|c| c != '\n' && plain::is_unsafe(c)));
    }

    #[test]
    fn the_report_is_serde_jsons_pretty_print_of_the_model_when_nothing_needs_escaping() {
        let report = sample::report();
        let mut expected = serde_json::to_vec_pretty(&report).unwrap();
        expected.push(b'\n');
        assert_eq!(to_bytes(&report).unwrap(), expected);
    }

    #[test]
    fn the_report_written_on_two_threads_is_serdes_pretty_print_wherever_it_is_split() {
        let mut report = sample::report();
        let one = report.evidence[0].clone();
        for i in 0..7 {
            let mut entry = one.clone();
            entry.path = format!("more/{i}-\u{9b}.csv").into();
            entry.date = None;
            report.evidence.push(entry);
        }
        // A report compared with a baseline has one more field at the end.
        let previous = String::from_utf8(to_bytes(&sample::report()).unwrap()).unwrap();
        let previous = crate::report::baseline::parse("previous.json", &previous).unwrap();
        let mut compared = report.clone();
        compared.compare_with(&previous, false);
        assert!(compared.baseline.is_some());
        for (evidence, with_baseline) in [
            (report.evidence.clone(), false),
            (Vec::new(), false),
            (report.evidence.clone(), true),
        ] {
            if with_baseline {
                report = compared.clone();
            }
            report.evidence = evidence;
            let mut expected = serde_json::to_vec_pretty(&report).unwrap();
            expected.push(b'\n');
            let mut expected_safe = Vec::new();
            let mut serializer =
                serde_json::Serializer::with_formatter(&mut expected_safe, Safe::default());
            report.serialize(&mut serializer).unwrap();
            expected_safe.push(b'\n');
            for split in 0..=report.evidence.len() + 1 {
                let mut out = Vec::new();
                write_split(&report, &mut out, split).unwrap();
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    String::from_utf8(expected_safe.clone()).unwrap(),
                    "split at {split}"
                );
            }
            // Without characters to escape, serde's own pretty print is the same.
            if report.evidence.len() < 3 {
                assert_eq!(expected_safe, expected);
            }
        }
    }

    #[test]
    fn deep_and_empty_values_are_laid_out_as_serde_json_lays_them_out() {
        let mut deep = serde_json::json!({"leaf": [1, {}, [], "x"]});
        for depth in 0..40 {
            deep = serde_json::json!({ format!("k{depth}"): [deep, {"empty": {}}, []] });
        }
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, Safe::default());
        deep.serialize(&mut serializer).unwrap();
        assert_eq!(out, serde_json::to_vec_pretty(&deep).unwrap());
    }

    #[test]
    fn fragments_are_escaped_wherever_the_unsafe_character_falls() {
        for text in [
            "\u{9b}",
            "x\u{9b}",
            "\u{9b}x",
            "\u{202a}\u{202b}",
            "ok \u{e9}\u{e2}",
        ] {
            let mut out = Vec::new();
            write_fragment(&mut out, text).unwrap();
            let out = String::from_utf8(out).unwrap();
            assert!(!out.chars().any(plain::is_unsafe), "{out}");
            let back: String = serde_json::from_str(&format!("\"{out}\"")).unwrap();
            assert_eq!(back, text);
        }
    }
}
