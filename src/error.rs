//! The library's error type. Every variant carries what a user needs to find the problem (file,
//! line, column, control id) and its message is one sentence that says what to change.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// One problem in a file the user wrote, with its position.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The file as the user would type it (or `builtin:controls/x.yaml` for the built-in library).
    pub file: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// The control the problem belongs to, when there is one.
    pub control: Option<String>,
    /// What is wrong and what to change, as one sentence without a trailing period.
    pub message: String,
}

impl Problem {
    /// A problem at a position with no control.
    pub fn new(file: impl Into<String>, line: usize, column: usize, message: String) -> Problem {
        Problem {
            file: file.into(),
            line,
            column,
            control: None,
            message,
        }
    }

    /// The same problem, attributed to a control.
    pub fn in_control(mut self, id: &str) -> Problem {
        self.control = Some(id.to_string());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        f.write_str(": ")?;
        if let Some(id) = &self.control {
            write!(f, "control {id}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Everything that can stop a command before it produces a report.
#[derive(Debug)]
pub enum Error {
    /// The control library has problems; all of them are listed.
    Library(Vec<Problem>),
    /// `soc2.toml` (or a flag standing in for it) is wrong.
    Config(Problem),
    /// A file or folder could not be read or written.
    Io {
        /// What was being done, such as "read the control library folder".
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// The evidence root does not exist or is not a folder.
    MissingEvidence(PathBuf),
    /// Settings that cannot work together, in one sentence.
    Invalid(String),
}

impl Error {
    /// Shorthand for an I/O error.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Error {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Library(problems) => match problems.as_slice() {
                [] => f.write_str("the control library has problems"),
                [one] => write!(f, "{one}"),
                [first, rest @ ..] => write!(
                    f,
                    "{first} (and {} more problem{}; `soc2 validate` lists them all)",
                    rest.len(),
                    if rest.len() == 1 { "" } else { "s" }
                ),
            },
            Error::Config(problem) => write!(f, "{problem}"),
            Error::Io {
                action,
                path,
                source,
            } => write!(f, "could not {action} {}: {source}", path.display()),
            Error::MissingEvidence(path) => write!(
                f,
                "evidence folder {} does not exist: run `soc2 init` to create it, or point to yours with --evidence DIR",
                path.display()
            ),
            Error::Invalid(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
