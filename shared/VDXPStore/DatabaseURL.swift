public import Foundation
public import NIOCore
import NIOSSL
public import PostgresNIO

/// The location of the PostgreSQL database, parsed from a URL such as
/// `postgres://vdxp:secret@db.internal:5432/vdxp?sslmode=require`.
///
/// Supported query parameters: `sslmode` = `disable`, `prefer` or `require` (default `prefer`, as libpq).
/// With `require` the server certificate is verified against the system trust store. `application_name` names the
/// connections in `pg_stat_activity` (each service sets `vdxp-<service>` when the URL names none).
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
    /// What PostgreSQL shows as the connections' `application_name`, if anything.
    public var applicationName: String?

    /// Parses a `postgres://` or `postgresql://` URL.
    public init(_ string: String) throws(DatabaseURLError) {
        guard let components = URLComponents(string: string),
            let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql"
        else {
            throw DatabaseURLError("VDXP_DATABASE_URL must look like postgres://user:password@host:5432/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw DatabaseURLError("VDXP_DATABASE_URL has no host: write postgres://user@host:5432/database")
        }
        guard let user = components.user, !user.isEmpty else {
            throw DatabaseURLError("VDXP_DATABASE_URL has no user: write postgres://user@\(host):5432/database")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw DatabaseURLError("VDXP_DATABASE_URL names no database: end it with /database")
        }
        let sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw DatabaseURLError("sslmode=\(sslMode) is not supported: use disable, prefer or require")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
        self.sslMode = sslMode
        self.applicationName = components.queryItems?.first(where: { $0.name == "application_name" })?.value
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
        case "require": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
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
        case "require": tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = connectTimeout
        configuration.options.additionalStartupParameters = startupParameters
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
