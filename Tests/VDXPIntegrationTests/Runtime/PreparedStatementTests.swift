import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPStore

/// `Database.execute(_:on:)`: a store's statement of fixed text, prepared once per connection on a real PostgreSQL.
@Suite("Prepared statements", .serialized, .timeLimit(.minutes(3)))
struct PreparedStatementTests {
    private struct Sum: PreparedStatement {
        static let sql = "SELECT $1::bigint + $2::bigint"
        var left: Int64
        var right: Int64
        func makeBindings() -> PostgresBindings { PostgresBindings(binding: left, right) }
    }

    private struct Quotient: PreparedStatement {
        static let sql = "SELECT $1::bigint / $2::bigint"
        var dividend: Int64
        var divisor: Int64
        func makeBindings() -> PostgresBindings { PostgresBindings(binding: dividend, divisor) }
    }

    private struct CountScratch: PreparedStatement {
        static let sql = "SELECT count(*)::int FROM scratch"
        func makeBindings() -> PostgresBindings { PostgresBindings() }
    }

    @Test("a statement is prepared once on its connection, under its type's name, and runs with each call's values")
    func preparedOncePerConnection() async throws {
        try await TemporaryDatabase.withDatabase(maximumConnections: 1) { database, logger in
            try await database.withConnection { connection in
                let first = try await database.execute(Sum(left: 1, right: 2), on: connection, logger: logger)
                let second = try await database.execute(Sum(left: 40, right: 2), on: connection, logger: logger)
                #expect(try first.map { try $0.decode(Int64.self) } == [3])
                #expect(try second.map { try $0.decode(Int64.self) } == [42])
                // The server's own list of what this session prepared: one statement, Sum's text, under Sum's name.
                let prepared = try await database.query(
                    "SELECT name, statement FROM pg_prepared_statements", on: connection, logger: logger
                ).collect().map { try $0.decode((String, String).self) }
                #expect(prepared.count == 1)
                #expect(prepared.first?.0 == Sum.name)
                #expect(prepared.first?.1 == Sum.sql)
            }
        }
    }

    /// Statements of one store: their full type names share far more than the 63 bytes PostgreSQL keeps of a name.
    private enum AStoreWhoseNameIsLongEnoughThatItsStatementsShareTheirFirstSixtyThreeBytes {
        struct First: PreparedStatement {
            static let sql = "SELECT 1"
            func makeBindings() -> PostgresBindings { PostgresBindings() }
        }

        struct Second: PreparedStatement {
            static let sql = "SELECT 2"
            func makeBindings() -> PostgresBindings { PostgresBindings() }
        }
    }

    @Test("two statements of one store are prepared side by side on one connection, each under its own name")
    func statementsOfOneStoreOnOneConnection() async throws {
        typealias Store = AStoreWhoseNameIsLongEnoughThatItsStatementsShareTheirFirstSixtyThreeBytes
        try await TemporaryDatabase.withDatabase(maximumConnections: 1) { database, logger in
            try await database.withConnection { connection in
                let first = try await database.execute(Store.First(), on: connection, logger: logger)
                let second = try await database.execute(Store.Second(), on: connection, logger: logger)
                #expect(try first.map { try $0.decode(Int.self) } == [1])
                #expect(try second.map { try $0.decode(Int.self) } == [2])
            }
        }
    }

    @Test("without a connection it runs on a pooled one")
    func runsOnThePool() async throws {
        try await TemporaryDatabase.withDatabase(maximumConnections: 1) { database, logger in
            for right in Int64(1)...3 {
                let rows = try await database.execute(Sum(left: 10, right: right), on: nil, logger: logger)
                #expect(try rows.map { try $0.decode(Int64.self) } == [10 + right])
            }
            // The pool has one connection: the three runs prepared the statement on it once.
            let prepared = try await database.query(
                "SELECT count(*)::int FROM pg_prepared_statements", logger: logger
            ).collect().map { try $0.decode(Int.self) }
            #expect(prepared == [1])
        }
    }

    @Test("a statement whose preparation the server refused is prepared anew once the cause is gone")
    func refusedPreparationIsRetried() async throws {
        try await TemporaryDatabase.withDatabase(maximumConnections: 1) { database, logger in
            // As during a migration: the table is not there yet.
            let error = await #expect(throws: PSQLError.self) {
                try await database.execute(CountScratch(), on: nil, logger: logger)
            }
            #expect(error?.serverInfo?[.sqlState] == "42P01", "undefined_table")
            try await database.query("CREATE TABLE scratch (id int)", logger: logger)
            // postgres-nio would answer the first refusal again on the connection that saw it, without asking the
            // server: the refused statement's connection was closed, and a fresh one prepares it.
            let rows = try await database.execute(CountScratch(), on: nil, logger: logger)
            #expect(try rows.map { try $0.decode(Int.self) } == [0])
        }
    }

    @Test("a run the server refuses inside a transaction fails the transaction with the server's error")
    func refusedRunFailsTransaction() async throws {
        try await TemporaryDatabase.withDatabase(maximumConnections: 1) { database, logger in
            let error = await #expect(throws: PSQLError.self) {
                try await database.transaction(logger: logger) { connection in
                    try await database.execute(Quotient(dividend: 1, divisor: 0), on: connection, logger: logger)
                }
            }
            #expect(error?.serverInfo?[.sqlState] == "22012", "division_by_zero")
            let rows = try await database.execute(Quotient(dividend: 84, divisor: 2), on: nil, logger: logger)
            #expect(try rows.map { try $0.decode(Int64.self) } == [42])
        }
    }

    @Test("on a connection already closed it answers unavailable without writing to it")
    func closedConnectionAnswersUnavailable() async throws {
        try await TemporaryDatabase.withDatabase(maximumConnections: 1) { database, logger in
            try await database.withConnection { connection in
                try await connection.close()
                // Written to the closed connection, the statement would never be answered: the suite's time limit
                // fails this test then.
                await #expect(throws: DatabaseUnavailableError.self) {
                    try await database.execute(Sum(left: 1, right: 1), on: connection, logger: logger)
                }
            }
        }
    }
}
