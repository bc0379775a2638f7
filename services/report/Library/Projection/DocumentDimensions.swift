import SwiftProtobuf
import VDXPCore
import VDXPProto

/// What a document is, as far as Report breaks figures down: its priority (0–4), type name, business type and
/// legal value, and the Vietnam day it was accepted — the day its figures count in (a document's statuses,
/// failures and retracts count in the period it was sent, so a period's figures describe its documents).
struct DocumentDimensions: Hashable, Sendable {
    /// The day Exchange accepted the document (Vietnam time).
    var day: VietnamDay
    /// edXML priority 0 to 4.
    var priority: Int32
    /// The document type's name, e.g. "Công văn".
    var documentType: String
    /// NEW, REVOKE, UPDATE or REPLACE.
    var businessType: Vdxp_Exchange_V1_BusinessType
    /// Legally valid or reference only.
    var legalValue: Vdxp_Exchange_V1_LegalValue
}

/// The row of `report.daily_figures` a count lands in: one member, one day, one combination of dimensions.
struct RollupKey: Hashable, Sendable {
    /// The member counted (the sender for document-side counters, the recipient for delivery-side ones).
    var organisationID: String
    /// The document's dimensions.
    var dimensions: DocumentDimensions

    /// The member's level-1 unit (`G22`, `H29`) from its QĐ 20 id; empty for an enterprise or an individual.
    var level1Unit: String { Self.level1Unit(of: organisationID) }

    /// The member's kind from its id's form.
    var memberKind: Vdxp_Central_V1_OrganisationKind { Self.memberKind(of: organisationID) }

    /// The level-1 unit of `organisationID`, empty when it has none.
    static func level1Unit(of organisationID: String) -> String {
        (try? OrganisationID(validating: organisationID))?.level1Unit ?? ""
    }

    /// The kind of `organisationID` from its form; UNSPECIFIED when it is not a valid id.
    static func memberKind(of organisationID: String) -> Vdxp_Central_V1_OrganisationKind {
        (try? OrganisationID(validating: organisationID))?.kind.proto ?? .unspecified
    }
}
