import Foundation
import Logging
import PostgresNIO
import VDXPStore

/// Tables as text, to compare what two runs stored: each row as PostgreSQL prints it, sorted.
enum TableText {
    /// `column` (a `timestamptz`) in milliseconds since 1970: the same text whatever the session's time zone.
    static func epochMilliseconds(_ column: String) -> String {
        "(extract(epoch FROM \(column)) * 1000)::bigint AS \(column)"
    }

    /// The rows of `query`, each as PostgreSQL prints a row, sorted, one per line.
    static func rows(_ query: String, on database: Database) async throws -> String {
        var lines: [String] = []
        for try await line in try await database.query(
            PostgresQuery(unsafeSQL: "SELECT t::text FROM (\(query)) AS t"), logger: Logger(label: "test")
        ).decode(String.self) {
            lines.append(line)
        }
        return lines.sorted().joined(separator: "\n")
    }

    /// The count `query` selects.
    static func count(_ query: String, on database: Database) async throws -> Int {
        for try await count in try await database.query(PostgresQuery(unsafeSQL: query), logger: Logger(label: "test"))
            .decode(Int.self)
        {
            return count
        }
        return 0
    }

    /// `date` in milliseconds since 1970, as ``epochMilliseconds(_:)`` selects a column.
    static func milliseconds(_ date: Date) -> String {
        String(Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }
}
