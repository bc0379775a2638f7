public import Logging
public import PostgresNIO

extension PostgresClient {
    /// Runs `body` in a transaction (BEGIN … COMMIT, ROLLBACK if it throws) and rethrows the error that caused a
    /// failure itself — the closure's, or else the one of BEGIN or COMMIT — rather than postgres-nio's
    /// `PostgresTransactionError` wrapper, so that a handler's own error or a unique violation reaches its caller
    /// unchanged.
    public func transaction<Result: Sendable>(
        logger: Logger,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error.commitError ?? error.beginError ?? error
        }
    }
}
