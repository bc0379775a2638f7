import Foundation
import PostgresNIO
import VDXPProto

/// The `WHERE` clause of a ``FigureQuery`` over one of Report's tables, with its bindings numbered from `$1`.
/// Column names are fixed by the caller (never from a request); every value is bound.
struct FigureConditions {
    /// The clauses, joined with AND.
    private(set) var clauses: [String] = []
    /// The values bound.
    private(set) var binds = PostgresBindings()

    /// The columns a table names its scope and dimensions by.
    struct Columns {
        var organisation = "organisation_id"
        var level1Unit = "level1_unit"
        var memberKind = "member_kind"

        /// `report.daily_figures` and `report.rejection_reasons`.
        static let figures = Columns()
        /// `report.deliveries`, counted for the recipient.
        static let deliveries = Columns(
            organisation: "recipient", level1Unit: "recipient_level1_unit", memberKind: "recipient_kind")
    }

    /// The conditions of `query` on a table with `columns` whose period column is `period` (nil: no period
    /// condition, for tables the caller bounds itself); `dimensions: false` leaves out the document filter
    /// (rejection reasons, monthly figures, connections and tickets have no document dimensions). Throws
    /// `ProtoEnumOutOfRange` for a member kind, business type or legal value whose number fits no `smallint` (the
    /// request's validation refuses those first).
    init(_ query: FigureQuery, columns: Columns, dimensions: Bool = true, period: String? = "day") throws {
        try append(query, columns: columns, dimensions: dimensions, period: period)
    }

    /// No condition yet.
    init() {}

    /// Adds the conditions of `query` (as ``init(_:columns:dimensions:period:)`` makes them), binding after the
    /// values bound so far: two parts of one statement share one numbering.
    mutating func append(
        _ query: FigureQuery, columns: Columns, dimensions: Bool = true, period: String? = "day"
    ) throws {
        if let period {
            try add("\(period) >= DATE '1970-01-01' + ?", query.from.number)
            try add("\(period) < DATE '1970-01-01' + ?", query.to.number)
        }
        if let organisation = query.organisationID { try add("\(columns.organisation) = ?", organisation) }
        if let unit = query.level1Unit { try add("\(columns.level1Unit) = ?", unit) }
        if let kind = query.memberKind { try add("\(columns.memberKind) = ?", kind) }
        guard dimensions else { return }
        if !query.priorities.isEmpty { try add("priority = ANY(?)", query.priorities) }
        if !query.documentTypes.isEmpty { try add("document_type = ANY(?)", query.documentTypes) }
        if !query.businessTypes.isEmpty { try add("business_type = ANY(?)", query.businessTypes) }
        if !query.legalValues.isEmpty { try add("legal_value = ANY(?)", query.legalValues) }
    }

    /// Adds `clause`, whose one `?` stands for `value`.
    private mutating func add<Value: PostgresThrowingDynamicTypeEncodable>(_ clause: String, _ value: Value) throws {
        try binds.append(value)
        clauses.append(clause.replacingOccurrences(of: "?", with: "$\(binds.count)"))
    }

    /// Binds `value` and returns its placeholder (`$3`), for a query that uses it beyond the conditions.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// Adds a clause that binds nothing (a fixed condition on a fixed column, or one using ``bind(_:)``'s
    /// placeholders).
    mutating func add(_ clause: String) { clauses.append(clause) }

    /// Removes the clauses, keeping the values bound: the clauses were used in one part of a statement, the next
    /// part's follow.
    mutating func removeClauses() { clauses = [] }

    /// `clause1 AND clause2 …` (`true` with no clause).
    var sql: String { clauses.isEmpty ? "true" : clauses.joined(separator: " AND ") }
}
