/// One versioned change to a service's schema: SQL statements applied in one transaction, or indexes built without
/// blocking the table's writes.
///
/// Migrations are applied in `version` order. A migration of ``statements`` runs in the same transaction as the record
/// of it having been applied, its statements one by one (PostgreSQL's extended protocol takes one statement at a
/// time). A migration of ``concurrentIndexes`` builds each with `CREATE INDEX CONCURRENTLY`, outside any transaction,
/// and is recorded once they are all valid. Never edit a migration that has shipped: add a new one.
public struct Migration: Sendable {
    /// An index built with `CREATE INDEX CONCURRENTLY`: the table's inserts, updates and deletes go on while it is
    /// built. A plain `CREATE INDEX` holds a lock that stops them until it finishes — seconds to minutes on a table of
    /// millions of rows, every send meanwhile on `exchange.deliveries`.
    public struct ConcurrentIndex: Sendable {
        /// The index's name, unqualified: it is made in the service's schema.
        public let name: String
        /// What follows the name in `CREATE INDEX CONCURRENTLY <name>`, e.g.
        /// `ON deliveries (sender, fail_time DESC) WHERE state = 4`. Unqualified names resolve in the service's schema.
        public let definition: String

        /// Creates an index definition.
        public init(_ name: String, _ definition: String) {
            precondition(
                !name.isEmpty && name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" },
                "an index name must be a lowercase identifier")
            self.name = name
            self.definition = definition
        }
    }

    /// Strictly increasing, starting at 1.
    public let version: Int
    /// A short description, e.g. "documents and deliveries".
    public let name: String
    /// The SQL statements, without trailing semicolons needed. Unqualified names resolve in the service's schema.
    public let statements: [String]
    /// The indexes built concurrently, in order; empty for a migration of ``statements``.
    public let concurrentIndexes: [ConcurrentIndex]

    /// Creates a migration of statements, applied in one transaction.
    public init(version: Int, name: String, statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
        self.concurrentIndexes = []
    }

    /// Creates a migration that builds `indexes` without blocking writes (``ConcurrentIndex``). Use it for every new
    /// index on a table that grows with traffic.
    public init(version: Int, name: String, concurrentIndexes indexes: [ConcurrentIndex]) {
        precondition(!indexes.isEmpty, "a migration of concurrent indexes needs at least one index")
        self.version = version
        self.name = name
        self.statements = []
        self.concurrentIndexes = indexes
    }
}
