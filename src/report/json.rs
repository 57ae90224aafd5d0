//! The JSON report: the `Report` value itself, pretty-printed, deterministic.

use std::io::{self, Write};

use super::Report;

/// Writes the report as JSON with a trailing newline.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::other)?;
    out.write_all(b"\n")
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
}
