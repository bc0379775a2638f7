import Foundation
import PostgresNIO

/// The `VALUES` list of a multi-row `INSERT`, every value bound as a parameter: one statement (one round trip)
/// writes the rows of a whole commit group.
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
struct ValuesRows {
    /// `($1, $2), ($3, $4)…`
    var sql: String { text + (count > 0 ? ")" : "") }
    private(set) var binds = PostgresBindings()
    /// How many rows.
    private(set) var count = 0
    private var text = ""
    private var parameters = 0
    private var valuesInRow = 0

    /// Starts the next row; bind its values in column order.
    mutating func startRow() {
        text += count == 0 ? "(" : "), ("
        count += 1
        valuesInRow = 0
    }

    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) {
        binds.append(value)
        placeholder()
    }

    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) {
        binds.append(value)
        placeholder()
    }

    /// Binds bytes as `bytea`.
    mutating func bind(_ value: Data) {
        binds.append(ByteBuffer(bytes: value))
        placeholder()
    }

    private mutating func placeholder() {
        parameters += 1
        text += (valuesInRow == 0 ? "$" : ", $") + String(parameters)
        valuesInRow += 1
    }
}
