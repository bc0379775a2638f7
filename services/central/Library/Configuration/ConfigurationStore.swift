import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPStore

/// The global configuration as stored: its version counter (`central.configuration_version`), the notification that
/// tells every Central replica it changed, and the consistent read of everything it describes — members with their
/// certificates, gateways and represented units, the trust list and its revocation lists, the approved services — from their stores.
struct ConfigurationStore: Sendable {
    let database: Database
    let members: MemberStore
    let authorities: TrustedAuthorityStore
    let services: ServiceRegistryStore
    let units: RepresentedUnitStore
    let logger: Logger

    /// The channel on which Central replicas learn that the configuration changed.
    static let changeChannel = "central_configuration"

    /// Bumps the configuration version and notifies `changeChannel` (delivered when the caller's transaction
    /// commits).
    func recordChange(on connection: PostgresConnection) async throws {
        try await database.query(
            "UPDATE central.configuration_version SET version = version + 1", on: connection, logger: logger)
        try await database.query(
            PostgresQuery(unsafeSQL: "NOTIFY \(Self.changeChannel)"), on: connection, logger: logger)
    }

    /// Reads everything the global configuration describes at `now`, in one consistent snapshot: gateways in effect
    /// on that Vietnam-time day, authorities not retired by then.
    func content(now: Date) async throws -> Vdxp_Central_V1_GlobalConfiguration {
        try await database.withConnection { connection in
            try await database.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", on: connection, logger: logger)
            do {
                var configuration = Vdxp_Central_V1_GlobalConfiguration()
                configuration.version = try await version(on: connection)
                configuration.members = try await members.configuredMembers(
                    today: CalendarDate(now), units: units.units(under: nil, on: connection), on: connection)
                configuration.trustedAuthorities = try await authorities.all(on: connection).filter {
                    !$0.hasRetireTime || $0.retireTime.date > now
                }
                let trusted = Set(configuration.trustedAuthorities.map(\.fingerprintSha256))
                configuration.revocationLists = try await authorities.revocationLists(on: connection).filter {
                    trusted.contains($0.authorityFingerprintSha256)
                }
                configuration.services = try await services.approvedServices(on: connection)
                try await database.query("COMMIT", on: connection, logger: logger)
                return configuration
            } catch {
                _ = try? await database.query("ROLLBACK", on: connection, logger: logger)
                throw error
            }
        }
    }

    /// The current configuration version.
    private func version(on connection: PostgresConnection) async throws -> Int64 {
        var version: Int64 = 0
        for try await value in try await database.query(
            "SELECT version FROM central.configuration_version", on: connection, logger: logger
        ).decode(Int64.self) {
            version = value
        }
        return version
    }
}
