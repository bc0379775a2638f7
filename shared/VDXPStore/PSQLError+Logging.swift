public import PostgresNIO

extension PSQLError {
    /// The error as a log line may show it: its code, and for an error the server sent, its SQLSTATE, message,
    /// constraint, schema, table and column, and the statement's text (postgres-nio never shows its values) — but not
    /// the server's DETAIL, which repeats the values of the row at fault (an e-mail address, a telephone number, a
    /// username, a password hash), nor its other fields.
    public var loggedDescription: String {
        var parts = ["PSQLError \(code)"]
        if let info = serverInfo {
            for (name, field) in [
                ("sqlstate", PSQLError.ServerInfo.Field.sqlState), ("message", .message),
                ("constraint", .constraintName), ("schema", .schemaName), ("table", .tableName),
                ("column", .columnName),
            ] {
                if let value = info[field] { parts.append("\(name): \(value)") }
            }
        }
        if let underlying { parts.append("underlying: \(String(reflecting: underlying))") }
        if let query { parts.append("query: \(query.sql)") }
        return parts.joined(separator: "; ")
    }
}

/// `error` as a log line may show it: ``PSQLError/loggedDescription`` for a PostgreSQL error (without the row values
/// its DETAIL repeats), the full debug description of any other.
public func loggedDescription(of error: any Error) -> String {
    if let error = error as? PSQLError { return error.loggedDescription }
    return String(reflecting: error)
}
