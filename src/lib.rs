//! `soc2` gets a team ready for its SOC 2 examination: it loads a control library mapped to the
//! AICPA Trust Services Criteria, walks an evidence folder, decides for every control whether the
//! evidence is there, dated and recurring as the report type requires, and scores the gaps.
//!
//! The library is the domain only: it never prints, reads the clock or looks at a terminal.
//! The `soc2` binary turns flags and `soc2.toml` into a [`scope::Scope`], and renderers in
//! [`report`] turn one [`report::Report`] into every output format.
//!
//! It prepares for an audit; it certifies nothing. A SOC 2 report is an attestation by a
//! licensed CPA firm.

// Library code reads what users and attackers write: an index or a string slice that can panic
// is a crash on hostile input. Use `get` and friends. (Scoped here, not in Cargo.toml, so it
// binds the library only; clippy.toml lets tests index.)
#![deny(clippy::indexing_slicing, clippy::string_slice)]

pub mod assess;
pub mod calendar;
pub mod config;
pub mod criteria;
pub mod error;
pub mod evidence;
pub mod iso27001;
pub mod library;
mod par;
mod read;
pub mod report;
pub mod schema;
pub mod scope;
pub mod warning;
pub mod workflow;

pub use error::{Error, Problem, Result};
