/// One versioned change to a service's schema.
///
/// Migrations are applied in `version` order, each in the same transaction as the record of it having been applied.
/// A migration's statements are executed one by one (PostgreSQL's extended protocol takes one statement at a time).
/// Never edit a migration that has shipped: add a new one.
public struct Migration: Sendable {
    /// Strictly increasing, starting at 1.
    public let version: Int
    /// A short description, e.g. "documents and deliveries".
    public let name: String
    /// The SQL statements, without trailing semicolons needed. Unqualified names resolve in the service's schema.
    public let statements: [String]

    /// Creates a migration.
    public init(version: Int, name: String, statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}
