import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The services of Central's registry as Monitoring last saw them (`monitoring.registry_services`) and the version of
/// the configuration they come from (`monitoring.registry_follow`, one row): what ``ServiceRegistryFollower`` compares
/// each newer configuration with.
struct RegistryServiceStore: Sendable {
    let database: Database
    let logger: Logger

    /// The configuration version the services were last brought up to, locked for the caller's transaction (so
    /// that one replica at a time applies a configuration); nil before the first one.
    func lockFollowedVersion(on connection: PostgresConnection) async throws -> Int64? {
        try await database.query(
            """
            INSERT INTO monitoring.registry_follow (configuration_version) VALUES (0)
            ON CONFLICT (singleton) DO NOTHING
            """, on: connection, logger: logger)
        for try await version in try await database.query(
            "SELECT configuration_version FROM monitoring.registry_follow FOR UPDATE", on: connection, logger: logger
        ).decode(Int64.self) {
            return version == 0 ? nil : version
        }
        return nil
    }

    /// The configuration version last applied, read without a lock (for people and tests); nil before the first.
    func followedVersion() async throws -> Int64? {
        for try await version in try await database.query(
            "SELECT configuration_version FROM monitoring.registry_follow", on: nil, logger: logger
        ).decode(Int64.self) {
            return version == 0 ? nil : version
        }
        return nil
    }

    /// Records that the services are up to date with configuration `version`.
    func setFollowedVersion(_ version: Int64, on connection: PostgresConnection) async throws {
        try await database.query(
            "UPDATE monitoring.registry_follow SET configuration_version = \(version)", on: connection, logger: logger)
    }

    /// Every service kept, active or withdrawn.
    func all(on connection: PostgresConnection) async throws -> [RegistryService] {
        var services: [RegistryService] = []
        for try await row in try await database.query(
            """
            SELECT service_id, provider_organisation_id, code, display_name, audience, consumer_organisation_ids,
                   version, active
            FROM monitoring.registry_services
            """, on: connection, logger: logger
        ).decode((Int64, String, String, String, Int16, [String], Int64, Bool).self) {
            services.append(
                RegistryService(
                    serviceID: row.0, providerOrganisationID: row.1, code: row.2, displayName: row.3,
                    audience: Vdxp_Central_V1_ServiceAudience(rawValue: Int(row.4)) ?? .unspecified,
                    consumerOrganisationIDs: row.5, version: row.6, active: row.7))
        }
        return services
    }

    /// Saves `service` as it is now.
    func save(_ service: RegistryService, on connection: PostgresConnection) async throws {
        let audience = Int16(truncatingIfNeeded: service.audience.rawValue)
        try await database.query(
            """
            INSERT INTO monitoring.registry_services (service_id, provider_organisation_id, code, display_name, audience,
                                                      consumer_organisation_ids, version, active)
            VALUES (\(service.serviceID), \(service.providerOrganisationID), \(service.code), \(service.displayName),
                    \(audience), \(service.consumerOrganisationIDs), \(service.version), \(service.active))
            ON CONFLICT (service_id) DO UPDATE SET
                provider_organisation_id = EXCLUDED.provider_organisation_id, code = EXCLUDED.code,
                display_name = EXCLUDED.display_name, audience = EXCLUDED.audience,
                consumer_organisation_ids = EXCLUDED.consumer_organisation_ids, version = EXCLUDED.version,
                active = EXCLUDED.active
            """, on: connection, logger: logger)
    }
}
