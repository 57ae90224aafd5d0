//! Calendar arithmetic for soc2: the cadences of operating controls, the calendar-aligned windows
//! they cut an observation period into (SPEC §5), the report labels of those windows (SPEC §8), and
//! `max_age` ages.
//!
//! This file owns dates only. Which evidence falls into which window, and whether a window is
//! covered, upcoming or missing, is the assessment's business.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate};

/// How often an operating control must leave a record.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Cadence {
    /// Every calendar day.
    Day,
    /// Every ISO week, Monday to Sunday.
    Week,
    /// Every calendar month.
    Month,
    /// Every calendar quarter (Q1 is January to March).
    Quarter,
    /// Every half-year: January to June (H1), July to December (H2).
    HalfYear,
    /// Every calendar year.
    Year,
    /// Whenever the triggering event happens: no calendar windows.
    Event,
}

impl Cadence {
    /// Every cadence, shortest first, `Event` last.
    pub const ALL: [Cadence; 7] = [
        Cadence::Day,
        Cadence::Week,
        Cadence::Month,
        Cadence::Quarter,
        Cadence::HalfYear,
        Cadence::Year,
        Cadence::Event,
    ];

    /// Reads the word used in control YAML (`day`, `week`, `month`, `quarter`, `half-year`,
    /// `year`, `event`). Exact and lowercase only, matching the serde names, so the YAML and this
    /// parser can never disagree.
    pub fn parse(s: &str) -> Option<Cadence> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The word used in control YAML and JSON; the inverse of [`Cadence::parse`].
    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Day => "day",
            Cadence::Week => "week",
            Cadence::Month => "month",
            Cadence::Quarter => "quarter",
            Cadence::HalfYear => "half-year",
            Cadence::Year => "year",
            Cadence::Event => "event",
        }
    }

    /// The noun for messages ("no record in this quarter").
    pub fn noun(self) -> &'static str {
        self.as_str()
    }

    /// The cadence's length, used for the look-back window of a period shorter than one window.
    fn length(self) -> Option<Span> {
        match self {
            Cadence::Day => Some(Span::Days(1)),
            Cadence::Week => Some(Span::Days(7)),
            Cadence::Month => Some(Span::Months(1)),
            Cadence::Quarter => Some(Span::Months(3)),
            Cadence::HalfYear => Some(Span::Months(6)),
            Cadence::Year => Some(Span::Months(12)),
            Cadence::Event => None,
        }
    }
}

/// A length of time in the two units chrono can subtract exactly.
#[derive(Clone, Copy)]
enum Span {
    Days(u64),
    Months(u32),
}

impl Span {
    /// `date` minus this span; month arithmetic clamps to the month's last day, as chrono does.
    fn before(self, date: NaiveDate) -> Option<NaiveDate> {
        match self {
            Span::Days(n) => date.checked_sub_days(Days::new(n)),
            Span::Months(n) => date.checked_sub_months(Months::new(n)),
        }
    }
}

/// One calendar window (both ends inclusive) and its report label.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Window {
    /// First day of the window.
    pub start: NaiveDate,
    /// Last day of the window; a window is due on this day.
    pub end: NaiveDate,
    /// The label of SPEC §8: `2026-03-14`, `2026-W02`, `2026-03`, `2026-Q1`, `2026-H1`, `2026`
    /// or `2025-07-01..2026-06-30`.
    pub label: String,
}

impl Window {
    /// Whether `d` lies in the window, both ends included.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
}

/// The calendar window of `cadence` that contains `date` (None for Event).
///
/// Also None for the few ISO weeks that straddle `NaiveDate::MIN` or `NaiveDate::MAX`, whose other
/// end chrono cannot represent.
pub fn window_containing(cadence: Cadence, date: NaiveDate) -> Option<Window> {
    let year = date.year();
    let month = date.month();
    match cadence {
        Cadence::Day => Some(Window {
            start: date,
            end: date,
            label: day_label(date),
        }),
        Cadence::Week => week_window(date),
        Cadence::Month => month_span(year, month, month, format!("{year:04}-{month:02}")),
        Cadence::Quarter => {
            let q = (month - 1) / 3 + 1;
            month_span(year, 3 * q - 2, 3 * q, format!("{year:04}-Q{q}"))
        }
        Cadence::HalfYear => {
            let h = if month <= 6 { 1 } else { 2 };
            month_span(year, 6 * h - 5, 6 * h, format!("{year:04}-H{h}"))
        }
        Cadence::Year => month_span(year, 1, 12, format!("{year:04}")),
        Cadence::Event => None,
    }
}

/// The ISO week (Monday to Sunday) holding `date`, labelled with the ISO week-numbering year,
/// which differs from the calendar year around New Year (2027-01-03 is in `2026-W53`).
fn week_window(date: NaiveDate) -> Option<Window> {
    let back = u64::from(date.weekday().num_days_from_monday());
    let start = date.checked_sub_days(Days::new(back))?;
    let end = start.checked_add_days(Days::new(6))?;
    let iso = date.iso_week();
    Some(Window {
        start,
        end,
        label: format!("{:04}-W{:02}", iso.year(), iso.week()),
    })
}

/// The window from the first day of month `first` to the last day of month `last` of `year`.
fn month_span(year: i32, first: u32, last: u32, label: String) -> Option<Window> {
    Some(Window {
        start: NaiveDate::from_ymd_opt(year, first, 1)?,
        end: last_day_of_month(year, last)?,
        label,
    })
}

/// The last day of a month. Probing 31, 30, 29, 28 rather than adding a month keeps December of
/// the last representable year computable.
fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    (28..=31)
        .rev()
        .find_map(|day| NaiveDate::from_ymd_opt(year, month, day))
}

/// `2026-03-14`; formatted by hand so every label uses the same year padding.
fn day_label(d: NaiveDate) -> String {
    match iso_date(d) {
        Some(digits) => std::str::from_utf8(&digits).unwrap_or_default().to_string(),
        // Years past four digits: plain signed digits.
        None => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
    }
}

/// `YYYY-MM-DD` as ASCII bytes, for a date whose year has four digits (all the tool's dates):
/// a label is made for every window of every requirement, 365 a year for daily ones, and the
/// report writes a date for every evidence file; plain digits cost a fraction of the formatting
/// machinery. `None` for other years.
pub fn iso_date(d: NaiveDate) -> Option<[u8; 10]> {
    let year = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
    let mut out = *b"0000-00-00";
    let mut put = |at: usize, n: u32, width: u32| {
        for place in 0..width {
            let digit = n / 10u32.pow(width - 1 - place) % 10;
            if let Some(b) = out.get_mut(at + place as usize) {
                *b = b'0' + digit as u8;
            }
        }
    };
    put(0, year, 4);
    put(5, d.month(), 2);
    put(8, d.day(), 2);
    Some(out)
}

/// Windows of the observation period start..=end for a cadence (empty for Event).
///
/// The windows are those whose last day falls within the period, in order. When none does (the
/// period is shorter than the cadence), the result is the one look-back window: the cadence-length
/// span ending at `end`, labelled `START..END`. Empty when `start > end`, and when the look-back
/// window would begin before `NaiveDate::MIN`.
pub fn period_windows(cadence: Cadence, start: NaiveDate, end: NaiveDate) -> Vec<Window> {
    if start > end {
        return Vec::new();
    }
    let mut windows = Vec::new();
    // The window holding `start` is the first whose last day can be inside the period; each next
    // window starts the day after the previous one ends, so windows are visited, not days.
    let mut next = window_containing(cadence, start);
    while let Some(window) = next {
        if window.end > end {
            break;
        }
        next = window
            .end
            .succ_opt()
            .and_then(|d| window_containing(cadence, d));
        windows.push(window);
    }
    if windows.is_empty() {
        windows.extend(look_back(cadence, end));
    }
    windows
}

/// The cadence-length span ending at `end`: (end + 1 day) minus one cadence, up to `end`.
fn look_back(cadence: Cadence, end: NaiveDate) -> Option<Window> {
    let start = cadence.length()?.before(end.succ_opt()?)?;
    Some(Window {
        start,
        end,
        label: format!("{}..{}", day_label(start), day_label(end)),
    })
}

/// Parses a label back into its window (for round-trip tests and baselines): "2026-03-14",
/// "2026-W02", "2026-03", "2026-Q1", "2026-H1", "2026", "2025-07-01..2026-06-30".
///
/// Only the exact labels this module writes are accepted (four-digit years, uppercase `W`, `Q`,
/// `H`, zero-padded numbers); a look-back span must not end before it starts.
pub fn parse_window_label(label: &str) -> Option<Window> {
    if let Some((first, last)) = label.split_once("..") {
        let start = parse_day(first)?;
        let end = parse_day(last)?;
        return (start <= end).then(|| Window {
            start,
            end,
            label: label.to_owned(),
        });
    }
    let (cadence, anchor) = label_anchor(label)?;
    // Rebuilding the window and comparing labels rejects every non-canonical spelling at once
    // ("2026-Q5", "2025-W53", "2026-00").
    window_containing(cadence, anchor).filter(|w| w.label == label)
}

/// The cadence a label names and one date inside the window it names.
fn label_anchor(label: &str) -> Option<(Cadence, NaiveDate)> {
    let bytes = label.as_bytes();
    let year = i32::try_from(number(bytes.get(..4)?)?).ok()?;
    let ymd = |month: u32| NaiveDate::from_ymd_opt(year, month, 1);
    match bytes.get(4..)? {
        [] => Some((Cadence::Year, ymd(1)?)),
        [b'-', b'W', week @ ..] if week.len() == 2 => {
            let monday = NaiveDate::from_isoywd_opt(year, number(week)?, chrono::Weekday::Mon)?;
            Some((Cadence::Week, monday))
        }
        [b'-', b'Q', q] => Some((Cadence::Quarter, ymd(3 * number(&[*q])?)?)),
        [b'-', b'H', h] => Some((Cadence::HalfYear, ymd(6 * number(&[*h])?)?)),
        [b'-', _, _] => Some((Cadence::Month, ymd(number(bytes.get(5..)?)?)?)),
        [b'-', _, _, b'-', _, _] => Some((Cadence::Day, parse_day(label)?)),
        _ => None,
    }
}

/// A strict `YYYY-MM-DD`.
fn parse_day(s: &str) -> Option<NaiveDate> {
    match s.as_bytes() {
        [y @ .., b'-', m1, m2, b'-', d1, d2] if y.len() == 4 => NaiveDate::from_ymd_opt(
            i32::try_from(number(y)?).ok()?,
            number(&[*m1, *m2])?,
            number(&[*d1, *d2])?,
        ),
        _ => None,
    }
}

/// The value of one to four ASCII digits.
fn number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 4 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

/// A `max_age` such as `90d`, `2w`, `6m`, `1y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Age {
    /// How many units; 1..=9999 when parsed.
    pub count: u32,
    /// The unit counted.
    pub unit: AgeUnit,
}

/// The unit of an [`Age`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgeUnit {
    /// Days (`d`).
    Day,
    /// Weeks of seven days (`w`).
    Week,
    /// Calendar months (`m`).
    Month,
    /// Calendar years (`y`).
    Year,
}

impl AgeUnit {
    /// The one-letter suffix of the unit.
    fn suffix(self) -> char {
        match self {
            AgeUnit::Day => 'd',
            AgeUnit::Week => 'w',
            AgeUnit::Month => 'm',
            AgeUnit::Year => 'y',
        }
    }
}

impl Age {
    /// Reads `90d`, `2w`, `6m`, `1y`: a count of 1..=9999 without sign, spaces or leading zeros,
    /// then one lowercase unit letter. Uppercase units are refused because `1M` reads as a minute
    /// or a million as easily as a month; leading zeros are refused so the value prints back as
    /// written.
    pub fn parse(s: &str) -> Option<Age> {
        let (digits, unit) = s.split_at_checked(s.len().checked_sub(1)?)?;
        let unit = match unit {
            "d" => AgeUnit::Day,
            "w" => AgeUnit::Week,
            "m" => AgeUnit::Month,
            "y" => AgeUnit::Year,
            _ => return None,
        };
        if digits.starts_with('0') {
            return None;
        }
        let count = number(digits.as_bytes())?;
        Some(Age { count, unit })
    }

    /// The earliest date still young enough as of `as_of` (as_of minus the age; month/year
    /// arithmetic clamps to month end like chrono's checked_sub_months). None if it underflows.
    pub fn earliest(self, as_of: NaiveDate) -> Option<NaiveDate> {
        let count = self.count;
        let span = match self.unit {
            AgeUnit::Day => Span::Days(u64::from(count)),
            AgeUnit::Week => Span::Days(u64::from(count) * 7),
            AgeUnit::Month => Span::Months(count),
            AgeUnit::Year => Span::Months(count.checked_mul(12)?),
        };
        span.before(as_of)
    }
}

impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.count, self.unit.suffix())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn labels(windows: &[Window]) -> Vec<&str> {
        windows.iter().map(|w| w.label.as_str()).collect()
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

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[(self.next() % items.len() as u64) as usize]
        }
    }

    #[test]
    fn cadence_words_round_trip_through_parse() {
        for c in Cadence::ALL {
            assert_eq!(Cadence::parse(c.as_str()), Some(c), "{c:?}");
            assert_eq!(c.noun(), c.as_str());
        }
        let words: Vec<_> = Cadence::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            words,
            [
                "day",
                "week",
                "month",
                "quarter",
                "half-year",
                "year",
                "event"
            ]
        );
    }

    #[test]
    fn cadence_parse_is_exact_and_lowercase() {
        for s in [
            "",
            "Day",
            "DAY",
            " day",
            "day ",
            "halfyear",
            "half_year",
            "Half-Year",
            "weekly",
            "monthly",
            "annual",
            "events",
        ] {
            assert_eq!(Cadence::parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn each_cadence_has_one_calendar_window_around_a_mid_period_date() {
        let cases = [
            (Cadence::Day, "2026-05-14", "2026-05-14", "2026-05-14"),
            (Cadence::Week, "2026-05-11", "2026-05-17", "2026-W20"),
            (Cadence::Month, "2026-05-01", "2026-05-31", "2026-05"),
            (Cadence::Quarter, "2026-04-01", "2026-06-30", "2026-Q2"),
            (Cadence::HalfYear, "2026-01-01", "2026-06-30", "2026-H1"),
            (Cadence::Year, "2026-01-01", "2026-12-31", "2026"),
        ];
        for (cadence, start, end, label) in cases {
            let w = window_containing(cadence, d("2026-05-14")).unwrap();
            assert_eq!((w.start, w.end), (d(start), d(end)), "{cadence:?}");
            assert_eq!(w.label, label, "{cadence:?}");
        }
    }

    #[test]
    fn event_cadence_has_no_windows() {
        assert_eq!(window_containing(Cadence::Event, d("2026-05-14")), None);
        assert!(period_windows(Cadence::Event, d("2026-01-01"), d("2026-12-31")).is_empty());
    }

    #[test]
    fn iso_weeks_run_monday_to_sunday_and_use_the_iso_week_year() {
        let cases = [
            ("2026-12-28", "2026-12-28", "2027-01-03", "2026-W53"),
            ("2026-12-31", "2026-12-28", "2027-01-03", "2026-W53"),
            ("2027-01-03", "2026-12-28", "2027-01-03", "2026-W53"),
            ("2027-01-04", "2027-01-04", "2027-01-10", "2027-W01"),
            ("2021-01-03", "2020-12-28", "2021-01-03", "2020-W53"),
            ("2024-12-30", "2024-12-30", "2025-01-05", "2025-W01"),
            ("2025-12-28", "2025-12-22", "2025-12-28", "2025-W52"),
            ("2026-01-01", "2025-12-29", "2026-01-04", "2026-W01"),
            ("2026-01-05", "2026-01-05", "2026-01-11", "2026-W02"),
        ];
        for (date, start, end, label) in cases {
            let w = window_containing(Cadence::Week, d(date)).unwrap();
            assert_eq!(
                (w.start, w.end, w.label.as_str()),
                (d(start), d(end), label),
                "{date}"
            );
        }
    }

    #[test]
    fn half_years_are_jan_jun_and_jul_dec() {
        let cases = [
            ("2026-01-01", "2026-H1", "2026-01-01", "2026-06-30"),
            ("2026-06-30", "2026-H1", "2026-01-01", "2026-06-30"),
            ("2026-07-01", "2026-H2", "2026-07-01", "2026-12-31"),
            ("2026-12-31", "2026-H2", "2026-07-01", "2026-12-31"),
        ];
        for (date, label, start, end) in cases {
            let w = window_containing(Cadence::HalfYear, d(date)).unwrap();
            assert_eq!(
                (w.label.as_str(), w.start, w.end),
                (label, d(start), d(end)),
                "{date}"
            );
        }
    }

    #[test]
    fn quarters_are_calendar_quarters() {
        let cases = [
            ("2026-01-01", "2026-Q1", "2026-01-01", "2026-03-31"),
            ("2026-03-31", "2026-Q1", "2026-01-01", "2026-03-31"),
            ("2026-04-01", "2026-Q2", "2026-04-01", "2026-06-30"),
            ("2026-09-30", "2026-Q3", "2026-07-01", "2026-09-30"),
            ("2026-10-01", "2026-Q4", "2026-10-01", "2026-12-31"),
        ];
        for (date, label, start, end) in cases {
            let w = window_containing(Cadence::Quarter, d(date)).unwrap();
            assert_eq!(
                (w.label.as_str(), w.start, w.end),
                (label, d(start), d(end)),
                "{date}"
            );
        }
    }

    #[test]
    fn leap_day_is_a_day_window_and_february_ends_on_its_real_last_day() {
        let leap = window_containing(Cadence::Day, d("2028-02-29")).unwrap();
        assert_eq!((leap.start, leap.end), (d("2028-02-29"), d("2028-02-29")));
        assert_eq!(leap.label, "2028-02-29");
        let cases = [
            ("2028-02-29", "2028-02"),
            ("2026-02-10", "2026-02"),
            ("2000-02-01", "2000-02"),
            ("2100-02-01", "2100-02"),
        ];
        let ends = ["2028-02-29", "2026-02-28", "2000-02-29", "2100-02-28"];
        for ((date, label), end) in cases.into_iter().zip(ends) {
            let w = window_containing(Cadence::Month, d(date)).unwrap();
            assert_eq!((w.label.as_str(), w.end), (label, d(end)), "{date}");
        }
    }

    #[test]
    fn period_windows_are_those_whose_last_day_is_in_the_period() {
        let cases: [(Cadence, &str, &str, &[&str]); 12] = [
            (
                Cadence::Day,
                "2026-01-01",
                "2026-01-03",
                &["2026-01-01", "2026-01-02", "2026-01-03"],
            ),
            (Cadence::Day, "2026-03-14", "2026-03-14", &["2026-03-14"]),
            (
                Cadence::Week,
                "2026-01-01",
                "2026-01-31",
                &["2026-W01", "2026-W02", "2026-W03", "2026-W04"],
            ),
            (
                Cadence::Week,
                "2026-12-21",
                "2027-01-03",
                &["2026-W52", "2026-W53"],
            ),
            (
                Cadence::Month,
                "2026-01-15",
                "2026-04-10",
                &["2026-01", "2026-02", "2026-03"],
            ),
            (Cadence::Month, "2026-03-31", "2026-03-31", &["2026-03"]),
            (
                Cadence::Quarter,
                "2026-01-01",
                "2026-06-30",
                &["2026-Q1", "2026-Q2"],
            ),
            (
                Cadence::Quarter,
                "2026-02-15",
                "2026-08-10",
                &["2026-Q1", "2026-Q2"],
            ),
            (
                Cadence::HalfYear,
                "2025-07-01",
                "2026-06-30",
                &["2025-H2", "2026-H1"],
            ),
            (
                Cadence::HalfYear,
                "2026-01-01",
                "2026-12-31",
                &["2026-H1", "2026-H2"],
            ),
            (Cadence::Year, "2025-01-01", "2026-12-31", &["2025", "2026"]),
            (Cadence::Year, "2025-12-31", "2026-01-01", &["2025"]),
        ];
        for (cadence, start, end, expected) in cases {
            let windows = period_windows(cadence, d(start), d(end));
            assert_eq!(labels(&windows), expected, "{cadence:?} {start}..{end}");
        }
    }

    #[test]
    fn period_shorter_than_cadence_gives_one_look_back_window_ending_at_period_end() {
        let cases = [
            (
                Cadence::Year,
                "2026-01-01",
                "2026-06-30",
                "2025-07-01..2026-06-30",
            ),
            (
                Cadence::HalfYear,
                "2026-01-01",
                "2026-03-31",
                "2025-10-01..2026-03-31",
            ),
            (
                Cadence::Quarter,
                "2026-01-01",
                "2026-02-15",
                "2025-11-16..2026-02-15",
            ),
            (
                Cadence::Month,
                "2026-03-02",
                "2026-03-30",
                "2026-02-28..2026-03-30",
            ),
            (
                Cadence::Week,
                "2026-01-05",
                "2026-01-10",
                "2026-01-04..2026-01-10",
            ),
            (
                Cadence::Year,
                "2028-02-29",
                "2028-02-29",
                "2027-03-01..2028-02-29",
            ),
        ];
        for (cadence, start, end, label) in cases {
            let windows = period_windows(cadence, d(start), d(end));
            assert_eq!(labels(&windows), [label], "{cadence:?}");
            let (first, last) = label.split_once("..").unwrap();
            assert_eq!((windows[0].start, windows[0].end), (d(first), d(last)));
        }
    }

    #[test]
    fn period_starting_after_its_end_has_no_windows() {
        for c in Cadence::ALL {
            assert!(
                period_windows(c, d("2026-02-01"), d("2026-01-31")).is_empty(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn day_cadence_has_one_window_per_day_of_a_twelve_month_period() {
        assert_eq!(
            period_windows(Cadence::Day, d("2026-01-01"), d("2026-12-31")).len(),
            365
        );
        assert_eq!(
            period_windows(Cadence::Day, d("2028-01-01"), d("2028-12-31")).len(),
            366
        );
        assert_eq!(
            period_windows(Cadence::Week, d("2026-01-01"), d("2026-12-31")).len(),
            52
        );
        assert_eq!(
            period_windows(Cadence::Month, d("2026-01-01"), d("2026-12-31")).len(),
            12
        );
    }

    #[test]
    fn period_windows_are_ordered_contiguous_and_inside_the_period() {
        let (start, end) = (d("2024-02-17"), d("2028-11-03"));
        for c in Cadence::ALL.into_iter().filter(|c| *c != Cadence::Event) {
            let windows = period_windows(c, start, end);
            assert!(!windows.is_empty(), "{c:?}");
            for pair in windows.windows(2) {
                assert_eq!(pair[0].end.succ_opt(), Some(pair[1].start), "{c:?}");
            }
            assert!(
                windows.iter().all(|w| w.end >= start && w.end <= end),
                "{c:?}"
            );
            let after = windows.last().unwrap().end.succ_opt().unwrap();
            assert!(window_containing(c, after).unwrap().end > end, "{c:?}");
        }
    }

    #[test]
    fn window_contains_both_ends_and_nothing_outside() {
        let w = window_containing(Cadence::Quarter, d("2026-02-01")).unwrap();
        for (date, inside) in [
            ("2025-12-31", false),
            ("2026-01-01", true),
            ("2026-02-14", true),
            ("2026-03-31", true),
            ("2026-04-01", false),
        ] {
            assert_eq!(w.contains(d(date)), inside, "{date}");
        }
    }

    #[test]
    fn every_label_of_2024_to_2028_parses_back_to_its_window() {
        let mut day = d("2024-01-01");
        while day <= d("2028-12-31") {
            for c in Cadence::ALL.into_iter().filter(|c| *c != Cadence::Event) {
                let w = window_containing(c, day).unwrap();
                assert!(w.contains(day), "{c:?} {day}");
                assert_eq!(
                    parse_window_label(&w.label).as_ref(),
                    Some(&w),
                    "{c:?} {day}"
                );
            }
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn look_back_labels_parse_back_to_their_span() {
        let w = parse_window_label("2025-07-01..2026-06-30").unwrap();
        assert_eq!((w.start, w.end), (d("2025-07-01"), d("2026-06-30")));
        assert_eq!(w.label, "2025-07-01..2026-06-30");
        let built = period_windows(Cadence::Year, d("2026-01-01"), d("2026-06-30"));
        assert_eq!(
            parse_window_label(&built[0].label).as_ref(),
            Some(&built[0])
        );
    }

    #[test]
    fn non_canonical_or_impossible_labels_do_not_parse() {
        for s in [
            "",
            "2026-",
            "26",
            "202",
            "20260",
            "+2026",
            "-2026",
            "2026-1",
            "2026-00",
            "2026-13",
            "2026-1-01",
            "2026-02-30",
            "2026-02-1",
            "20260214",
            "2026-W00",
            "2026-W54",
            "2025-W53",
            "2026-W1",
            "2026-W053",
            "2026-w02",
            "2026-Q0",
            "2026-Q5",
            "2026-q1",
            "2026-Q10",
            "2026-H0",
            "2026-H3",
            "2026-h1",
            "2026-06-30..2025-07-01",
            "2026-01-01..",
            "..2026-01-01",
            "2026-01-01...2026-02-01",
            "2026-01-01..2026-Q1",
            "2026-01-01 ",
            " 2026",
            "２０２６",
            "2026-Ｑ1",
        ] {
            assert_eq!(parse_window_label(s), None, "{s:?}");
        }
    }

    #[test]
    fn dates_at_the_ends_of_chrono_range_never_panic() {
        let mut edges = Vec::new();
        for i in 0..40 {
            edges.push(NaiveDate::MIN.checked_add_days(Days::new(i)).unwrap());
            edges.push(NaiveDate::MAX.checked_sub_days(Days::new(i)).unwrap());
        }
        for c in Cadence::ALL {
            for &day in &edges {
                if let Some(w) = window_containing(c, day) {
                    assert!(w.contains(day), "{c:?} {day}");
                }
            }
            let near_max = NaiveDate::MAX.checked_sub_days(Days::new(400)).unwrap();
            let near_min = NaiveDate::MIN.checked_add_days(Days::new(400)).unwrap();
            let _ = period_windows(c, near_max, NaiveDate::MAX);
            let _ = period_windows(c, NaiveDate::MIN, near_min);
            let _ = period_windows(c, NaiveDate::MIN, NaiveDate::MIN);
            let _ = period_windows(c, NaiveDate::MAX, NaiveDate::MAX);
        }
    }

    #[test]
    fn age_parses_a_positive_count_and_one_lowercase_unit() {
        let cases = [
            ("1y", 1, AgeUnit::Year),
            ("90d", 90, AgeUnit::Day),
            ("6m", 6, AgeUnit::Month),
            ("2w", 2, AgeUnit::Week),
            ("9999d", 9999, AgeUnit::Day),
            ("10y", 10, AgeUnit::Year),
        ];
        for (s, count, unit) in cases {
            assert_eq!(Age::parse(s), Some(Age { count, unit }), "{s:?}");
            assert_eq!(Age::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn age_refuses_zero_signs_spaces_fractions_uppercase_and_leading_zeros() {
        for s in [
            "",
            "y",
            "d",
            "0d",
            "00d",
            "090d",
            "-1d",
            "+1d",
            "1.5y",
            "1,5y",
            "1 y",
            " 1y",
            "1y ",
            "1Y",
            "1D",
            "1M",
            "10000d",
            "1",
            "1yy",
            "1x",
            "1s",
            "y1",
            "１y",
            "1ｙ",
            "1é",
            "99999999999999999999d",
        ] {
            assert_eq!(Age::parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn age_earliest_subtracts_and_clamps_to_month_end() {
        let cases = [
            ("1m", "2026-03-31", "2026-02-28"),
            ("1m", "2024-03-31", "2024-02-29"),
            ("3m", "2026-05-31", "2026-02-28"),
            ("1y", "2028-02-29", "2027-02-28"),
            ("1y", "2026-06-30", "2025-06-30"),
            ("90d", "2026-06-30", "2026-04-01"),
            ("2w", "2026-01-10", "2025-12-27"),
            ("1d", "2026-01-01", "2025-12-31"),
        ];
        for (age, as_of, earliest) in cases {
            let age = Age::parse(age).unwrap();
            assert_eq!(age.earliest(d(as_of)), Some(d(earliest)), "{age} {as_of}");
        }
    }

    #[test]
    fn age_earliest_is_none_when_it_would_underflow() {
        let one_day = Age::parse("1d").unwrap();
        assert_eq!(one_day.earliest(NaiveDate::MIN), None);
        let huge = Age {
            count: u32::MAX,
            unit: AgeUnit::Year,
        };
        assert_eq!(huge.earliest(d("2026-01-01")), None);
        let many_weeks = Age {
            count: u32::MAX,
            unit: AgeUnit::Week,
        };
        assert_eq!(many_weeks.earliest(d("2026-01-01")), None);
        assert!(
            Age::parse("9999y")
                .unwrap()
                .earliest(d("2026-01-01"))
                .is_some()
        );
    }

    #[test]
    fn generated_labels_and_ages_never_panic() {
        let pieces = [
            "2026", "-", "W", "Q", "H", "q", "0", "1", "5", "9", "53", "..", ".", "d", "m", "y",
            "é", "\u{FFFD}", "日", " ", "02", "12", "31",
        ];
        let mut rng = Lcg(0x5eed);
        for _ in 0..50_000 {
            let len = rng.next() % 8;
            let s: String = (0..len).map(|_| rng.pick(&pieces)).collect();
            if let Some(w) = parse_window_label(&s) {
                assert_eq!(w.label, s);
                assert!(w.start <= w.end);
            }
            if let Some(age) = Age::parse(&s) {
                assert_eq!(age.to_string(), s);
                let _ = age.earliest(NaiveDate::MIN);
            }
            let bytes: Vec<u8> = (0..rng.next() % 12).map(|_| rng.next() as u8).collect();
            let lossy = String::from_utf8_lossy(&bytes);
            let _ = parse_window_label(&lossy);
            let _ = Age::parse(&lossy);
        }
    }

    #[test]
    fn day_labels_are_iso_dates_with_four_digit_years() {
        for date in [
            "2026-03-14",
            "1990-01-01",
            "2100-12-31",
            "0001-02-03",
            "9999-12-31",
        ] {
            assert_eq!(day_label(d(date)), date);
        }
        let far = NaiveDate::from_ymd_opt(12345, 6, 7).unwrap();
        assert_eq!(day_label(far), "12345-06-07");
        let before = NaiveDate::from_ymd_opt(-5, 6, 7).unwrap();
        assert_eq!(day_label(before), format!("{:04}-06-07", -5));
    }

    #[test]
    fn iso_dates_are_chronos_form_for_four_digit_years_and_none_past_them() {
        let mut day = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        while day.year() < 10_000 {
            let digits = iso_date(day).unwrap();
            assert_eq!(std::str::from_utf8(&digits).unwrap(), day.to_string());
            // Every day of a few years, then a day a year.
            let step = if day.year() < 4 || (2024..2030).contains(&day.year()) {
                1
            } else {
                365
            };
            day = day + chrono::Days::new(step);
        }
        assert_eq!(
            iso_date(NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap()),
            None
        );
        assert_eq!(iso_date(NaiveDate::from_ymd_opt(-1, 12, 31).unwrap()), None);
    }
}
