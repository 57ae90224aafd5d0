//! Dating evidence files (SPEC §4): date tokens in file and folder names, and the front matter of
//! Markdown files (`date:` and `status: draft`).
//!
//! This file only reads names and a byte prefix handed to it. Walking the folder, reading files,
//! choosing between the rules' results and judging dates against a period belong elsewhere; file
//! modification times are never consulted.

use std::borrow::Cow;

use chrono::NaiveDate;

/// Which rule dated a file (SPEC §4); serialised kebab-case: front-matter, name, folder, none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    /// `date:` in the front matter of a Markdown file.
    FrontMatter,
    /// A date token in the file name.
    Name,
    /// A date token in one of the file's folder names.
    Folder,
    /// No rule gave a date: the file is undated.
    None,
}

impl DateSource {
    /// The word shown in reports, the same as the serde name.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::FrontMatter => "front-matter",
            DateSource::Name => "name",
            DateSource::Folder => "folder",
            DateSource::None => "none",
        }
    }
}

/// The earliest and latest years a date token or front-matter date may hold; anything outside is
/// more likely a serial number or a typo than an evidence date.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// The shapes a date token can take, longest first: at each position the first that matches is
/// the only one tried.
const SHAPES: [&[u8]; 5] = [
    b"dddd-dd-dd",
    b"dddddddd",
    b"dddd-dd",
    b"dddd-Qd",
    b"dddd-Hd",
];

/// The first valid date token in one path component (a file or folder name).
///
/// Tokens are `YYYY-MM-DD`, `YYYYMMDD`, `YYYY-MM`, `YYYY-Qn` and `YYYY-Hn` (`q`/`h` may be
/// lowercase); month, quarter and half-year tokens date the file at the span's last day. A token
/// must be delimited by the ends of the name or by characters that are not alphanumeric in the
/// Unicode sense (`char::is_alphanumeric`): `_`, `.`, `-`, spaces, punctuation and U+FFFD delimit,
/// while letters and digits of any script (`é`, `日`, `２`) do not.
///
/// ```
/// use chrono::NaiveDate;
/// use soc2::evidence::dates::date_in_name;
/// assert_eq!(date_in_name("2026-Q1-review.csv"), NaiveDate::from_ymd_opt(2026, 3, 31));
/// assert_eq!(date_in_name("IMG_20260115_1200.png"), NaiveDate::from_ymd_opt(2026, 1, 15));
/// assert_eq!(date_in_name("v2026-01-01a.pdf"), None);
/// assert_eq!(date_in_name("2026-02-30.pdf"), None);
/// ```
pub fn date_in_name(name: &str) -> Option<NaiveDate> {
    let bytes = name.as_bytes();
    // Tokens start with an ASCII digit, and an ASCII byte is always a char boundary, so every
    // slice below is taken at a boundary; `get` keeps even a mistake from panicking.
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| b.is_ascii_digit())
        .map(|(i, _)| i)
        .filter(|&i| {
            name.get(..i)
                .is_some_and(|before| delimits(before.chars().next_back()))
        })
        .find_map(|i| token_at(name, i))
}

/// Whether the character next to a token (None: the end of the name) lets the token stand.
fn delimits(c: Option<char>) -> bool {
    c.is_none_or(|c| !c.is_alphanumeric())
}

/// The date of the token starting at byte `start`: the longest matching shape, and only it.
fn token_at(name: &str, start: usize) -> Option<NaiveDate> {
    let rest = name.as_bytes().get(start..)?;
    let shape = SHAPES.into_iter().find(|shape| fits(shape, rest))?;
    let after = name.get(start + shape.len()..)?;
    if !delimits(after.chars().next()) {
        return None;
    }
    token_date(rest.get(..shape.len())?)
}

/// Whether `text` begins with `shape`: `d` is an ASCII digit, `Q`/`H` match either case, and
/// anything else matches itself.
fn fits(shape: &[u8], text: &[u8]) -> bool {
    text.len() >= shape.len()
        && shape.iter().zip(text).all(|(s, t)| match s {
            b'd' => t.is_ascii_digit(),
            b'Q' | b'H' => t.eq_ignore_ascii_case(s),
            _ => s == t,
        })
}

/// The date a token of a known shape stands for, if it is a real date in range.
fn token_date(token: &[u8]) -> Option<NaiveDate> {
    let year = i32::try_from(number(token.get(..4)?)?).ok()?;
    if !YEARS.contains(&year) {
        return None;
    }
    let last_month_of = |months: u32, n: u32| (1..=12 / months).contains(&n).then_some(n * months);
    match token.get(4..)? {
        [b'-', m1, m2, b'-', d1, d2] | [m1, m2, d1, d2] => {
            NaiveDate::from_ymd_opt(year, number(&[*m1, *m2])?, number(&[*d1, *d2])?)
        }
        [b'-', b'Q' | b'q', n] => last_day_of_month(year, last_month_of(3, number(&[*n])?)?),
        [b'-', b'H' | b'h', n] => last_day_of_month(year, last_month_of(6, number(&[*n])?)?),
        [b'-', m1, m2] => last_day_of_month(year, number(&[*m1, *m2])?),
        _ => None,
    }
}

/// The last day of a month, or None for a month that does not exist.
fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    (28..=31)
        .rev()
        .find_map(|day| NaiveDate::from_ymd_opt(year, month, day))
}

/// The value of a short run of ASCII digits.
fn number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 4 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

/// Date of a path relative to the evidence root ('/'-separated): the file name first, then its
/// folders, nearest folder first. Returns Name or Folder as source.
///
/// Empty components (a doubled or trailing `/`) are skipped.
pub fn date_from_path(rel: &str) -> Option<(NaiveDate, DateSource)> {
    let mut components = rel.rsplit('/').filter(|c| !c.is_empty());
    let file = components.next()?;
    if let Some(date) = date_in_name(file) {
        return Some((date, DateSource::Name));
    }
    components.find_map(|folder| date_in_name(folder).map(|date| (date, DateSource::Folder)))
}

/// Bytes of a Markdown file read for front matter; never read more.
pub const FRONT_MATTER_LIMIT: usize = 8 * 1024;

/// The longest `bad_date` value kept, in characters, so a runaway line cannot flood a report.
const BAD_DATE_MAX_CHARS: usize = 64;

/// What the front matter of a Markdown file says that matters to soc2.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// The `date:` value, when it holds a real date between 1990 and 2100.
    pub date: Option<NaiveDate>,
    /// Whether `status:` says `draft`: a draft is not evidence.
    pub draft: bool,
    /// The raw `date:` value (trimmed, at most 64 characters) when it is not a usable date.
    pub bad_date: Option<String>,
}

/// Parses front matter from the first bytes of a file (at most FRONT_MATTER_LIMIT are given).
///
/// The block must open on the first line (after an optional UTF-8 BOM) with `---` and close with
/// `---` or `...` within the prefix; otherwise there is no front matter and every field keeps its
/// default. Only top-level `date:` and `status:` lines are read; when a key repeats, the last line
/// wins, as in most YAML loaders. An empty or null `date:` (`date:`, `date: ~`, `date: null`,
/// `date: ""`) counts as absent, not bad: templates leave it blank.
pub fn parse_front_matter(prefix: &[u8]) -> FrontMatter {
    // Most Markdown has no front matter: say so before decoding kilobytes of it.
    if !opens_block(prefix) {
        return FrontMatter::default();
    }
    // No closing line within the prefix: not front matter after all.
    scan(&front_matter_text(prefix)).unwrap_or_default()
}

/// `parse_front_matter` of a longer prefix, decided from its first bytes `head` when they are
/// enough: `None` when a block opens in `head` and does not close within its whole lines, so
/// the answer depends on what follows. Most front matter is a few lines long, so most Markdown
/// files are decided from their first kilobyte.
pub fn parse_front_matter_head(head: &[u8]) -> Option<FrontMatter> {
    // Too short to tell a BOM and `---` from their first bytes.
    if head.len() < 6 {
        return None;
    }
    if !opens_block(head) {
        return Some(FrontMatter::default());
    }
    let head = head.get(..FRONT_MATTER_LIMIT).unwrap_or(head);
    // Only whole lines: the last one may go on past `head`.
    let whole_lines = head.iter().rposition(|&b| b == b'\n')? + 1;
    scan(&front_matter_text(
        head.get(..whole_lines).unwrap_or_default(),
    ))
}

/// Whether the bytes open with `---` (after an optional BOM), the only way front matter starts.
fn opens_block(prefix: &[u8]) -> bool {
    let start = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    start.starts_with(b"---")
}

/// The fields of the block at the start of `text`; `None` when the block never closes in it.
fn scan(text: &str) -> Option<FrontMatter> {
    let mut lines = text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line));
    let mut matter = FrontMatter::default();
    if lines.next().map(fence) != Some("---") {
        // `---` then more on the first line (`----`, `---x`): not a block, whatever follows.
        return Some(matter);
    }
    for line in lines {
        if matches!(fence(line), "---" | "...") {
            return Some(matter);
        }
        if let Some((key, value)) = top_level_entry(line) {
            match key {
                "date" => read_date(&mut matter, value),
                "status" => matter.draft = scalar(value).eq_ignore_ascii_case("draft"),
                _ => {}
            }
        }
    }
    None
}

/// The prefix as text, cut to the limit, without a BOM, decoded lossily.
fn front_matter_text(prefix: &[u8]) -> Cow<'_, str> {
    let mut bytes = prefix;
    if let Some(head) = bytes.get(..FRONT_MATTER_LIMIT) {
        // A full prefix may end in the middle of a line (or of a character): keep whole lines
        // only, so a cut `----` line cannot pass for a closing `---`.
        let whole_lines = head.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        bytes = head.get(..whole_lines).unwrap_or_default();
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // `from_utf8` validates faster than the lossy decoder walks; the result is the same.
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// A line without the trailing spaces and tabs a fence line may carry.
fn fence(line: &str) -> &str {
    line.trim_end_matches([' ', '\t'])
}

/// The key and raw value of a top-level `key: value` line; None for indented lines, comments and
/// lines that are not a mapping entry.
fn top_level_entry(line: &str) -> Option<(&str, &str)> {
    if line.starts_with([' ', '\t', '#']) {
        return None;
    }
    let (key, value) = line.split_once(':')?;
    // YAML needs a space after the colon: `date:2026` is one plain string, not a key.
    if !(value.is_empty() || value.starts_with([' ', '\t'])) {
        return None;
    }
    Some((key.trim_end(), value.trim()))
}

/// The scalar a value holds: the text inside matching quotes, or the plain text before a ` #`
/// comment. A quote that is never closed is kept, so the value reads as bad rather than as a date.
fn scalar(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote) {
            return inner.split_once(quote).map_or(value, |(inside, _)| inside);
        }
    }
    if value.starts_with('#') {
        // `date: # fill in` is a null value followed by a comment.
        return "";
    }
    let plain = value
        .find(" #")
        .into_iter()
        .chain(value.find("\t#"))
        .min()
        .and_then(|cut| value.get(..cut))
        .unwrap_or(value);
    plain.trim()
}

/// Records one `date:` line: a usable date, nothing for an empty value, or the raw bad value.
fn read_date(matter: &mut FrontMatter, value: &str) {
    let text = scalar(value);
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        matter.date = None;
        matter.bad_date = None;
        return;
    }
    matter.date = front_matter_date(text);
    matter.bad_date = match matter.date {
        Some(_) => None,
        None => Some(value.chars().take(BAD_DATE_MAX_CHARS).collect()),
    };
}

/// `YYYY-MM-DD`, optionally followed by a time part that starts `T` or a space and a digit
/// (`2026-03-01T10:00:00Z`, `2026-03-01 10:00`); the time itself is not checked, only the date
/// matters.
fn front_matter_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let (date, time) = bytes.split_at_checked(10)?;
    let time_ok = match time {
        [] => true,
        [b'T' | b't' | b' ', first, ..] => first.is_ascii_digit(),
        _ => false,
    };
    if !time_ok || !fits(b"dddd-dd-dd", date) {
        return None;
    }
    token_date(date)
}

/// Whether a file name is Markdown (.md or .markdown, case-insensitive).
pub fn is_markdown(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && (ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown"))
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn name_cases(cases: &[(&str, Option<&str>)]) {
        for &(name, expected) in cases {
            assert_eq!(date_in_name(name), expected.map(d), "{name:?}");
        }
    }

    fn fm(text: &str) -> FrontMatter {
        parse_front_matter(text.as_bytes())
    }

    fn dated(date: &str) -> FrontMatter {
        FrontMatter {
            date: Some(d(date)),
            ..FrontMatter::default()
        }
    }

    fn bad(raw: &str) -> FrontMatter {
        FrontMatter {
            bad_date: Some(raw.to_owned()),
            ..FrontMatter::default()
        }
    }

    /// A deterministic linear congruential generator: reproducible fuzz without extra crates.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }

        fn bytes(&mut self, pieces: &[&[u8]], count: u64) -> Vec<u8> {
            let mut out = Vec::new();
            for _ in 0..self.next() % count {
                if self.next().is_multiple_of(5) {
                    out.push(self.next() as u8);
                } else {
                    out.extend_from_slice(pieces[(self.next() % pieces.len() as u64) as usize]);
                }
            }
            out
        }
    }

    #[test]
    fn date_source_words_match_the_report() {
        let words = [
            (DateSource::FrontMatter, "front-matter"),
            (DateSource::Name, "name"),
            (DateSource::Folder, "folder"),
            (DateSource::None, "none"),
        ];
        for (source, word) in words {
            assert_eq!(source.as_str(), word);
        }
    }

    #[test]
    fn full_date_token_dates_that_day() {
        name_cases(&[
            ("2026-03-14.pdf", Some("2026-03-14")),
            ("access-review-2026-03-14.csv", Some("2026-03-14")),
            ("2028-02-29.csv", Some("2028-02-29")),
        ]);
    }

    #[test]
    fn compact_yyyymmdd_token_dates_that_day() {
        name_cases(&[
            ("20260115.csv", Some("2026-01-15")),
            ("IMG_20260115_1200.png", Some("2026-01-15")),
            ("x-20261231-y", Some("2026-12-31")),
        ]);
    }

    #[test]
    fn month_token_dates_file_at_last_day_of_month() {
        name_cases(&[
            ("2026-01.csv", Some("2026-01-31")),
            ("2026-02.csv", Some("2026-02-28")),
            ("2028-02.csv", Some("2028-02-29")),
            ("2026-04", Some("2026-04-30")),
            ("2026-12", Some("2026-12-31")),
        ]);
    }

    #[test]
    fn quarter_token_dates_file_at_last_day_of_quarter() {
        name_cases(&[
            ("2026-Q1-review.csv", Some("2026-03-31")),
            ("2026-Q2", Some("2026-06-30")),
            ("2026-Q3", Some("2026-09-30")),
            ("2026-Q4", Some("2026-12-31")),
        ]);
    }

    #[test]
    fn half_year_token_dates_file_at_last_day_of_half_year() {
        name_cases(&[
            ("2026-H1.pdf", Some("2026-06-30")),
            ("2026-H2.pdf", Some("2026-12-31")),
        ]);
    }

    #[test]
    fn lowercase_q_and_h_tokens_are_accepted() {
        name_cases(&[
            ("2026-q1.csv", Some("2026-03-31")),
            ("2026-q4.md", Some("2026-12-31")),
            ("2026-h1", Some("2026-06-30")),
            ("2026-h2", Some("2026-12-31")),
        ]);
    }

    #[test]
    fn year_alone_is_not_a_date() {
        name_cases(&[
            ("2026.pdf", None),
            ("policy-2026.md", None),
            ("Q1-2026.pdf", None),
            ("2026", None),
        ]);
    }

    #[test]
    fn v2026_01_01a_is_no_date() {
        name_cases(&[
            ("v2026-01-01a", None),
            ("v2026-01-01.pdf", None),
            ("2026-01-01a.pdf", None),
            ("q2026-Q1", None),
        ]);
    }

    #[test]
    fn token_starts_only_at_name_start_or_after_non_alphanumeric() {
        name_cases(&[
            ("2026-03-01", Some("2026-03-01")),
            ("report.2026-03-01.pdf", Some("2026-03-01")),
            ("(2026-03-01)", Some("2026-03-01")),
            ("a 2026-03-01", Some("2026-03-01")),
            ("a2026-03-01", None),
            ("12026-03-01", None),
        ]);
    }

    #[test]
    fn token_ends_only_at_name_end_or_before_non_alphanumeric() {
        name_cases(&[
            ("2026-03-01-", Some("2026-03-01")),
            ("2026-03-01_", Some("2026-03-01")),
            ("2026-03-01+x", Some("2026-03-01")),
            ("2026-03-01x", None),
            ("2026-Q1a", None),
            ("2026-030", None),
        ]);
    }

    #[test]
    fn invalid_longest_form_gives_no_date_at_that_position() {
        name_cases(&[
            // Not read as 2026-02.
            ("2026-02-30.pdf", None),
            // Not read as 2026-01.
            ("2026-01-15x.pdf", None),
            // Not read as 20260115.
            ("202601150.csv", None),
            ("20260115T1200.log", None),
            ("2026-01-15T12:00.log", None),
            // The longest shape here is YYYY-MM, and it is delimited by '-'.
            ("2026-01-1.csv", Some("2026-01-31")),
        ]);
    }

    #[test]
    fn years_outside_1990_to_2100_are_no_date() {
        name_cases(&[
            ("1989-12-31.csv", None),
            ("19891231.csv", None),
            ("1990-01-01.csv", Some("1990-01-01")),
            ("2100-12-31.csv", Some("2100-12-31")),
            ("2101-01-01.csv", None),
            ("2101-Q1", None),
            ("0000-01-01", None),
            ("9999-12", None),
        ]);
    }

    #[test]
    fn impossible_calendar_dates_are_no_date() {
        name_cases(&[
            ("2026-02-29.csv", None),
            ("2026-04-31", None),
            ("2026-00-10", None),
            ("2026-13-01", None),
            ("20261301", None),
            ("2026-01-00", None),
            ("2026-00", None),
            ("2026-13", None),
            ("2026-Q0", None),
            ("2026-Q5", None),
            ("2026-H0", None),
            ("2026-H3", None),
        ]);
    }

    #[test]
    fn first_valid_token_of_a_name_wins() {
        name_cases(&[
            ("draft-2026-02-30-final-2026-03-01.md", Some("2026-03-01")),
            ("2026-01-01_to_2026-03-31.csv", Some("2026-01-01")),
            ("2026-01-15-2026-02-01", Some("2026-01-15")),
            ("2026-Q1-2026-Q2", Some("2026-03-31")),
            ("v2026-01-01-2026-02-01", Some("2026-02-01")),
            ("2026-2026-03-01", Some("2026-03-01")),
        ]);
    }

    #[test]
    fn unicode_letters_and_digits_are_not_delimiters_but_symbols_are() {
        name_cases(&[
            ("é2026-01-01", None),
            ("2026-01-01é", None),
            ("日2026-01-01", None),
            ("2026-01-01２", None),
            ("２０２６-01-01", None),
            ("—2026-01-01—", Some("2026-01-01")),
            ("\u{FFFD}2026-01-01\u{FFFD}", Some("2026-01-01")),
            ("«2026-Q2»", Some("2026-06-30")),
            ("📄 2026-01-01", Some("2026-01-01")),
        ]);
    }

    #[test]
    fn names_table_gives_expected_dates() {
        name_cases(&[
            ("", None),
            ("README", None),
            ("2026-03-14", Some("2026-03-14")),
            ("2026-03-14.pdf", Some("2026-03-14")),
            ("pen-test-2026-05-02.pdf", Some("2026-05-02")),
            ("backup_2026-06-30.tar.gz", Some("2026-06-30")),
            ("minutes 2026-04-30 (final).docx", Some("2026-04-30")),
            ("2026-01-01.2026-02-01", Some("2026-01-01")),
            ("20260115.csv", Some("2026-01-15")),
            ("IMG_20260115_1200.png", Some("2026-01-15")),
            ("scan-20250704.jpg", Some("2025-07-04")),
            ("2026013.csv", None),
            ("202601.csv", None),
            ("2026-01", Some("2026-01-31")),
            ("2026-06-export.csv", Some("2026-06-30")),
            ("ABC-2026-Q3", Some("2026-09-30")),
            ("review 2026-Q2.xlsx", Some("2026-06-30")),
            ("2026-H1-dr-test.md", Some("2026-06-30")),
            ("2026 06 30.pdf", None),
            ("2026-3-14", None),
            ("2026-03-1", Some("2026-03-31")),
            ("26-03-14", None),
            ("2026_03_14", None),
            ("2026.03.14", None),
            ("2026-Q", None),
            ("2026-Q12", None),
            ("2026-H", None),
            ("2026-W10", None),
            ("2026--01", None),
            ("-2026-01-01", Some("2026-01-01")),
            ("1999-12-31", Some("1999-12-31")),
            ("2000-02-29", Some("2000-02-29")),
            ("2100-02-29", None),
            ("v1.2.3-2026-01-01", Some("2026-01-01")),
            ("release-v2026.pdf", None),
            ("2026-01-01a-2026-02-02", Some("2026-02-02")),
            ("ticket-123456789.txt", None),
            ("INC20260115", None),
            ("20260115INC", None),
            ("x20260115", None),
            ("2026-02-30-2026-02", Some("2026-02-28")),
            ("2026-01-15x-2026-03", Some("2026-03-31")),
        ]);
    }

    #[test]
    fn date_from_path_prefers_file_name_then_nearest_folder() {
        let cases = [
            (
                "access/2026-Q1/2026-02-10-review.csv",
                Some(("2026-02-10", DateSource::Name)),
            ),
            (
                "access/2026-Q1/review.csv",
                Some(("2026-03-31", DateSource::Folder)),
            ),
            (
                "2025/2026-Q1/2026-02/review.csv",
                Some(("2026-02-28", DateSource::Folder)),
            ),
            (
                "2026-Q1/notes/review.csv",
                Some(("2026-03-31", DateSource::Folder)),
            ),
            ("2026-03-14.pdf", Some(("2026-03-14", DateSource::Name))),
            ("a//2026-03/b/", Some(("2026-03-31", DateSource::Folder))),
            ("policies/security.md", None),
            ("2026/security.md", None),
            ("", None),
            ("/", None),
        ];
        for (path, expected) in cases {
            let expected = expected.map(|(date, source)| (d(date), source));
            assert_eq!(date_from_path(path), expected, "{path:?}");
        }
    }

    #[test]
    fn is_markdown_accepts_md_and_markdown_in_any_case() {
        let cases = [
            ("policy.md", true),
            ("POLICY.MD", true),
            ("notes.Markdown", true),
            ("a.b.md", true),
            ("policy.mdx", false),
            ("policy.md.pdf", false),
            ("md", false),
            (".md", false),
            ("policy.txt", false),
            ("policy.", false),
            ("", false),
        ];
        for (name, expected) in cases {
            assert_eq!(is_markdown(name), expected, "{name:?}");
        }
    }

    #[test]
    fn front_matter_date_is_read() {
        assert_eq!(
            fm("---\ndate: 2026-03-01\n---\n# Review\n"),
            dated("2026-03-01")
        );
        assert_eq!(
            fm("---\ntitle: x\ndate: 2026-03-01\nowner: y\n---"),
            dated("2026-03-01")
        );
    }

    #[test]
    fn front_matter_after_utf8_bom_is_read() {
        assert_eq!(
            fm("\u{FEFF}---\ndate: 2026-03-01\n---\n"),
            dated("2026-03-01")
        );
    }

    #[test]
    fn front_matter_must_open_on_first_line_with_three_dashes() {
        for text in [
            "\n---\ndate: 2026-03-01\n---\n",
            " ---\ndate: 2026-03-01\n---\n",
            "----\ndate: 2026-03-01\n---\n",
            "--- x\ndate: 2026-03-01\n---\n",
            "# Title\n---\ndate: 2026-03-01\n---\n",
            "...\ndate: 2026-03-01\n---\n",
            "",
            "---",
        ] {
            assert_eq!(fm(text), FrontMatter::default(), "{text:?}");
        }
    }

    #[test]
    fn fence_lines_may_carry_trailing_spaces_and_cr() {
        assert_eq!(fm("---  \ndate: 2026-03-01\n--- \t\n"), dated("2026-03-01"));
        assert_eq!(
            fm("--- \r\ndate: 2026-03-01\r\n---\r\n"),
            dated("2026-03-01")
        );
    }

    #[test]
    fn front_matter_may_close_with_three_dots() {
        assert_eq!(fm("---\ndate: 2026-03-01\n...\nbody"), dated("2026-03-01"));
    }

    #[test]
    fn front_matter_without_closing_line_in_prefix_is_ignored() {
        for text in [
            "---\ndate: 2026-03-01\n",
            "---\ndate: 2026-03-01\nstatus: draft\n# heading\n",
            "---\ndate: 2026-03-01\n ---\n",
            "---\ndate: 2026-03-01\n----\n",
        ] {
            assert_eq!(fm(text), FrontMatter::default(), "{text:?}");
        }
    }

    /// What the walk reads: `parse_front_matter_head` on the first `cut` bytes, and only when
    /// that cannot decide, the whole prefix.
    fn decided_at(bytes: &[u8], cut: usize) -> FrontMatter {
        let prefix = bytes.get(..FRONT_MATTER_LIMIT).unwrap_or(bytes);
        let head = prefix.get(..cut).unwrap_or(prefix);
        parse_front_matter_head(head).unwrap_or_else(|| parse_front_matter(prefix))
    }

    #[test]
    fn a_head_decides_only_when_the_rest_cannot_change_the_answer() {
        let long_title = format!("title: {}\n", "x".repeat(3000));
        let docs = [
            "---\ndate: 2026-03-01\n---\nbody".to_owned(),
            "---\ndate: 2026-03-01\nstatus: draft\n...\n".to_owned(),
            "---\ndate: 2026-03-01\n----\ndate: 2026-04-01\n---\n".to_owned(),
            "----\ndate: 2026-03-01\n---\n".to_owned(),
            format!("---{}\ndate: 2026-03-01\n---\n", " ".repeat(2000)),
            format!("---\n{long_title}date: 2026-03-01\n---\n"),
            format!("---\ndate: 2026-03-01\n{long_title}status: draft\n---\n"),
            format!("---\ndate: 2026-03-01\n{}", "a: b\n".repeat(300)),
            format!("---\ndate: 2026-03-01\n{}\n---\n", "x".repeat(9000)),
            "\u{feff}---\r\ndate: 2026-03-01\r\n---\r\n".to_owned(),
            "# no front matter\n---\ndate: 2026-03-01\n---\n".to_owned(),
        ];
        for doc in &docs {
            let bytes = doc.as_bytes();
            let whole = parse_front_matter(bytes.get(..FRONT_MATTER_LIMIT).unwrap_or(bytes));
            // Every cut near the start and on both sides of every line end: the places where
            // a head can end in the middle of a fence or of a line.
            let near_line_ends = bytes
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' && i <= FRONT_MATTER_LIMIT)
                .flat_map(|(i, _)| i.saturating_sub(2)..i + 3);
            for cut in (0..64)
                .chain(near_line_ends)
                .chain([FRONT_MATTER_LIMIT + 1])
            {
                assert_eq!(decided_at(bytes, cut), whole, "{doc:.40?} cut at {cut}");
            }
        }
    }

    #[test]
    fn a_short_block_is_decided_by_its_head_alone() {
        let doc = format!("---\ndate: 2026-03-01\n---\n{}", "body\n".repeat(2000));
        assert_eq!(
            parse_front_matter_head(doc.as_bytes().get(..1024).unwrap()),
            Some(dated("2026-03-01"))
        );
        assert_eq!(
            parse_front_matter_head(b"# title\n"),
            Some(FrontMatter::default())
        );
        assert_eq!(parse_front_matter_head(b"---\ndate: 2026-03-01\n"), None);
        assert_eq!(parse_front_matter_head(b"---   "), None);
    }

    proptest::proptest! {
        #[test]
        fn a_head_never_disagrees_with_the_whole_prefix(
            lines in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("---".to_owned()),
                    proptest::strategy::Just("...".to_owned()),
                    proptest::strategy::Just("date: 2026-03-01".to_owned()),
                    proptest::strategy::Just("status: draft".to_owned()),
                    "[a-z: -]{0,40}",
                    "x{0,2000}",
                ],
                0..12,
            ),
            cut in 0usize..9000,
        ) {
            let doc = lines.join("\n");
            let bytes = doc.as_bytes();
            let whole = parse_front_matter(bytes.get(..FRONT_MATTER_LIMIT).unwrap_or(bytes));
            proptest::prop_assert_eq!(decided_at(bytes, cut), whole);
        }
    }

    #[test]
    fn lines_after_the_closing_line_are_body_not_front_matter() {
        assert_eq!(
            fm("---\ntitle: x\n---\ndate: 2026-03-01\nstatus: draft\n"),
            FrontMatter::default()
        );
    }

    #[test]
    fn only_top_level_date_and_status_lines_count() {
        let cases = [
            ("---\n  date: 2026-03-01\n---\n", FrontMatter::default()),
            ("---\n\tdate: 2026-03-01\n---\n", FrontMatter::default()),
            ("---\n# date: 2026-03-01\n---\n", FrontMatter::default()),
            (
                "---\nreview:\n  date: 2026-03-01\n---\n",
                FrontMatter::default(),
            ),
            ("---\nDate: 2026-03-01\n---\n", FrontMatter::default()),
            ("---\nupdated: 2026-03-01\n---\n", FrontMatter::default()),
            ("---\ndate:2026-03-01\n---\n", FrontMatter::default()),
            ("---\n  status: draft\n---\n", FrontMatter::default()),
            ("---\ndate : 2026-03-01\n---\n", dated("2026-03-01")),
        ];
        for (text, expected) in cases {
            assert_eq!(fm(text), expected, "{text:?}");
        }
    }

    #[test]
    fn quoted_dates_and_time_parts_give_the_date() {
        for value in [
            "2026-03-01",
            "'2026-03-01'",
            "\"2026-03-01\"",
            "2026-03-01T10:00:00Z",
            "2026-03-01T10:00:00+02:00",
            "2026-03-01 10:00",
            "\"2026-03-01T10:00:00Z\"",
            "2026-03-01 # reviewed by CISO",
            "'2026-03-01' # quoted",
            "  2026-03-01  ",
        ] {
            let text = format!("---\ndate: {value}\n---\n");
            assert_eq!(fm(&text), dated("2026-03-01"), "{value:?}");
        }
    }

    #[test]
    fn unusable_date_sets_bad_date_and_leaves_date_empty() {
        for value in [
            "2026-02-30",
            "yesterday",
            "1989-12-31",
            "2101-01-01",
            "2026-3-1",
            "2026/03/01",
            "20260301",
            "2026-03",
            "2026-Q1",
            "2026-03-01x",
            "2026-03-01T",
            "2026-03-01 noon",
            "\"2026-03-01",
            "'2026-03-01\"",
            "[2026-03-01]",
        ] {
            let text = format!("---\ndate: {value}\n---\n");
            assert_eq!(fm(&text), bad(value), "{value:?}");
        }
    }

    #[test]
    fn bad_date_is_the_trimmed_raw_value_capped_at_64_chars() {
        assert_eq!(fm("---\ndate:   not a date   \n---\n"), bad("not a date"));
        let long = "é".repeat(100);
        let text = format!("---\ndate: {long}\n---\n");
        assert_eq!(fm(&text), bad(&"é".repeat(64)));
    }

    #[test]
    fn empty_or_null_date_is_absent_not_bad() {
        for value in ["", "~", "null", "NULL", "''", "\"\"", "# to fill in"] {
            let text = format!("---\ndate: {value}\n---\n");
            assert_eq!(fm(&text), FrontMatter::default(), "{value:?}");
        }
    }

    #[test]
    fn status_draft_marks_a_draft_in_any_case_and_quotes() {
        for value in [
            "draft",
            "Draft",
            "DRAFT",
            "'draft'",
            "\"Draft\"",
            "draft # template",
        ] {
            let text = format!("---\nstatus: {value}\n---\n");
            let expected = FrontMatter {
                draft: true,
                ..FrontMatter::default()
            };
            assert_eq!(fm(&text), expected, "{value:?}");
        }
    }

    #[test]
    fn other_status_is_not_a_draft() {
        for value in [
            "final",
            "drafted",
            "not draft",
            "draft-2",
            "",
            "approved # was draft",
        ] {
            let text = format!("---\nstatus: {value}\n---\n");
            assert_eq!(fm(&text), FrontMatter::default(), "{value:?}");
        }
    }

    #[test]
    fn last_repeated_key_wins() {
        assert_eq!(
            fm("---\ndate: 2026-01-01\ndate: 2026-02-01\n---\n"),
            dated("2026-02-01")
        );
        assert_eq!(
            fm("---\ndate: bad\ndate: 2026-02-01\n---\n"),
            dated("2026-02-01")
        );
        assert_eq!(fm("---\ndate: 2026-02-01\ndate: bad\n---\n"), bad("bad"));
        assert_eq!(
            fm("---\nstatus: draft\nstatus: final\n---\n"),
            FrontMatter::default()
        );
    }

    #[test]
    fn crlf_line_ends_work() {
        let text = "---\r\ndate: 2026-03-01\r\nstatus: draft\r\n---\r\nbody\r\n";
        let expected = FrontMatter {
            date: Some(d("2026-03-01")),
            draft: true,
            bad_date: None,
        };
        assert_eq!(fm(text), expected);
        assert_eq!(
            fm("---\r\ndate: '2026-03-01'\r\n...\r\n"),
            dated("2026-03-01")
        );
    }

    #[test]
    fn invalid_utf8_is_read_lossily() {
        let bytes = b"---\ntitle: \xFF\xFE caf\xC3\ndate: 2026-03-01\n---\n";
        assert_eq!(parse_front_matter(bytes), dated("2026-03-01"));
        let bad_value = b"---\ndate: 2026-03-01\xFF\n---\n";
        assert_eq!(parse_front_matter(bad_value), bad("2026-03-01\u{FFFD}"));
    }

    #[test]
    fn prefix_cut_mid_multibyte_char_does_not_panic() {
        let full = "---\ndate: 2026-03-01\ntitle: Zugangsprüfung 日本\n---\nbody é".as_bytes();
        for cut in 0..=full.len() {
            let matter = parse_front_matter(&full[..cut]);
            // A prefix shorter than the limit is the whole file: the closing `---` counts as
            // soon as all of it is there, even before its newline.
            let closed = cut >= full.len() - "\nbody é".len();
            assert_eq!(matter.date.is_some(), closed, "cut at {cut}");
        }
    }

    #[test]
    fn nothing_past_the_limit_is_read() {
        let padding = "note: padding line\n".repeat(FRONT_MATTER_LIMIT / 19 + 1);
        let late_close = format!("---\ndate: 2026-03-01\n{padding}---\n");
        assert_eq!(fm(&late_close), FrontMatter::default());

        let early_close = format!("---\ndate: 2026-03-01\n---\n{padding}");
        assert!(early_close.len() > FRONT_MATTER_LIMIT);
        assert_eq!(fm(&early_close), dated("2026-03-01"));

        // A prefix that fills the limit may end mid-line: its unterminated last line is not
        // trusted as a closing fence, since the file may go on (`----`).
        let head = "---\ndate: 2026-03-01\n";
        let filler = "x".repeat(FRONT_MATTER_LIMIT - head.len() - 4);
        let at_limit = format!("{head}{filler}\n---");
        assert_eq!(at_limit.len(), FRONT_MATTER_LIMIT);
        assert_eq!(fm(&at_limit), FrontMatter::default());
        // A shorter prefix is the whole file, so a final `---` without newline closes it.
        assert_eq!(parse_front_matter(&at_limit.as_bytes()[1..]).date, None);
        let whole_file = format!("{head}{}\n---", "x".repeat(filler.len() - 1));
        assert_eq!(fm(&whole_file), dated("2026-03-01"));
    }

    #[test]
    fn generated_names_and_prefixes_never_panic() {
        let pieces: [&[u8]; 24] = [
            b"---\n",
            b"...\n",
            b"date: ",
            b"status: draft\n",
            b"2026-01-01",
            b"20260115",
            b"2026-Q1",
            b"2026-h2",
            b"2026-02",
            b"\r\n",
            b"\n",
            b"\xEF\xBB\xBF",
            b"\xC3",
            b"\xE6\x97",
            b"\xFF",
            b"'",
            b"\"",
            b" ",
            b"#",
            b"-",
            b"_",
            b"T10:00",
            "é".as_bytes(),
            "\u{FFFD}".as_bytes(),
        ];
        let mut rng = Lcg(0xda7e);
        for _ in 0..50_000 {
            let bytes = rng.bytes(&pieces, 16);
            let name = String::from_utf8_lossy(&bytes);
            if let Some(date) = date_in_name(&name) {
                assert!(YEARS.contains(&chrono::Datelike::year(&date)), "{name:?}");
            }
            let _ = date_from_path(&name);
            let _ = is_markdown(&name);
            let matter = parse_front_matter(&bytes);
            assert!(matter.date.is_none() || matter.bad_date.is_none());
            if let Some(raw) = &matter.bad_date {
                assert!(raw.chars().count() <= BAD_DATE_MAX_CHARS);
            }
            let mut framed = b"---\n".to_vec();
            framed.extend_from_slice(&bytes);
            framed.extend_from_slice(b"\n---\n");
            let _ = parse_front_matter(&framed);
        }
    }
}
