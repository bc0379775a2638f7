import Foundation
import Testing
import VDXPDevelopment
import VDXPStore

@testable import VDXPRuntime

/// Configuration from `VDXP_*` environment variables, overridden by flags (docs/design.md, "Configuration").
@Suite("Settings")
struct SettingsTests {
    @Test("a flag overrides the environment variable of the same name, in both flag forms")
    func flagsOverrideEnvironment() throws {
        let environment = ["VDXP_GRPC_ADDRESS": "0.0.0.0:7200", "VDXP_LOG_LEVEL": "info", "HOME": "/root"]
        let settings = try Settings(
            environment: environment,
            arguments: ["--grpc-address", "127.0.0.1:9000", "--log-level=debug", "--migrate-only"])
        #expect(settings.optional("GRPC_ADDRESS") == "127.0.0.1:9000")
        #expect(settings.optional("LOG_LEVEL") == "debug")
        #expect(try settings.bool("MIGRATE_ONLY", default: false))
        #expect(settings.optional("HOME") == nil, "only VDXP_ variables are read")
    }

    @Test("a missing or malformed setting names the variable, its flag and what to write")
    func clearErrors() throws {
        let missing = #expect(throws: SettingsError.self) {
            try Settings([:]).required("DATABASE_URL", "the PostgreSQL URL")
        }
        #expect(missing?.description.contains("VDXP_DATABASE_URL") == true)
        #expect(missing?.description.contains("--database-url") == true)
        let badNumber = #expect(throws: SettingsError.self) {
            try Settings(["VDXP_SHUTDOWN_GRACE_SECONDS": "soon"]).integer(
                "SHUTDOWN_GRACE_SECONDS", default: 20, in: 1...600)
        }
        #expect(badNumber?.description.contains("1 to 600") == true)
        let badAddress = #expect(throws: SettingsError.self) {
            try Settings(["VDXP_GRPC_ADDRESS": "everywhere"]).address("GRPC_ADDRESS", default: "0.0.0.0:7200")
        }
        #expect(badAddress?.description.contains("host:port") == true)
        #expect(throws: SettingsError.self) { try Settings(environment: [:], arguments: ["stray"]) }
    }

    @Test("addresses parse IPv4, names and bracketed IPv6")
    func addresses() {
        #expect(HostAndPort("127.0.0.1:7100") == HostAndPort(host: "127.0.0.1", port: 7100))
        #expect(HostAndPort("vdxp-central:7100")?.host == "vdxp-central")
        #expect(HostAndPort("[::1]:7100") == HostAndPort(host: "::1", port: 7100))
        #expect(HostAndPort("[::1]:7100")?.description == "[::1]:7100")
        #expect(HostAndPort("no-port") == nil)
        #expect(HostAndPort("host:70000") == nil)
    }

    @Test("the database URL is parsed with its TLS mode and printed without its password")
    func databaseURL() throws {
        let url = try DatabaseURL("postgres://vdxp:s%40cret@db.internal:6432/vdxp?sslmode=require")
        #expect(url.user == "vdxp")
        #expect(url.password == "s@cret")
        #expect(url.port == 6432)
        #expect(url.sslMode == "require")
        #expect(!url.description.contains("cret"))
        #expect(throws: (any Error).self) { try DatabaseURL("mysql://x@y/z") }
        #expect(url.description.hasPrefix("postgres://vdxp:***@db.internal:6432/vdxp"))
        #expect(throws: (any Error).self) { try DatabaseURL("postgres://db.internal/vdxp") }
        #expect(throws: (any Error).self) { try DatabaseURL("postgres://u@db.internal/vdxp?sslmode=verify-full") }
    }

    @Test("a service names its database connections after itself unless the URL names them")
    func applicationName() throws {
        try Self.withConfigurations { configuration in
            let named = try configuration(["VDXP_DATABASE_URL": "postgres://u@db/vdxp"])
            #expect(named.databaseURL.applicationName == "vdxp-exchange")
            #expect(named.readDatabaseURL.applicationName == "vdxp-exchange")
            let chosen = try configuration([
                "VDXP_DATABASE_URL": "postgres://u@db/vdxp?application_name=exchange-a",
                "VDXP_READ_DATABASE_URL": "postgres://u@replica/vdxp",
            ])
            #expect(chosen.databaseURL.applicationName == "exchange-a")
            #expect(chosen.readDatabaseURL.applicationName == "vdxp-exchange")
        }
    }

    @Test("a service runs one event loop per core unless VDXP_EVENT_LOOPS names 1 to 64")
    func eventLoops() throws {
        try Self.withConfigurations { configuration in
            let database = ["VDXP_DATABASE_URL": "postgres://u@db/vdxp"]
            let unset = try configuration(database)
            let four = try configuration(database.merging(["VDXP_EVENT_LOOPS": "4"]) { $1 })
            #expect(unset.eventLoops == nil)
            #expect(four.eventLoops == 4)
            for refused in ["0", "65", "many"] {
                #expect(throws: SettingsError.self, "VDXP_EVENT_LOOPS=\(refused)") {
                    try configuration(database.merging(["VDXP_EVENT_LOOPS": refused]) { $1 })
                }
            }
        }
    }

    @Test("every RPC is logged unless VDXP_RPC_LOG=failures; another value stops the start, naming both")
    func rpcLog() throws {
        try Self.withConfigurations { configuration in
            let database = ["VDXP_DATABASE_URL": "postgres://u@db/vdxp"]
            let (unset, failures) = (
                try configuration(database), try configuration(database.merging(["VDXP_RPC_LOG": "failures"]) { $1 })
            )
            #expect(unset.rpcLog == .all)
            #expect(failures.rpcLog == .failures)
            let error = #expect(throws: SettingsError.self) {
                try configuration(database.merging(["VDXP_RPC_LOG": "errors"]) { $1 })
            }
            #expect(error?.description.contains("use all") == true, "\(error?.description ?? "")")
        }
    }

    /// Runs `body` with a maker of Exchange's configuration from some settings, beside readable (empty) files for the
    /// paths the configuration checks.
    @Test("a listener's address is an IP address or localhost: a host name is refused at start, naming the variable")
    func listenersBindAddresses() throws {
        try Self.withConfigurations { configuration in
            for good in ["0.0.0.0:7200", "127.0.0.1:0", "[::]:7200", "localhost:7200"] {
                let address = try configuration([
                    "VDXP_DATABASE_URL": "postgres://u@db/vdxp", "VDXP_GRPC_ADDRESS": good,
                ])
                .grpcAddress.description
                #expect(address == good)
            }
            for bad in ["vdxp-exchange:7200", "10.0.0.256:7200", "10.0.0:7200"] {
                let error = #expect(throws: SettingsError.self, "\(bad)") {
                    try configuration(["VDXP_DATABASE_URL": "postgres://u@db/vdxp", "VDXP_METRICS_ADDRESS": bad])
                }
                #expect(error?.description.contains("VDXP_METRICS_ADDRESS") == true, "\(error?.description ?? "")")
            }
        }
    }

    @Test(
        "a service does not start with a certificate that expired or a key that is not the certificate's, and says which variable to fix"
    )
    func serviceIdentityChecked() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vdxp-identity-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pki = try DevelopmentPKI.generate(
            in: directory, services: ["exchange"], operators: [], members: [TestPlatform.sender])
        let exchange = try #require(pki.services["exchange"])
        let member = try #require(pki.members[TestPlatform.sender.organisationID])
        let expired = try SecurityMatrixTests.expiredCertificate(pki: pki)
        let valid = try ServiceIdentityCheck.expiry(certificatePath: exchange.certificate, keyPath: exchange.key)
        #expect(valid > Date(), "the expiry the gauge publishes")
        let cases: [(certificate: String, key: String, expected: [String])] = [
            (expired.certificate, expired.key, ["VDXP_TLS_CERTIFICATE", "expired", "restart the pod"]),
            (exchange.certificate, member.connectionKey, ["VDXP_TLS_KEY", "is not the key of VDXP_TLS_CERTIFICATE"]),
            (pki.platformCAKey, exchange.key, ["VDXP_TLS_CERTIFICATE cannot be read"]),
        ]
        for (certificate, key, expected) in cases {
            let error = #expect(throws: SettingsError.self) {
                try ServiceIdentityCheck.expiry(certificatePath: certificate, keyPath: key)
            }
            for text in expected {
                #expect(error?.description.contains(text) == true, "\(error?.description ?? "")")
            }
        }
    }

    private static func withConfigurations(
        _ body: (_ configuration: ([String: String]) throws -> ServiceConfiguration) throws -> Void
    ) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vdxp-settings-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pki = try DevelopmentPKI.generate(
            in: directory.appendingPathComponent("pki").path, services: ["exchange"], operators: [], members: [])
        let identity = try #require(pki.services["exchange"])
        var files = ["VDXP_TLS_CERTIFICATE": identity.certificate, "VDXP_TLS_KEY": identity.key]
        for name in ["PLATFORM_CA", "CONFIGURATION_ANCHOR"] {
            let path = directory.appendingPathComponent(name + ".pem").path
            try Data().write(to: URL(fileURLWithPath: path))
            files["VDXP_" + name] = path
        }
        try body { values in
            try ServiceConfiguration(service: "exchange", settings: Settings(files.merging(values) { _, new in new }))
        }
    }
}
