//! The ISO/IEC 27001:2022 crosswalk (`soc2 map iso27001`): every clause 4.1–10.2 and every Annex A
//! control with the library controls mapped to it and, when an assessment is given, where each of
//! them stands; and per theme, how many ids at least one library control maps to.

use serde::Serialize;

use crate::assess::Assessment;
use crate::iso27001::{ISO27001, Theme};
use crate::library::{Control, Library, Risk};

/// Where a mapped control stands in the assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readiness {
    /// `met`, `partial`, `stale`, `missing`, `upcoming`, or `not_applicable` (excluded) or
    /// `out_of_scope` (none of its criteria is in the selected categories).
    pub status: String,
    /// Its score 0..1, when assessed and scored.
    pub score: Option<f64>,
}

/// One library control mapped to an ISO id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MappedControl {
    /// Control id.
    pub id: String,
    /// Control title.
    pub title: String,
    /// Its readiness, when a project was assessed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readiness: Option<Readiness>,
    #[serde(skip)]
    risk: Risk,
}

/// One clause or Annex A control.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IsoRow {
    /// `A.5.15` or a clause such as `9.3`.
    pub id: String,
    /// Its theme.
    pub theme: Theme,
    /// Its short name.
    pub name: String,
    /// Library controls mapped to it, by id.
    pub controls: Vec<MappedControl>,
    /// Risk-weighted mean score of the mapped assessed controls, in percent, when a project
    /// was assessed and any of them is scored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// Coverage of one theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeTotal {
    /// The theme.
    pub theme: Theme,
    /// Ids in the theme.
    pub ids: usize,
    /// Ids with at least one library control mapped.
    pub covered: usize,
}

/// The whole crosswalk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Crosswalk {
    /// Every clause and Annex A control, in standard order.
    pub rows: Vec<IsoRow>,
    /// Coverage per theme: organizational, people, physical, technological, then clauses.
    pub totals: Vec<ThemeTotal>,
}

/// The themes in the order totals are listed.
pub const THEME_ORDER: [Theme; 5] = [
    Theme::Organizational,
    Theme::People,
    Theme::Physical,
    Theme::Technological,
    Theme::Clause,
];

fn readiness(control: &Control, assessment: &Assessment) -> Readiness {
    if let Some(result) = assessment.controls.iter().find(|c| c.id == control.id) {
        return Readiness {
            status: result.status.as_str().to_string(),
            score: result.score,
        };
    }
    let status = if assessment.not_applicable.iter().any(|n| n.id == control.id) {
        "not_applicable"
    } else {
        "out_of_scope"
    };
    Readiness {
        status: status.to_string(),
        score: None,
    }
}

/// Risk-weighted mean of the scored mapped controls, in percent with one decimal.
fn weighted(controls: &[MappedControl]) -> Option<f64> {
    let (mut sum, mut weight) = (0.0, 0.0);
    for c in controls {
        if let Some(score) = c.readiness.as_ref().and_then(|r| r.score) {
            sum += score * c.risk.weight();
            weight += c.risk.weight();
        }
    }
    (weight > 0.0).then(|| (sum / weight * 1000.0).round() / 10.0)
}

/// Builds the crosswalk from the library, with readiness when an assessment is given.
pub fn crosswalk(library: &Library, assessment: Option<&Assessment>) -> Crosswalk {
    let rows: Vec<IsoRow> = ISO27001
        .iter()
        .map(|iso| {
            let controls: Vec<MappedControl> = library
                .controls
                .iter()
                .filter(|c| c.iso27001.iter().any(|id| id == iso.id))
                .map(|c| MappedControl {
                    id: c.id.clone(),
                    title: c.title.clone(),
                    readiness: assessment.map(|a| readiness(c, a)),
                    risk: c.risk,
                })
                .collect();
            IsoRow {
                id: iso.id.to_string(),
                theme: iso.theme,
                name: iso.name.to_string(),
                score: weighted(&controls),
                controls,
            }
        })
        .collect();
    let totals = THEME_ORDER
        .iter()
        .map(|&theme| {
            let of_theme = rows.iter().filter(|r| r.theme == theme);
            ThemeTotal {
                theme,
                ids: of_theme.clone().count(),
                covered: of_theme.filter(|r| !r.controls.is_empty()).count(),
            }
        })
        .collect();
    Crosswalk { rows, totals }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_id_is_listed_and_totals_add_up() {
        let library = crate::library::load(true, &[]).unwrap();
        let map = crosswalk(&library, None);
        assert_eq!(map.rows.len(), 93 + 23);
        let annex: usize = map
            .totals
            .iter()
            .filter(|t| t.theme != Theme::Clause)
            .map(|t| t.ids)
            .sum();
        assert_eq!(annex, 93);
        for total in &map.totals {
            let covered = map
                .rows
                .iter()
                .filter(|r| r.theme == total.theme && !r.controls.is_empty())
                .count();
            assert_eq!(total.covered, covered);
        }
        let a815 = map.rows.iter().find(|r| r.id == "A.5.15").unwrap();
        assert!(a815.controls.iter().any(|c| c.id == "AC-01"));
        assert!(a815.controls.iter().all(|c| c.readiness.is_none()));
    }
}
