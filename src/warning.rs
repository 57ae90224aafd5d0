//! Warnings: things a user should know that do not stop a run. Each kind has a stable kebab-case
//! code that scripts and the JSON report rely on; a test keeps the codes unique.

use std::fmt;

use serde::{Serialize, Serializer};

/// The kind of a warning; its code never changes once released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WarningKind {
    /// The observation period is shorter than 3 months.
    PeriodTooShort,
    /// The observation period is longer than 12 months.
    PeriodTooLong,
    /// A file is dated after the assessment date and does not count.
    FutureDatedEvidence,
    /// A byte-identical copy of another file counts once.
    ReusedEvidence,
    /// Markdown marked `status: draft` is not evidence yet.
    DraftEvidence,
    /// An exclusion's `expires` date has passed; the control is assessed.
    ExclusionLapsed,
    /// A requirement matches only undated files.
    UndatedOnly,
    /// A symbolic link points outside the evidence folder and was not followed.
    LinkOutsideRoot,
    /// A symbolic link leads back into a folder being walked.
    LinkLoop,
    /// A symbolic link points nowhere.
    BrokenLink,
    /// A file or folder could not be read.
    Unreadable,
    /// A FIFO, socket or device file was skipped.
    SpecialFile,
    /// Front matter holds a `date` that is not a valid date.
    BadFrontMatterDate,
    /// An exclusion or remediation names a control outside the selected scope.
    OutOfScope,
}

impl WarningKind {
    /// Every kind, for documentation and tests.
    pub const ALL: [WarningKind; 14] = [
        WarningKind::PeriodTooShort,
        WarningKind::PeriodTooLong,
        WarningKind::FutureDatedEvidence,
        WarningKind::ReusedEvidence,
        WarningKind::DraftEvidence,
        WarningKind::ExclusionLapsed,
        WarningKind::UndatedOnly,
        WarningKind::LinkOutsideRoot,
        WarningKind::LinkLoop,
        WarningKind::BrokenLink,
        WarningKind::Unreadable,
        WarningKind::SpecialFile,
        WarningKind::BadFrontMatterDate,
        WarningKind::OutOfScope,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            WarningKind::PeriodTooShort => "period-too-short",
            WarningKind::PeriodTooLong => "period-too-long",
            WarningKind::FutureDatedEvidence => "future-dated-evidence",
            WarningKind::ReusedEvidence => "reused-evidence",
            WarningKind::DraftEvidence => "draft-evidence",
            WarningKind::ExclusionLapsed => "exclusion-lapsed",
            WarningKind::UndatedOnly => "undated-only",
            WarningKind::LinkOutsideRoot => "link-outside-root",
            WarningKind::LinkLoop => "link-loop",
            WarningKind::BrokenLink => "broken-link",
            WarningKind::Unreadable => "unreadable",
            WarningKind::SpecialFile => "special-file",
            WarningKind::BadFrontMatterDate => "bad-front-matter-date",
            WarningKind::OutOfScope => "out-of-scope",
        }
    }

    /// One line saying what the warning means, for the docs.
    pub fn description(self) -> &'static str {
        match self {
            WarningKind::PeriodTooShort => {
                "the observation period is shorter than the 3 months a Type II needs"
            }
            WarningKind::PeriodTooLong => "the observation period is longer than 12 months",
            WarningKind::FutureDatedEvidence => {
                "a file is dated after the assessment date and does not count"
            }
            WarningKind::ReusedEvidence => {
                "a byte-identical copy of another file counts once, as the earliest-dated copy"
            }
            WarningKind::DraftEvidence => {
                "Markdown with `status: draft` front matter is not evidence until approved"
            }
            WarningKind::ExclusionLapsed => {
                "an exclusion has expired, so the control is assessed again"
            }
            WarningKind::UndatedOnly => "a requirement matches only files that carry no date",
            WarningKind::LinkOutsideRoot => {
                "a symbolic link leads outside the evidence folder and is not followed"
            }
            WarningKind::LinkLoop => "a symbolic link leads back into a folder being walked",
            WarningKind::BrokenLink => "a symbolic link points to nothing",
            WarningKind::Unreadable => {
                "a file or folder could not be read; the run goes on without it"
            }
            WarningKind::SpecialFile => {
                "a FIFO, socket or device is not a regular file and is skipped"
            }
            WarningKind::BadFrontMatterDate => {
                "front matter holds a `date` that is not a YYYY-MM-DD calendar date"
            }
            WarningKind::OutOfScope => {
                "an exclusion or remediation item names a control outside the selected criteria"
            }
        }
    }
}

/// One warning: a kind and a message naming the path or control.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Warning {
    /// Its kind.
    pub kind: WarningKind,
    /// What happened, naming the path or control.
    pub message: String,
}

impl Warning {
    /// A new warning.
    pub fn new(kind: WarningKind, message: impl Into<String>) -> Warning {
        Warning {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.code(), self.message)
    }
}

impl Serialize for Warning {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warning_codes_are_unique_kebab_case() {
        let mut codes: Vec<&str> = WarningKind::ALL.iter().map(|k| k.code()).collect();
        assert!(
            codes
                .iter()
                .all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'))
        );
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), WarningKind::ALL.len());
    }

    #[test]
    fn warning_renders_code_colon_message() {
        let w = Warning::new(WarningKind::LinkLoop, "a/b links back to a");
        assert_eq!(w.to_string(), "link-loop: a/b links back to a");
    }
}
