public import PostgresNIO

extension PSQLError {
    /// The SQLSTATE code the server sent, e.g. `23505`, if the error came from the server.
    public var sqlState: String? { serverInfo?[.sqlState] }

    /// True when the server refused a row that would break a unique constraint (SQLSTATE 23505).
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// The constraint named by the server, if any.
    public var constraintName: String? { serverInfo?[.constraintName] }
}
