//! The readiness workflow around `assess`: what `soc2 init` writes (`init`), the auditor's request
//! list (`pbc`), the pre-audit sample pull (`sample`) and the ISO/IEC 27001 crosswalk
//! (`crosswalk`). Pure functions from the library, the scope and an assessment to data; the binary
//! reads and writes files and prints. `grid` turns rows into table, Markdown and CSV.

pub mod crosswalk;
pub mod grid;
pub mod init;
pub mod pbc;
pub mod sample;
