public import PostgresNIO
import _ConnectionPoolModule

extension PSQLError {
    /// The SQLSTATE code the server sent, e.g. `23505`, if the error came from the server.
    public var sqlState: String? { serverInfo?[.sqlState] }

    /// True when the server refused a row that would break a unique constraint (SQLSTATE 23505).
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// The constraint named by the server, if any.
    public var constraintName: String? { serverInfo?[.constraintName] }
}

/// Whether `error` means the database could not be used right now — no connection, a connection lost mid-call, a
/// server shutting down or out of connections, a pool closed — rather than a fault of the statement: the caller
/// should retry shortly (gRPC UNAVAILABLE). A transaction lost during COMMIT may or may not have committed, which is
/// why retries must be idempotent (a send is, on its document id).
public func isDatabaseUnavailable(_ error: any Error) -> Bool {
    if let error = error as? PSQLError {
        guard let state = error.sqlState else { return true }
        // 08: connection exception; 57: operator intervention (admin/crash shutdown, cannot connect now);
        // 53300: too many connections.
        return state.hasPrefix("08") || state.hasPrefix("57") || state == "53300"
    }
    return error is ConnectionPoolError || error is DatabaseUnavailableError
}
