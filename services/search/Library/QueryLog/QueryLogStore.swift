import Foundation
import Logging
import PostgresNIO
import VDXPStore

/// The query log (`search.query_log`): every search, lookup and trace with its caller, filters and result count.
/// Written to the primary; read by the operator with `ListQueryLog`.
struct QueryLogStore: Sendable {
    let database: Database
    let logger: Logger

    /// One logged query.
    struct Entry: Sendable, Equatable {
        var queryID: Int64 = 0
        var queryTime: Date
        var caller: String
        var method: String
        var queryText: String
        var filtersJSON: String
        var resultCount: Int64
        var elapsedMilliseconds: Int64
    }

    /// Appends an entry.
    func append(_ entry: Entry) async throws {
        try await database.query(
            """
            INSERT INTO search.query_log (
                query_time, caller, method, query_text, filters_json, result_count, elapsed_milliseconds)
            VALUES (
                \(entry.queryTime), \(entry.caller), \(entry.method), \(entry.queryText), \(entry.filtersJSON),
                \(entry.resultCount), \(entry.elapsedMilliseconds))
            """, logger: logger)
    }

    /// Deletes at most `limit` entries logged before `cutoff`, oldest first (by `query_log_by_time`); returns how many.
    func delete(loggedBefore cutoff: Date, limit: Int) async throws -> Int {
        var deleted = 0
        for try await _ in try await database.query(
            """
            DELETE FROM search.query_log WHERE query_id IN (
                SELECT query_id FROM search.query_log WHERE query_time < \(cutoff)
                ORDER BY query_time LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING 1
            """, logger: logger
        ).decode(Int32.self) {
            deleted += 1
        }
        return deleted
    }

    /// Entries before `beforeID`, newest first, by `caller` (when not empty), whose text contains `text`
    /// accent-insensitively (when not empty), in [`start`, `end`).
    func list(
        caller: String, text: String, start: Date?, end: Date?, beforeID: Int64, limit: Int
    ) async throws -> [Entry] {
        var entries: [Entry] = []
        for try await (id, time, who, method, queryText, filters, count, elapsed) in try await database.query(
            """
            SELECT query_id, query_time, caller, method, query_text, filters_json, result_count, elapsed_milliseconds
            FROM search.query_log
            WHERE query_id < \(beforeID)
              AND (\(caller) = '' OR caller = \(caller))
              AND (\(text) = '' OR strpos(search.fold(query_text), search.fold(\(text))) > 0)
              AND (\(start)::timestamptz IS NULL OR query_time >= \(start))
              AND (\(end)::timestamptz IS NULL OR query_time < \(end))
            ORDER BY query_id DESC LIMIT \(limit)
            """, logger: logger
        ).decode((Int64, Date, String, String, String, String, Int64, Int64).self) {
            entries.append(
                Entry(
                    queryID: id, queryTime: time, caller: who, method: method, queryText: queryText,
                    filtersJSON: filters, resultCount: count, elapsedMilliseconds: elapsed))
        }
        return entries
    }
}
