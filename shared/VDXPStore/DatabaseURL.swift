public import Foundation
public import NIOCore
import NIOSSL
public import PostgresNIO

/// The location of the PostgreSQL database, parsed from a URL such as
/// `postgres://vdxp:secret@db.internal:5432/vdxp?sslmode=require&sslrootcert=/etc/vdxp/database-ca/ca.crt`.
///
/// Supported query parameters:
/// - `sslmode` = `disable`, `prefer` or `require` (default `require`: secure unless said otherwise, where libpq's
///   default `prefer` falls back to plaintext when the server — or whoever sits between — offers no TLS). With
///   `require` (and `prefer`, when TLS is used) the server's certificate must chain to a trusted CA and name the
///   host, unlike libpq's `require`, which checks neither.
/// - `sslrootcert` = the PEM file of the CAs to trust instead of the system's (a database with a CA of its own, as
///   CloudNativePG's); it must be readable.
/// - `application_name` names the connections in `pg_stat_activity` (each service sets `vdxp-<service>` when the
///   URL names none).
///
/// Any other parameter is refused, so that a misspelt one does not silently weaken the connection.
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// Host name or address.
    public var host: String
    /// TCP port.
    public var port: Int
    /// User name.
    public var user: String
    /// Password, if any.
    public var password: String?
    /// Database name.
    public var database: String
    /// TLS mode: `disable`, `prefer` or `require`.
    public var sslMode: String
    /// The PEM file of the CAs trusted for the server's certificate, if not the system's.
    public var sslRootCertificatePath: String?
    /// What PostgreSQL shows as the connections' `application_name`, if anything.
    public var applicationName: String?

    /// The query parameters a URL may carry.
    static let parameters: Set<String> = ["sslmode", "sslrootcert", "application_name"]

    /// Parses a `postgres://` or `postgresql://` URL, read from the environment variable `variable` (named in the
    /// errors).
    public init(_ string: String, variable: String = "VDXP_DATABASE_URL") throws(DatabaseURLError) {
        guard let components = URLComponents(string: string),
            let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql"
        else {
            throw DatabaseURLError("\(variable) must look like postgres://user:password@host:5432/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw DatabaseURLError("\(variable) has no host: write postgres://user@host:5432/database")
        }
        guard let user = components.user, !user.isEmpty else {
            throw DatabaseURLError("\(variable) has no user: write postgres://user@\(host):5432/database")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw DatabaseURLError("\(variable) names no database: end it with /database")
        }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else {
            throw DatabaseURLError("\(variable) names port \(port): use a port from 1 to 65535")
        }
        let items = components.queryItems ?? []
        if let unknown = items.first(where: { !Self.parameters.contains($0.name) }) {
            throw DatabaseURLError(
                "\(variable) has the parameter \(unknown.name), which VDXP does not read: use only sslmode, sslrootcert "
                    + "and application_name")
        }
        let sslMode = items.first(where: { $0.name == "sslmode" })?.value ?? "require"
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw DatabaseURLError(
                "\(variable) has sslmode=\(sslMode), which is not supported: use disable, prefer or require")
        }
        let rootCertificate = items.first(where: { $0.name == "sslrootcert" })?.value
        if let rootCertificate, !FileManager.default.isReadableFile(atPath: rootCertificate) {
            throw DatabaseURLError(
                "\(variable) has sslrootcert=\(rootCertificate), which cannot be read: name the PEM file of the "
                    + "database's CA")
        }
        self.host = host
        self.port = port
        // URLComponents gives the user and password decoded already: decoding again would turn a password's
        // literal "%41" into "A".
        self.user = user
        self.password = components.password
        self.database = database
        self.sslMode = sslMode
        self.sslRootCertificatePath = rootCertificate
        self.applicationName = items.first(where: { $0.name == "application_name" })?.value
    }

    /// The URL with the password hidden, for logs.
    public var description: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)?sslmode=\(sslMode)"
    }

    /// A postgres-nio client configuration for this URL.
    public func clientConfiguration(maximumConnections: Int = 20) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require": tls = .require(tlsConfiguration)
        default: tls = .prefer(tlsConfiguration)
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls
        )
        configuration.options.maximumConnections = maximumConnections
        configuration.options.minimumConnections = 1
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }
}

extension DatabaseURL {
    /// A postgres-nio configuration for one connection outside the pool (the database probe's), giving up on
    /// connecting after `connectTimeout`. Throws if the TLS context cannot be made.
    public func connectionConfiguration(
        connectTimeout: TimeAmount = .seconds(1)
    ) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require": tls = .require(try NIOSSLContext(configuration: tlsConfiguration))
        default: tls = .prefer(try NIOSSLContext(configuration: tlsConfiguration))
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = connectTimeout
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    /// How the server's certificate is checked: against `sslrootcert`'s CAs if the URL names them, else the
    /// system's; the host name always.
    private var tlsConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let sslRootCertificatePath {
            configuration.trustRoots = .file(sslRootCertificatePath)
        }
        return configuration
    }

    /// The startup parameters beyond user and database: the application name, when there is one.
    private var startupParameters: [(String, String)] {
        applicationName.map { [("application_name", $0)] } ?? []
    }
}

/// A database URL that cannot be used, with what to write instead.
public struct DatabaseURLError: Error, CustomStringConvertible, Sendable {
    /// What is wrong and how to fix it.
    public let description: String

    init(_ description: String) { self.description = description }
}
