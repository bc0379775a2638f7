public import Foundation
public import PostgresNIO

/// The `VALUES` list of a multi-row `INSERT`, every value bound as a parameter: one statement (one round trip)
/// writes many rows — Exchange's commit group, a batch of Search's trace events, a seeded slice of the journal.
///
/// ```swift
/// var rows = ValuesRows()
/// for chunk in chunks {
///     rows.startRow()
///     rows.bind(chunk.documentID)
///     rows.bind(chunk.data)
/// }
/// let query = PostgresQuery(unsafeSQL: "INSERT INTO t (a, b) VALUES \(rows.sql)", binds: rows.binds)
/// ```
public struct ValuesRows: Sendable {
    /// `($1, $2), ($3, $4)…`
    public var sql: String { text + (count > 0 ? ")" : "") }
    /// The values, in placeholder order.
    public private(set) var binds = PostgresBindings()
    /// How many rows.
    public private(set) var count = 0
    private var text = ""
    private var parameters = 0
    private var valuesInRow = 0

    /// An empty list.
    public init() {}

    /// Starts the next row; bind its values in column order.
    public mutating func startRow() {
        text += count == 0 ? "(" : "), ("
        count += 1
        valuesInRow = 0
    }

    /// Binds the next value of the row.
    public mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) {
        binds.append(value)
        placeholder()
    }

    /// Binds the next value of the row, a value whose encoding may fail (a proto enum whose number fits no
    /// `smallint`): then nothing is added and the error is thrown.
    public mutating func bind<Value: PostgresThrowingDynamicTypeEncodable>(_ value: Value) throws {
        try binds.append(value)
        placeholder()
    }

    /// Binds the next value of the row, `NULL` when nil.
    public mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) {
        binds.append(value)
        placeholder()
    }

    /// Binds bytes as `bytea`.
    public mutating func bind(_ value: Data) {
        binds.append(ByteBuffer(bytes: value))
        placeholder()
    }

    private mutating func placeholder() {
        parameters += 1
        text += (valuesInRow == 0 ? "$" : ", $") + String(parameters)
        valuesInRow += 1
    }
}
