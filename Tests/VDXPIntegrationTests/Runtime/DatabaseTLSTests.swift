import Foundation
import Logging
import NIOCore
import PostgresNIO
import Testing
import VDXPDevelopment
import VDXPLocalCluster
import VDXPRuntime
import VDXPStore

/// A service's connections to PostgreSQL are TLS with the server's certificate verified unless its URL says
/// otherwise, and a database with a CA of its own (CloudNativePG's) is trusted through `sslrootcert`. Against a real
/// PostgreSQL whose TLS certificate the development platform CA issued for 127.0.0.1.
@Suite("The database connection is verified TLS unless the URL says otherwise", .timeLimit(.minutes(5)))
struct DatabaseTLSTests {
    @Test(
        "with sslrootcert the connection is TLS to the server that CA certified; without it, or without sslmode, an untrusted server is refused, never spoken to in plaintext"
    )
    func verifiedConnection() async throws {
        let logger = Logger(label: "vdxp.test.database-tls")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vdxp-dbtls-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pki = try DevelopmentPKI.generate(in: directory, services: ["central"], operators: [], members: [])
        let server = try #require(pki.services["central"])
        let (cluster, endpoint) = try await LocalPostgresCluster.temporary(logger: logger)
        do {
            let (certificate, key) = try Self.serverFiles(server, for: cluster)
            try await Self.connect(try DatabaseURL(endpoint.url), logger: logger) { connection in
                // TLS settings take effect on a reload (PostgreSQL ≥ 10).
                for statement in [
                    "ALTER SYSTEM SET ssl_cert_file = '\(certificate)'", "ALTER SYSTEM SET ssl_key_file = '\(key)'",
                    "ALTER SYSTEM SET ssl = on",
                    "SELECT pg_reload_conf()",
                ] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).collect()
                }
            }
            let base = "postgres://\(endpoint.user)@\(endpoint.host):\(endpoint.port)/\(endpoint.database)"
            try await TestMonitoring.eventually("the server offers TLS", within: .seconds(30)) {
                (try? await Self.usesTLS(try DatabaseURL("\(base)?sslrootcert=\(pki.platformCA)"), logger: logger))
                    == true
            }
            #expect(try await Self.usesTLS(try DatabaseURL("\(base)?sslmode=disable"), logger: logger) == false)
            for untrusted in ["\(base)?sslmode=require", base] {
                await #expect(throws: (any Error).self, "\(untrusted): a server no trusted CA certified") {
                    _ = try await Self.usesTLS(try DatabaseURL(untrusted), logger: logger)
                }
            }
        } catch {
            try? await cluster.destroy()
            throw error
        }
        try await cluster.destroy()
    }

    @Test(
        "a database URL is refused at start-up, naming its variable, for a misspelt parameter, an unreadable sslrootcert or a port out of range; a percent-encoded password is decoded once"
    )
    func refusedURLs() throws {
        let password = try DatabaseURL("postgres://vdxp:p%2541ss@db.internal/vdxp")
        #expect(password.password == "p%41ss")
        #expect(password.sslMode == "require", "secure unless the URL says otherwise")
        let refusals = [
            "postgres://u@db/vdxp?sslmod=disable": "parameter sslmod",
            "postgres://u@db/vdxp?sslrootcert=/nonexistent/ca.pem": "cannot be read",
            "postgres://u@db:99999/vdxp": "port",
        ]
        for (url, reason) in refusals {
            let error = #expect(throws: DatabaseURLError.self, "\(url)") {
                try DatabaseURL(url, variable: "VDXP_READ_DATABASE_URL")
            }
            #expect(
                error?.description.contains("VDXP_READ_DATABASE_URL") == true, "\(url): \(error?.description ?? "")")
            #expect(error?.description.contains(reason) == true, "\(url): \(error?.description ?? "")")
        }
    }

    /// Copies the server's certificate and key into the cluster's directory, owned by whoever owns its data (the
    /// server refuses a key that others may read, and runs as another user than root).
    private static func serverFiles(
        _ server: DevelopmentPKIPaths.Identity, for cluster: LocalPostgresCluster
    ) throws -> (certificate: String, key: String) {
        let files = FileManager.default
        let owner = try files.attributesOfItem(atPath: cluster.dataDirectory)[.ownerAccountID]
        let copies = (certificate: cluster.directory + "/server.pem", key: cluster.directory + "/server-key.pem")
        for (source, copy) in [(server.certificate, copies.certificate), (server.key, copies.key)] {
            try files.copyItem(atPath: source, toPath: copy)
            try files.setAttributes([.ownerAccountID: owner as Any, .posixPermissions: 0o600], ofItemAtPath: copy)
        }
        return copies
    }

    /// Whether a connection made with `url` is encrypted, as the server sees it.
    private static func usesTLS(_ url: DatabaseURL, logger: Logger) async throws -> Bool {
        try await connect(url, logger: logger) { connection in
            let rows = try await connection.query(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: logger
            ).collect()
            return try #require(rows.first).decode(Bool.self)
        }
    }

    /// Runs `body` on one connection made with `url`, closed after.
    private static func connect<Result>(
        _ url: DatabaseURL, logger: Logger, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await PostgresConnection.connect(
            configuration: try url.connectionConfiguration(connectTimeout: .seconds(10)), id: 1, logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
