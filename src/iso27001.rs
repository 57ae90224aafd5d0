//! The ISO/IEC 27001:2022 reference list: management-system clauses 4.1–10.2 and the 93 Annex A
//! controls, by id and short name, grouped by theme. It is what library ids are checked against and
//! what the crosswalk walks; it knows nothing about controls or scores.

use serde::Serialize;

/// Where an ISO/IEC 27001:2022 requirement sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    /// Management-system clauses 4–10.
    Clause,
    /// Annex A 5: organizational controls.
    Organizational,
    /// Annex A 6: people controls.
    People,
    /// Annex A 7: physical controls.
    Physical,
    /// Annex A 8: technological controls.
    Technological,
}

impl Theme {
    /// The theme's name in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Clause => "clause",
            Theme::Organizational => "organizational",
            Theme::People => "people",
            Theme::Physical => "physical",
            Theme::Technological => "technological",
        }
    }
}

/// One clause or Annex A control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IsoControl {
    /// `A.5.15` or a clause number such as `9.3`.
    pub id: &'static str,
    /// The theme it belongs to.
    pub theme: Theme,
    /// Its short name.
    pub name: &'static str,
}

/// Looks an id up.
pub fn lookup(id: &str) -> Option<&'static IsoControl> {
    ISO27001.iter().find(|c| c.id == id)
}

/// Every clause and Annex A control, clauses first, in standard order.
pub static ISO27001: &[IsoControl] = &[
    IsoControl {
        id: "4.1",
        theme: Theme::Clause,
        name: "Understanding the organization and its context",
    },
    IsoControl {
        id: "4.2",
        theme: Theme::Clause,
        name: "Needs of interested parties",
    },
    IsoControl {
        id: "4.3",
        theme: Theme::Clause,
        name: "Scope of the ISMS",
    },
    IsoControl {
        id: "4.4",
        theme: Theme::Clause,
        name: "The ISMS itself",
    },
    IsoControl {
        id: "5.1",
        theme: Theme::Clause,
        name: "Leadership and commitment",
    },
    IsoControl {
        id: "5.2",
        theme: Theme::Clause,
        name: "Information security policy",
    },
    IsoControl {
        id: "5.3",
        theme: Theme::Clause,
        name: "Roles, responsibilities and authorities",
    },
    IsoControl {
        id: "6.1",
        theme: Theme::Clause,
        name: "Actions to address risks and opportunities (risk assessment and treatment)",
    },
    IsoControl {
        id: "6.2",
        theme: Theme::Clause,
        name: "Information security objectives",
    },
    IsoControl {
        id: "6.3",
        theme: Theme::Clause,
        name: "Planning of changes",
    },
    IsoControl {
        id: "7.1",
        theme: Theme::Clause,
        name: "Resources",
    },
    IsoControl {
        id: "7.2",
        theme: Theme::Clause,
        name: "Competence",
    },
    IsoControl {
        id: "7.3",
        theme: Theme::Clause,
        name: "Awareness",
    },
    IsoControl {
        id: "7.4",
        theme: Theme::Clause,
        name: "Communication",
    },
    IsoControl {
        id: "7.5",
        theme: Theme::Clause,
        name: "Documented information",
    },
    IsoControl {
        id: "8.1",
        theme: Theme::Clause,
        name: "Operational planning and control",
    },
    IsoControl {
        id: "8.2",
        theme: Theme::Clause,
        name: "Information security risk assessment",
    },
    IsoControl {
        id: "8.3",
        theme: Theme::Clause,
        name: "Information security risk treatment",
    },
    IsoControl {
        id: "9.1",
        theme: Theme::Clause,
        name: "Monitoring, measurement, analysis and evaluation",
    },
    IsoControl {
        id: "9.2",
        theme: Theme::Clause,
        name: "Internal audit",
    },
    IsoControl {
        id: "9.3",
        theme: Theme::Clause,
        name: "Management review",
    },
    IsoControl {
        id: "10.1",
        theme: Theme::Clause,
        name: "Continual improvement",
    },
    IsoControl {
        id: "10.2",
        theme: Theme::Clause,
        name: "Nonconformity and corrective action",
    },
    IsoControl {
        id: "A.5.1",
        theme: Theme::Organizational,
        name: "Policies for information security",
    },
    IsoControl {
        id: "A.5.2",
        theme: Theme::Organizational,
        name: "Information security roles and responsibilities",
    },
    IsoControl {
        id: "A.5.3",
        theme: Theme::Organizational,
        name: "Segregation of duties",
    },
    IsoControl {
        id: "A.5.4",
        theme: Theme::Organizational,
        name: "Management responsibilities",
    },
    IsoControl {
        id: "A.5.5",
        theme: Theme::Organizational,
        name: "Contact with authorities",
    },
    IsoControl {
        id: "A.5.6",
        theme: Theme::Organizational,
        name: "Contact with special interest groups",
    },
    IsoControl {
        id: "A.5.7",
        theme: Theme::Organizational,
        name: "Threat intelligence",
    },
    IsoControl {
        id: "A.5.8",
        theme: Theme::Organizational,
        name: "Information security in project management",
    },
    IsoControl {
        id: "A.5.9",
        theme: Theme::Organizational,
        name: "Inventory of information and other associated assets",
    },
    IsoControl {
        id: "A.5.10",
        theme: Theme::Organizational,
        name: "Acceptable use of information and other associated assets",
    },
    IsoControl {
        id: "A.5.11",
        theme: Theme::Organizational,
        name: "Return of assets",
    },
    IsoControl {
        id: "A.5.12",
        theme: Theme::Organizational,
        name: "Classification of information",
    },
    IsoControl {
        id: "A.5.13",
        theme: Theme::Organizational,
        name: "Labelling of information",
    },
    IsoControl {
        id: "A.5.14",
        theme: Theme::Organizational,
        name: "Information transfer",
    },
    IsoControl {
        id: "A.5.15",
        theme: Theme::Organizational,
        name: "Access control",
    },
    IsoControl {
        id: "A.5.16",
        theme: Theme::Organizational,
        name: "Identity management",
    },
    IsoControl {
        id: "A.5.17",
        theme: Theme::Organizational,
        name: "Authentication information",
    },
    IsoControl {
        id: "A.5.18",
        theme: Theme::Organizational,
        name: "Access rights",
    },
    IsoControl {
        id: "A.5.19",
        theme: Theme::Organizational,
        name: "Information security in supplier relationships",
    },
    IsoControl {
        id: "A.5.20",
        theme: Theme::Organizational,
        name: "Addressing information security within supplier agreements",
    },
    IsoControl {
        id: "A.5.21",
        theme: Theme::Organizational,
        name: "Managing information security in the ICT supply chain",
    },
    IsoControl {
        id: "A.5.22",
        theme: Theme::Organizational,
        name: "Monitoring, review and change management of supplier services",
    },
    IsoControl {
        id: "A.5.23",
        theme: Theme::Organizational,
        name: "Information security for use of cloud services",
    },
    IsoControl {
        id: "A.5.24",
        theme: Theme::Organizational,
        name: "Information security incident management planning and preparation",
    },
    IsoControl {
        id: "A.5.25",
        theme: Theme::Organizational,
        name: "Assessment and decision on information security events",
    },
    IsoControl {
        id: "A.5.26",
        theme: Theme::Organizational,
        name: "Response to information security incidents",
    },
    IsoControl {
        id: "A.5.27",
        theme: Theme::Organizational,
        name: "Learning from information security incidents",
    },
    IsoControl {
        id: "A.5.28",
        theme: Theme::Organizational,
        name: "Collection of evidence",
    },
    IsoControl {
        id: "A.5.29",
        theme: Theme::Organizational,
        name: "Information security during disruption",
    },
    IsoControl {
        id: "A.5.30",
        theme: Theme::Organizational,
        name: "ICT readiness for business continuity",
    },
    IsoControl {
        id: "A.5.31",
        theme: Theme::Organizational,
        name: "Legal, statutory, regulatory and contractual requirements",
    },
    IsoControl {
        id: "A.5.32",
        theme: Theme::Organizational,
        name: "Intellectual property rights",
    },
    IsoControl {
        id: "A.5.33",
        theme: Theme::Organizational,
        name: "Protection of records",
    },
    IsoControl {
        id: "A.5.34",
        theme: Theme::Organizational,
        name: "Privacy and protection of PII",
    },
    IsoControl {
        id: "A.5.35",
        theme: Theme::Organizational,
        name: "Independent review of information security",
    },
    IsoControl {
        id: "A.5.36",
        theme: Theme::Organizational,
        name: "Compliance with policies, rules and standards for information security",
    },
    IsoControl {
        id: "A.5.37",
        theme: Theme::Organizational,
        name: "Documented operating procedures",
    },
    IsoControl {
        id: "A.6.1",
        theme: Theme::People,
        name: "Screening",
    },
    IsoControl {
        id: "A.6.2",
        theme: Theme::People,
        name: "Terms and conditions of employment",
    },
    IsoControl {
        id: "A.6.3",
        theme: Theme::People,
        name: "Information security awareness, education and training",
    },
    IsoControl {
        id: "A.6.4",
        theme: Theme::People,
        name: "Disciplinary process",
    },
    IsoControl {
        id: "A.6.5",
        theme: Theme::People,
        name: "Responsibilities after termination or change of employment",
    },
    IsoControl {
        id: "A.6.6",
        theme: Theme::People,
        name: "Confidentiality or non-disclosure agreements",
    },
    IsoControl {
        id: "A.6.7",
        theme: Theme::People,
        name: "Remote working",
    },
    IsoControl {
        id: "A.6.8",
        theme: Theme::People,
        name: "Information security event reporting",
    },
    IsoControl {
        id: "A.7.1",
        theme: Theme::Physical,
        name: "Physical security perimeters",
    },
    IsoControl {
        id: "A.7.2",
        theme: Theme::Physical,
        name: "Physical entry",
    },
    IsoControl {
        id: "A.7.3",
        theme: Theme::Physical,
        name: "Securing offices, rooms and facilities",
    },
    IsoControl {
        id: "A.7.4",
        theme: Theme::Physical,
        name: "Physical security monitoring",
    },
    IsoControl {
        id: "A.7.5",
        theme: Theme::Physical,
        name: "Protecting against physical and environmental threats",
    },
    IsoControl {
        id: "A.7.6",
        theme: Theme::Physical,
        name: "Working in secure areas",
    },
    IsoControl {
        id: "A.7.7",
        theme: Theme::Physical,
        name: "Clear desk and clear screen",
    },
    IsoControl {
        id: "A.7.8",
        theme: Theme::Physical,
        name: "Equipment siting and protection",
    },
    IsoControl {
        id: "A.7.9",
        theme: Theme::Physical,
        name: "Security of assets off-premises",
    },
    IsoControl {
        id: "A.7.10",
        theme: Theme::Physical,
        name: "Storage media",
    },
    IsoControl {
        id: "A.7.11",
        theme: Theme::Physical,
        name: "Supporting utilities",
    },
    IsoControl {
        id: "A.7.12",
        theme: Theme::Physical,
        name: "Cabling security",
    },
    IsoControl {
        id: "A.7.13",
        theme: Theme::Physical,
        name: "Equipment maintenance",
    },
    IsoControl {
        id: "A.7.14",
        theme: Theme::Physical,
        name: "Secure disposal or re-use of equipment",
    },
    IsoControl {
        id: "A.8.1",
        theme: Theme::Technological,
        name: "User endpoint devices",
    },
    IsoControl {
        id: "A.8.2",
        theme: Theme::Technological,
        name: "Privileged access rights",
    },
    IsoControl {
        id: "A.8.3",
        theme: Theme::Technological,
        name: "Information access restriction",
    },
    IsoControl {
        id: "A.8.4",
        theme: Theme::Technological,
        name: "Access to source code",
    },
    IsoControl {
        id: "A.8.5",
        theme: Theme::Technological,
        name: "Secure authentication",
    },
    IsoControl {
        id: "A.8.6",
        theme: Theme::Technological,
        name: "Capacity management",
    },
    IsoControl {
        id: "A.8.7",
        theme: Theme::Technological,
        name: "Protection against malware",
    },
    IsoControl {
        id: "A.8.8",
        theme: Theme::Technological,
        name: "Management of technical vulnerabilities",
    },
    IsoControl {
        id: "A.8.9",
        theme: Theme::Technological,
        name: "Configuration management",
    },
    IsoControl {
        id: "A.8.10",
        theme: Theme::Technological,
        name: "Information deletion",
    },
    IsoControl {
        id: "A.8.11",
        theme: Theme::Technological,
        name: "Data masking",
    },
    IsoControl {
        id: "A.8.12",
        theme: Theme::Technological,
        name: "Data leakage prevention",
    },
    IsoControl {
        id: "A.8.13",
        theme: Theme::Technological,
        name: "Information backup",
    },
    IsoControl {
        id: "A.8.14",
        theme: Theme::Technological,
        name: "Redundancy of information processing facilities",
    },
    IsoControl {
        id: "A.8.15",
        theme: Theme::Technological,
        name: "Logging",
    },
    IsoControl {
        id: "A.8.16",
        theme: Theme::Technological,
        name: "Monitoring activities",
    },
    IsoControl {
        id: "A.8.17",
        theme: Theme::Technological,
        name: "Clock synchronization",
    },
    IsoControl {
        id: "A.8.18",
        theme: Theme::Technological,
        name: "Use of privileged utility programs",
    },
    IsoControl {
        id: "A.8.19",
        theme: Theme::Technological,
        name: "Installation of software on operational systems",
    },
    IsoControl {
        id: "A.8.20",
        theme: Theme::Technological,
        name: "Networks security",
    },
    IsoControl {
        id: "A.8.21",
        theme: Theme::Technological,
        name: "Security of network services",
    },
    IsoControl {
        id: "A.8.22",
        theme: Theme::Technological,
        name: "Segregation of networks",
    },
    IsoControl {
        id: "A.8.23",
        theme: Theme::Technological,
        name: "Web filtering",
    },
    IsoControl {
        id: "A.8.24",
        theme: Theme::Technological,
        name: "Use of cryptography",
    },
    IsoControl {
        id: "A.8.25",
        theme: Theme::Technological,
        name: "Secure development life cycle",
    },
    IsoControl {
        id: "A.8.26",
        theme: Theme::Technological,
        name: "Application security requirements",
    },
    IsoControl {
        id: "A.8.27",
        theme: Theme::Technological,
        name: "Secure system architecture and engineering principles",
    },
    IsoControl {
        id: "A.8.28",
        theme: Theme::Technological,
        name: "Secure coding",
    },
    IsoControl {
        id: "A.8.29",
        theme: Theme::Technological,
        name: "Security testing in development and acceptance",
    },
    IsoControl {
        id: "A.8.30",
        theme: Theme::Technological,
        name: "Outsourced development",
    },
    IsoControl {
        id: "A.8.31",
        theme: Theme::Technological,
        name: "Separation of development, test and production environments",
    },
    IsoControl {
        id: "A.8.32",
        theme: Theme::Technological,
        name: "Change management",
    },
    IsoControl {
        id: "A.8.33",
        theme: Theme::Technological,
        name: "Test information",
    },
    IsoControl {
        id: "A.8.34",
        theme: Theme::Technological,
        name: "Protection of information systems during audit testing",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annex_a_holds_93_controls_in_four_themes() {
        let count = |t| ISO27001.iter().filter(|c| c.theme == t).count();
        assert_eq!(count(Theme::Organizational), 37);
        assert_eq!(count(Theme::People), 8);
        assert_eq!(count(Theme::Physical), 14);
        assert_eq!(count(Theme::Technological), 34);
        assert_eq!(count(Theme::Clause), 23);
    }

    #[test]
    fn lookup_finds_clauses_and_annex_ids() {
        assert_eq!(
            lookup("A.8.32").map(|c| c.theme),
            Some(Theme::Technological)
        );
        assert_eq!(lookup("9.3").map(|c| c.theme), Some(Theme::Clause));
        assert!(lookup("A.9.1").is_none());
    }
}
