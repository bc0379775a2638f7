import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime

/// Whose figures, over which Vietnam days, for which documents: a request's `scope`, period and `filter`, validated
/// and narrowed to what the caller may see.
struct FigureQuery: Sendable, Equatable {
    /// One member's figures; nil for a wider scope.
    var organisationID: String?
    /// A level-1 unit's code (`H29`); nil for the whole platform or one member.
    var level1Unit: String?
    /// Members of one kind only; nil for all.
    var memberKind: Vdxp_Central_V1_OrganisationKind?
    /// The first day counted.
    var from: VietnamDay
    /// The first day not counted.
    var to: VietnamDay
    /// Priorities 0 to 4; empty for all.
    var priorities: [Int16] = []
    /// Document type names; empty for all.
    var documentTypes: [String] = []
    /// Business types; empty for all.
    var businessTypes: [Vdxp_Exchange_V1_BusinessType] = []
    /// Legal values; empty for all.
    var legalValues: [Vdxp_Exchange_V1_LegalValue] = []

    /// The longest period: 5 years.
    static let maximumDays: Int32 = 5 * 366

    /// Validates `scope`, the period and `filter` for `caller`: a member may ask only for itself (an empty scope
    /// means itself), the period must run from one 00:00 +07 to a later one at most 5 years on.
    init(
        scope: Vdxp_Report_V1_Scope, start: Google_Protobuf_Timestamp?, end: Google_Protobuf_Timestamp?,
        filter: Vdxp_Report_V1_DocumentFilter, caller: CallerIdentity?, field prefix: String = ""
    ) throws(ReportError) {
        let (from, to) = try Self.period(start: start, end: end, prefix: prefix)
        try self.init(scope: scope, caller: caller, from: from, to: to, prefix: prefix)
        try narrow(by: filter, prefix: prefix)
    }

    /// A query over `from`..<`to` for `scope`, narrowed to what `caller` may see.
    init(
        scope: Vdxp_Report_V1_Scope, caller: CallerIdentity?, from: VietnamDay, to: VietnamDay, prefix: String = ""
    ) throws(ReportError) {
        self.from = from
        self.to = to
        if !scope.organisationID.isEmpty {
            guard (try? OrganisationID(validating: scope.organisationID)) != nil else {
                throw .invalidField(
                    field: prefix + "scope.organisation_id",
                    message: "scope.organisation_id \(scope.organisationID.prefix(40).debugDescription) is not an "
                        + "organisation id: give a member's id, e.g. 000.00.00.G22, or leave it empty")
            }
            organisationID = scope.organisationID
        } else if !scope.level1UnitID.isEmpty {
            guard let unit = Self.level1Code(scope.level1UnitID) else {
                throw .invalidField(
                    field: prefix + "scope.level1_unit_id",
                    message: "scope.level1_unit_id \(scope.level1UnitID.prefix(40).debugDescription) is not a "
                        + "level-1 unit: give its QĐ 20 id (000.00.00.H29) or its code (H29)")
            }
            level1Unit = unit
        }
        switch scope.memberKind {
        case .unspecified: memberKind = nil
        case .stateAgency, .enterprise, .individual: memberKind = scope.memberKind
        case .UNRECOGNIZED(let value):
            throw .invalidField(
                field: prefix + "scope.member_kind",
                message: "scope.member_kind \(value) is not a member kind: use STATE_AGENCY, ENTERPRISE, INDIVIDUAL "
                    + "or leave it unset for all")
        }
        if case .member(let own) = caller {
            if let asked = organisationID, asked != own {
                throw .notOwnFigures(caller: own, asked: "member \(asked)")
            }
            if let unit = level1Unit {
                throw .notOwnFigures(caller: own, asked: "level-1 unit \(unit)")
            }
            organisationID = own
        }
    }

    /// The level-1 code of `value`: `H29` for `H29` or `000.00.00.H29`; nil when it is neither.
    static func level1Code(_ value: String) -> String? {
        if let id = try? OrganisationID(validating: value), let unit = id.level1Unit { return unit }
        let isCode =
            !value.isEmpty && value.codePointCount <= 8
            && value.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        return isCode ? value : nil
    }

    /// The Vietnam days `start`..<`end` name, or the field that is wrong.
    static func period(
        start: Google_Protobuf_Timestamp?, end: Google_Protobuf_Timestamp?, prefix: String
    ) throws(ReportError) -> (VietnamDay, VietnamDay) {
        guard let start else {
            throw .invalidField(
                field: prefix + "start_time", message: "start_time is required: 00:00 +07 of the first day counted")
        }
        guard let end else {
            throw .invalidField(
                field: prefix + "end_time", message: "end_time is required: 00:00 +07 of the day after the last one")
        }
        guard let from = VietnamDay(startingAt: start.date) else {
            throw .invalidField(
                field: prefix + "start_time",
                message: "start_time must be a day boundary in Vietnam time (00:00 +07, i.e. 17:00 UTC the day "
                    + "before); \(start.date) is not")
        }
        guard let to = VietnamDay(startingAt: end.date) else {
            throw .invalidField(
                field: prefix + "end_time",
                message: "end_time must be a day boundary in Vietnam time (00:00 +07, i.e. 17:00 UTC the day before); "
                    + "\(end.date) is not")
        }
        guard from < to else {
            throw .invalidField(field: prefix + "end_time", message: "end_time must be after start_time")
        }
        guard to.number - from.number <= maximumDays else {
            throw .invalidField(
                field: prefix + "end_time", message: "the period is longer than 5 years: ask for a shorter one")
        }
        return (from, to)
    }

    /// The most values one filter field may list (each is a condition of the query).
    static let maximumFilterValues = 100

    /// Narrows the query by `filter`, checking each value.
    mutating func narrow(by filter: Vdxp_Report_V1_DocumentFilter, prefix: String) throws(ReportError) {
        for (field, count) in [
            ("priorities", filter.priorities.count), ("document_type_names", filter.documentTypeNames.count),
            ("business_types", filter.businessTypes.count), ("legal_values", filter.legalValues.count),
        ] where count > Self.maximumFilterValues {
            throw .invalidField(
                field: prefix + "filter.\(field)",
                message: "filter.\(field) lists \(count) values: give at most \(Self.maximumFilterValues)")
        }
        for (index, priority) in filter.priorities.enumerated() where !(0...4).contains(priority) {
            throw .invalidField(
                field: prefix + "filter.priorities[\(index)]",
                message: "filter.priorities[\(index)] is \(priority): priorities are 0 to 4")
        }
        priorities = filter.priorities.map { Int16($0) }
        for (index, name) in filter.documentTypeNames.enumerated() where name.isEmpty || name.codePointCount > 100 {
            throw .invalidField(
                field: prefix + "filter.document_type_names[\(index)]",
                message: "filter.document_type_names[\(index)] must be a type name of 1 to 100 characters, e.g. "
                    + "\"Công văn\"")
        }
        documentTypes = filter.documentTypeNames
        for (index, type) in filter.businessTypes.enumerated() {
            if case .UNRECOGNIZED(let value) = type {
                throw .invalidField(
                    field: prefix + "filter.business_types[\(index)]",
                    message: "filter.business_types[\(index)] is \(value): use NEW, REVOKE, UPDATE or REPLACE")
            }
        }
        businessTypes = filter.businessTypes
        for (index, value) in filter.legalValues.enumerated() {
            switch value {
            case .legallyValid, .referenceOnly: continue
            case .unspecified, .UNRECOGNIZED:
                throw .invalidField(
                    field: prefix + "filter.legal_values[\(index)]",
                    message: "filter.legal_values[\(index)] must be LEGALLY_VALID or REFERENCE_ONLY")
            }
        }
        legalValues = filter.legalValues
    }

    /// Whether the query narrows the documents (priority, type, business type or legal value).
    var hasDocumentFilter: Bool {
        !priorities.isEmpty || !documentTypes.isEmpty || !businessTypes.isEmpty || !legalValues.isEmpty
    }

    /// The scope as the answer echoes it.
    var scope: Vdxp_Report_V1_Scope {
        .with {
            $0.organisationID = organisationID ?? ""
            $0.level1UnitID = level1Unit ?? ""
            $0.memberKind = memberKind ?? .unspecified
        }
    }
}
