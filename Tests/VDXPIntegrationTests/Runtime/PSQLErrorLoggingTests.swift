import Foundation
import PostgresNIO
import Testing
import VDXPStore

/// A database error in the log says what went wrong — the SQLSTATE, the constraint, the statement — but never the row
/// values PostgreSQL repeats in its DETAIL: an e-mail address, a telephone number, a username (Decree 13/2023).
@Suite("A database error is logged without the row values it repeats", .timeLimit(.minutes(5)))
struct PSQLErrorLoggingTests {
    @Test("a unique violation is logged with its SQLSTATE, constraint and statement, not the address it repeats")
    func uniqueViolation() async throws {
        try await TemporaryDatabase.withDatabase { database, logger in
            try await database.query(
                "CREATE TABLE contacts (email text CONSTRAINT contacts_email UNIQUE)", logger: logger)
            let email = "vanthu@hue.gov.vn"  // bound, as every store binds its values
            try await database.query("INSERT INTO contacts VALUES (\(email))", logger: logger)
            let error = await #expect(throws: PSQLError.self) {
                try await database.query("INSERT INTO contacts VALUES (\(email))", logger: logger)
            }
            let refused = try #require(error)
            #expect(String(reflecting: refused).contains(email), "the server's DETAIL repeats the value")
            let logged = loggedDescription(of: refused)
            #expect(!logged.contains(email), "\(logged)")
            for part in ["23505", "contacts_email", "contacts", "INSERT INTO contacts"] {
                #expect(logged.contains(part), "\(logged)")
            }
        }
    }
}
