//! The Trust Services Criteria catalog: the five categories, their aliases, and the 61 criterion
//! ids with the project's own short titles. It owns nothing else: which controls map to a
//! criterion is the library's business.

use std::fmt;

use serde::Serialize;

/// A Trust Services Criteria category. Security (the common criteria) is always in scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// The common criteria, CC1–CC9.
    Security,
    /// A1.
    Availability,
    /// PI1.
    ProcessingIntegrity,
    /// C1.
    Confidentiality,
    /// P1–P8.
    Privacy,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 5] = [
        Category::Security,
        Category::Availability,
        Category::ProcessingIntegrity,
        Category::Confidentiality,
        Category::Privacy,
    ];

    /// The name used on the command line, in `soc2.toml` and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Availability => "availability",
            Category::ProcessingIntegrity => "processing-integrity",
            Category::Confidentiality => "confidentiality",
            Category::Privacy => "privacy",
        }
    }

    /// A human title for headings.
    pub fn title(self) -> &'static str {
        match self {
            Category::Security => "Security",
            Category::Availability => "Availability",
            Category::ProcessingIntegrity => "Processing integrity",
            Category::Confidentiality => "Confidentiality",
            Category::Privacy => "Privacy",
        }
    }

    /// Parses a category name or one of its aliases (`cc`, `a`, `pi`, `c`, `p`,
    /// `processing_integrity`), ignoring case and surrounding blanks.
    ///
    /// ```
    /// use soc2::criteria::Category;
    /// assert_eq!(Category::parse("pi"), Some(Category::ProcessingIntegrity));
    /// assert_eq!(Category::parse(" Security "), Some(Category::Security));
    /// assert_eq!(Category::parse("integrity"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Category> {
        match name.trim().to_ascii_lowercase().as_str() {
            "security" | "cc" => Some(Category::Security),
            "availability" | "a" => Some(Category::Availability),
            "processing-integrity" | "processing_integrity" | "pi" => {
                Some(Category::ProcessingIntegrity)
            }
            "confidentiality" | "c" => Some(Category::Confidentiality),
            "privacy" | "p" => Some(Category::Privacy),
            _ => None,
        }
    }

    /// The criteria of this category, in catalog order.
    pub fn criteria(self) -> impl Iterator<Item = &'static Criterion> {
        CRITERIA.iter().filter(move |c| c.category == self)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One criterion of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Criterion {
    /// The criterion id, such as `CC6.1`.
    pub id: &'static str,
    /// The category it belongs to.
    pub category: Category,
    /// The group heading, such as `CC6 Logical and physical access`.
    pub group: &'static str,
    /// A short title in the project's own words.
    pub title: &'static str,
}

/// Looks a criterion up by id (exact, case-sensitive as written in the catalog).
pub fn criterion(id: &str) -> Option<&'static Criterion> {
    CRITERIA.iter().find(|c| c.id == id)
}

/// The position of a criterion in catalog order, used to sort criteria naturally
/// (`CC1.2` before `CC1.10`, security before availability).
pub fn catalog_order(id: &str) -> usize {
    CRITERIA
        .iter()
        .position(|c| c.id == id)
        .unwrap_or(CRITERIA.len())
}

/// Parses a comma-separated list of category names or aliases. Returns the categories in
/// catalog order without repeats, or the first name that is not a category.
pub fn parse_category_list<'a, I>(names: I) -> Result<Vec<Category>, String>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut selected = Vec::new();
    for name in names {
        for part in name.split(',') {
            if part.trim().is_empty() {
                continue;
            }
            let category = Category::parse(part).ok_or_else(|| part.trim().to_string())?;
            if !selected.contains(&category) {
                selected.push(category);
            }
        }
    }
    selected.sort();
    Ok(selected)
}

macro_rules! criteria {
    ($( $id:literal, $cat:ident, $group:literal, $title:literal; )*) => {
        /// All 61 criteria of the 2017 Trust Services Criteria (points of focus revised 2022).
        pub static CRITERIA: &[Criterion] = &[
            $( Criterion { id: $id, category: Category::$cat, group: $group, title: $title }, )*
        ];
    };
}

criteria! {
    "CC1.1", Security, "CC1 Control environment", "Integrity and ethical values set the tone";
    "CC1.2", Security, "CC1 Control environment", "An independent board oversees internal control";
    "CC1.3", Security, "CC1 Control environment", "Structure, reporting lines and authority are defined";
    "CC1.4", Security, "CC1 Control environment", "Competent people are hired, trained and retained";
    "CC1.5", Security, "CC1 Control environment", "People are held accountable for their control duties";
    "CC2.1", Security, "CC2 Communication and information", "Quality information supports internal control";
    "CC2.2", Security, "CC2 Communication and information", "Control objectives and duties are communicated internally";
    "CC2.3", Security, "CC2 Communication and information", "Matters affecting control are communicated to outside parties";
    "CC3.1", Security, "CC3 Risk assessment", "Objectives are specific enough to find risks";
    "CC3.2", Security, "CC3 Risk assessment", "Risks to objectives are identified and analysed";
    "CC3.3", Security, "CC3 Risk assessment", "Fraud risk is considered";
    "CC3.4", Security, "CC3 Risk assessment", "Significant changes are identified and assessed";
    "CC4.1", Security, "CC4 Monitoring activities", "Controls are evaluated, ongoing or separately";
    "CC4.2", Security, "CC4 Monitoring activities", "Control deficiencies are reported and fixed in time";
    "CC5.1", Security, "CC5 Control activities", "Control activities are chosen to bring risk down";
    "CC5.2", Security, "CC5 Control activities", "General controls over technology are in place";
    "CC5.3", Security, "CC5 Control activities", "Policies and procedures put controls into practice";
    "CC6.1", Security, "CC6 Logical and physical access", "Logical access to protected assets is secured";
    "CC6.2", Security, "CC6 Logical and physical access", "Users are registered and authorised before access";
    "CC6.3", Security, "CC6 Logical and physical access", "Access follows roles, least privilege and separated duties";
    "CC6.4", Security, "CC6 Logical and physical access", "Physical access to facilities and assets is restricted";
    "CC6.5", Security, "CC6 Logical and physical access", "Data is removed before physical assets are disposed of";
    "CC6.6", Security, "CC6 Logical and physical access", "The system boundary is protected from outside threats";
    "CC6.7", Security, "CC6 Logical and physical access", "Information is protected when moved or transmitted";
    "CC6.8", Security, "CC6 Logical and physical access", "Malicious and unauthorised software is prevented or detected";
    "CC7.1", Security, "CC7 System operations", "Configuration changes and new weaknesses are detected";
    "CC7.2", Security, "CC7 System operations", "Components are monitored for anomalies";
    "CC7.3", Security, "CC7 System operations", "Security events are evaluated as possible incidents";
    "CC7.4", Security, "CC7 System operations", "Security incidents are responded to";
    "CC7.5", Security, "CC7 System operations", "The organisation recovers from security incidents";
    "CC8.1", Security, "CC8 Change management", "Changes are authorised, tested, approved and deployed";
    "CC9.1", Security, "CC9 Risk mitigation", "Risks of business disruption are mitigated";
    "CC9.2", Security, "CC9 Risk mitigation", "Vendor and business-partner risk is managed";
    "A1.1", Availability, "A1 Availability", "Capacity is planned against demand";
    "A1.2", Availability, "A1 Availability", "Environmental safeguards, backups and recovery infrastructure";
    "A1.3", Availability, "A1 Availability", "Recovery plans are tested";
    "PI1.1", ProcessingIntegrity, "PI1 Processing integrity", "Processing specifications are defined and shared";
    "PI1.2", ProcessingIntegrity, "PI1 Processing integrity", "Inputs are complete and accurate";
    "PI1.3", ProcessingIntegrity, "PI1 Processing integrity", "Processing is complete, accurate and timely";
    "PI1.4", ProcessingIntegrity, "PI1 Processing integrity", "Outputs are complete, accurate and reach the right recipients";
    "PI1.5", ProcessingIntegrity, "PI1 Processing integrity", "Stored inputs, work in progress and outputs stay accurate";
    "C1.1", Confidentiality, "C1 Confidentiality", "Confidential information is identified and protected";
    "C1.2", Confidentiality, "C1 Confidentiality", "Confidential information is disposed of as agreed";
    "P1.1", Privacy, "P1 Notice", "Data subjects are told about privacy practices";
    "P2.1", Privacy, "P2 Choice and consent", "Data subjects are offered choice and give consent";
    "P3.1", Privacy, "P3 Collection", "Only personal information needed for stated purposes is collected";
    "P3.2", Privacy, "P3 Collection", "Explicit consent is obtained where required";
    "P4.1", Privacy, "P4 Use, retention and disposal", "Personal information is used only for stated purposes";
    "P4.2", Privacy, "P4 Use, retention and disposal", "Personal information is kept no longer than needed";
    "P4.3", Privacy, "P4 Use, retention and disposal", "Personal information is disposed of securely";
    "P5.1", Privacy, "P5 Access", "Data subjects can see their personal information";
    "P5.2", Privacy, "P5 Access", "Data subjects can have their information corrected";
    "P6.1", Privacy, "P6 Disclosure and notification", "Disclosure to third parties follows consent";
    "P6.2", Privacy, "P6 Disclosure and notification", "Authorised disclosures are recorded";
    "P6.3", Privacy, "P6 Disclosure and notification", "Unauthorised disclosures and breaches are recorded";
    "P6.4", Privacy, "P6 Disclosure and notification", "Vendors commit to the privacy obligations";
    "P6.5", Privacy, "P6 Disclosure and notification", "Vendors report unauthorised disclosures";
    "P6.6", Privacy, "P6 Disclosure and notification", "Affected parties are told about breaches";
    "P6.7", Privacy, "P6 Disclosure and notification", "Data subjects get an account of holdings and disclosures";
    "P7.1", Privacy, "P7 Quality", "Personal information is kept accurate and complete";
    "P8.1", Privacy, "P8 Monitoring and enforcement", "Privacy inquiries, complaints and disputes are handled";
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn catalog_holds_61_criteria_with_spec_counts_per_category() {
        assert_eq!(CRITERIA.len(), 61);
        let counts: Vec<usize> = Category::ALL.iter().map(|c| c.criteria().count()).collect();
        assert_eq!(counts, vec![33, 3, 5, 2, 18]);
    }

    #[test]
    fn criterion_ids_are_unique() {
        let mut ids: Vec<&str> = CRITERIA.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 61);
    }

    #[test]
    fn categories_accept_their_aliases() {
        for (alias, want) in [
            ("cc", Category::Security),
            ("a", Category::Availability),
            ("pi", Category::ProcessingIntegrity),
            ("processing_integrity", Category::ProcessingIntegrity),
            ("processing-integrity", Category::ProcessingIntegrity),
            ("c", Category::Confidentiality),
            ("p", Category::Privacy),
            (" Security ", Category::Security),
        ] {
            assert_eq!(Category::parse(alias), Some(want), "{alias}");
        }
        assert_eq!(Category::parse("integrity"), None);
    }

    #[test]
    fn category_list_is_deduplicated_and_sorted() {
        let got = parse_category_list(["c, a,security", "cc"]).unwrap();
        assert_eq!(
            got,
            vec![
                Category::Security,
                Category::Availability,
                Category::Confidentiality
            ]
        );
        assert_eq!(parse_category_list(["a,bogus"]), Err("bogus".to_string()));
    }

    #[test]
    fn catalog_order_sorts_naturally() {
        assert!(catalog_order("CC1.2") < catalog_order("CC6.1"));
        assert!(catalog_order("CC9.2") < catalog_order("A1.1"));
        assert_eq!(catalog_order("X9"), CRITERIA.len());
    }
}
