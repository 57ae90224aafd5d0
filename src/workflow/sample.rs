//! The pre-audit dry run of an auditor's sample pull (`soc2 sample`): for each operating
//! requirement of a Type II, the population of its dated records inside the period, a sample size
//! by cadence, and a reproducible draw spread across the period's windows.
//!
//! The population is what the assessment counted for the requirement (copies left out, nothing
//! dated after the assessment date), kept to records dated inside the period's windows (SPEC §5:
//! a window counts a record dated anywhere in the calendar window) or, for `event`, inside the
//! period. The draw uses a small SplitMix64 generator so the same seed gives the same picks on
//! every platform and version. Hashing the picked files is the binary's job.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::assess::{Assessment, ControlResult, RequirementResult};
use crate::calendar::{Cadence, Window, period_windows, window_containing};
use crate::config::SampleSizes;
use crate::library::Kind;
use crate::scope::Period;

/// The built-in sample size per cadence (before capping at the population).
pub fn default_size(cadence: Cadence) -> u32 {
    match cadence {
        Cadence::Year | Cadence::HalfYear => 1,
        Cadence::Quarter | Cadence::Month => 2,
        Cadence::Week => 5,
        Cadence::Day | Cadence::Event => 25,
    }
}

/// The sample size for a cadence and a population: the `[sample]` override or the built-in
/// size, never more than the population.
pub fn sample_size(cadence: Cadence, population: usize, sizes: &SampleSizes) -> usize {
    let chosen = match cadence {
        Cadence::Year => sizes.year,
        Cadence::HalfYear => sizes.half_year,
        Cadence::Quarter => sizes.quarter,
        Cadence::Month => sizes.month,
        Cadence::Week => sizes.week,
        Cadence::Day => sizes.day,
        Cadence::Event => sizes.event,
    }
    .unwrap_or_else(|| default_size(cadence));
    usize::try_from(chosen)
        .unwrap_or(usize::MAX)
        .min(population)
}

/// SplitMix64: a tiny, well-studied generator whose output depends only on its seed. Not for
/// secrets; for reproducible picks.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in `0..n` (0 when `n` is 0). Draws that fall in the uneven tail are
    /// redrawn, so small ranges are not biased.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let x = self.next_u64();
            if x < zone {
                return x % n;
            }
        }
    }

    /// Shuffles a slice in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = usize::try_from(self.below(i as u64 + 1)).unwrap_or(0);
            items.swap(i, j);
        }
    }
}

/// FNV-1a, 64 bits: a stable hash for deriving seeds from text.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// The seed used when none is given: derived from the period, so a rerun over the same period
/// draws the same picks. Folded to 32 bits so it is short to retype as `--seed` and survives
/// JSON readers that hold numbers as doubles.
pub fn default_seed(period: Period) -> u64 {
    let h = fnv1a(&format!("{}..{}", period.start, period.end));
    (h ^ (h >> 32)) & 0xFFFF_FFFF
}

/// The generator seed of one requirement: the run's seed mixed with the requirement's key, so
/// adding a control to the library does not change the picks of the others.
fn requirement_seed(seed: u64, control: &str, requirement: &str) -> u64 {
    seed ^ fnv1a(&format!("{control}/{requirement}"))
}

/// Draws `size` items from groups: the groups (windows) are visited in a random order, round
/// after round, each visit taking the next item of the group's own random order, so the picks
/// spread over as many windows as the size allows.
pub fn spread<T: Clone>(groups: &[Vec<T>], size: usize, rng: &mut SplitMix64) -> Vec<T> {
    let mut queues: Vec<Vec<T>> = groups
        .iter()
        .filter(|g| !g.is_empty())
        .map(|g| {
            let mut g = g.clone();
            rng.shuffle(&mut g);
            g.reverse();
            g
        })
        .collect();
    rng.shuffle(&mut queues);
    let mut picks = Vec::with_capacity(size);
    while picks.len() < size && queues.iter().any(|q| !q.is_empty()) {
        for queue in &mut queues {
            if picks.len() == size {
                break;
            }
            if let Some(item) = queue.pop() {
                picks.push(item);
            }
        }
    }
    picks
}

/// One picked record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pick {
    /// Path relative to the evidence root.
    pub path: String,
    /// Its date.
    pub date: NaiveDate,
    /// The window it was drawn from (the month, for `event` records).
    pub window: String,
    /// SHA-256 of the file, hex; filled in by whoever can read the file.
    pub sha256: Option<String>,
}

/// The sample of one operating requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SampleRow {
    /// Control id.
    pub control: String,
    /// Control title.
    pub control_title: String,
    /// Requirement id.
    pub requirement: String,
    /// Requirement title.
    pub title: String,
    /// Cadence.
    pub every: Cadence,
    /// Windows of the period holding at least one record of the population.
    pub windows_with_records: usize,
    /// Dated records inside the period.
    pub population: usize,
    /// How many are drawn.
    pub size: usize,
    /// The picks, by date then path.
    pub picks: Vec<Pick>,
}

/// The whole dry run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SamplePlan {
    /// The seed the picks were drawn with.
    pub seed: u64,
    /// The observation period.
    pub period: Period,
    /// The as-of date of the assessment.
    pub as_of: NaiveDate,
    /// One row per operating requirement in scope, by control then requirement.
    pub requirements: Vec<SampleRow>,
}

/// Draws the sample of every operating requirement of a Type II assessment; `None` for a
/// Type I (no period, so no population).
pub fn draw(assessment: &Assessment, sizes: &SampleSizes, seed: u64) -> Option<SamplePlan> {
    let period = assessment.period?;
    let dates: BTreeMap<&str, NaiveDate> = assessment
        .evidence
        .iter()
        .filter_map(|e| e.date.map(|d| (&*e.path, d)))
        .collect();
    let mut requirements = Vec::new();
    for control in &assessment.controls {
        for req in &control.requirements {
            if let (Kind::Operating, Some(every)) = (req.kind, req.every) {
                requirements.push(sample_one(control, req, every, period, &dates, sizes, seed));
            }
        }
    }
    Some(SamplePlan {
        seed,
        period,
        as_of: assessment.as_of,
        requirements,
    })
}

fn sample_one(
    control: &ControlResult,
    req: &RequirementResult,
    every: Cadence,
    period: Period,
    dates: &BTreeMap<&str, NaiveDate>,
    sizes: &SampleSizes,
    seed: u64,
) -> SampleRow {
    let windows: Vec<Window> = match every {
        Cadence::Event => Vec::new(),
        cadence => period_windows(cadence, period.start, period.end),
    };
    // Group the population by window, in window order; `req.files` is sorted by path, so each
    // group is too, and the draw depends only on the seed and the evidence.
    let mut groups: BTreeMap<(NaiveDate, String), Vec<Pick>> = BTreeMap::new();
    for path in &req.files {
        let Some(&date) = dates.get(&**path) else {
            continue;
        };
        let window = match every {
            Cadence::Event if date >= period.start && date <= period.end => {
                window_containing(Cadence::Month, date)
            }
            Cadence::Event => None,
            _ => windows.iter().find(|w| w.contains(date)).cloned(),
        };
        if let Some(w) = window {
            groups
                .entry((w.start, w.label.clone()))
                .or_default()
                .push(Pick {
                    path: path.to_string(),
                    date,
                    window: w.label,
                    sha256: None,
                });
        }
    }
    let groups: Vec<Vec<Pick>> = groups.into_values().collect();
    let population = groups.iter().map(Vec::len).sum();
    let size = sample_size(every, population, sizes);
    let mut rng = SplitMix64::new(requirement_seed(seed, &control.id, &req.id));
    let mut picks = spread(&groups, size, &mut rng);
    picks.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
    SampleRow {
        control: control.id.clone(),
        control_title: control.title.clone(),
        requirement: req.id.clone(),
        title: req.title.clone(),
        every,
        windows_with_records: groups.len(),
        population,
        size,
        picks,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // The published SplitMix64 outputs for seed 0.
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(rng.next_u64(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn same_seed_gives_the_same_draws_and_another_seed_differs() {
        let draw = |seed| {
            let mut rng = SplitMix64::new(seed);
            (0..20).map(|_| rng.below(1000)).collect::<Vec<_>>()
        };
        assert_eq!(draw(42), draw(42));
        assert_ne!(draw(42), draw(43));
    }

    #[test]
    fn below_stays_in_range_and_reaches_every_value() {
        let mut rng = SplitMix64::new(7);
        let mut seen = [false; 6];
        for _ in 0..600 {
            let x = rng.below(6);
            assert!(x < 6);
            seen[x as usize] = true;
        }
        assert!(seen.iter().all(|s| *s));
        assert_eq!(rng.below(0), 0);
    }

    #[test]
    fn default_seed_depends_on_the_period_only() {
        let p = Period::parse("2026-01-01..2026-06-30").unwrap();
        let q = Period::parse("2026-01-01..2026-12-31").unwrap();
        assert_eq!(default_seed(p), default_seed(p));
        assert_ne!(default_seed(p), default_seed(q));
        assert!(default_seed(p) <= u64::from(u32::MAX));
    }

    #[test]
    fn sizes_follow_the_table_and_never_exceed_the_population() {
        let none = SampleSizes::default();
        let table = [
            (Cadence::Year, 1),
            (Cadence::HalfYear, 1),
            (Cadence::Quarter, 2),
            (Cadence::Month, 2),
            (Cadence::Week, 5),
            (Cadence::Day, 25),
            (Cadence::Event, 25),
        ];
        for (cadence, want) in table {
            assert_eq!(sample_size(cadence, 1000, &none), want, "{cadence:?}");
            for population in 0..30 {
                assert!(sample_size(cadence, population, &none) <= population);
            }
        }
        assert_eq!(sample_size(Cadence::Event, 7, &none), 7);
        let custom = SampleSizes {
            month: Some(4),
            event: Some(40),
            ..SampleSizes::default()
        };
        assert_eq!(sample_size(Cadence::Month, 12, &custom), 4);
        assert_eq!(sample_size(Cadence::Event, 30, &custom), 30);
        assert_eq!(sample_size(Cadence::Week, 30, &custom), 5);
    }

    #[test]
    fn spread_takes_one_per_window_before_a_second_from_any() {
        let groups: Vec<Vec<u32>> = (0..6)
            .map(|w| (0..5).map(|i| w * 10 + i).collect())
            .collect();
        for seed in 0..50 {
            let mut rng = SplitMix64::new(seed);
            let picks = spread(&groups, 6, &mut rng);
            let mut windows: Vec<u32> = picks.iter().map(|p| p / 10).collect();
            windows.sort_unstable();
            assert_eq!(windows, vec![0, 1, 2, 3, 4, 5], "seed {seed}");
            let mut rng = SplitMix64::new(seed);
            let picks = spread(&groups, 3, &mut rng);
            let mut windows: Vec<u32> = picks.iter().map(|p| p / 10).collect();
            windows.sort_unstable();
            windows.dedup();
            assert_eq!(windows.len(), 3, "seed {seed}");
        }
    }

    #[test]
    fn spread_never_draws_more_than_there_is_nor_twice_the_same() {
        let groups = vec![vec![1, 2], vec![], vec![3]];
        let mut rng = SplitMix64::new(1);
        let mut picks = spread(&groups, 10, &mut rng);
        picks.sort_unstable();
        assert_eq!(picks, vec![1, 2, 3]);
    }

    #[test]
    fn spread_is_reproducible_for_a_seed() {
        let groups: Vec<Vec<u32>> = (0..26)
            .map(|w| (0..3).map(|i| w * 10 + i).collect())
            .collect();
        let run = |seed| spread(&groups, 5, &mut SplitMix64::new(seed));
        assert_eq!(run(9), run(9));
        assert!((0..20).any(|s| run(s) != run(9)));
    }
}
