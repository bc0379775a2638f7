import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Reads and writes the `central` schema. Every mutation runs in one transaction that also bumps the configuration
/// version, appends to the audit log and notifies `central_configuration`, so that a committed change is always
/// published and always audited.
struct CentralRepository: Sendable {
    let database: Database
    let logger: Logger

    /// The channel on which Central replicas learn that the configuration changed.
    static let configurationChannel = "central_configuration"

    /// Runs `body` in a transaction with the configuration bump, audit record and notification.
    @discardableResult
    func mutate<Result: Sendable>(
        actor: String, action: String, target: String, reason: String = "",
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await database.transaction(logger: logger) { connection in
            let result = try await body(connection)
            try await connection.query(
                "UPDATE central.configuration_version SET version = version + 1", logger: logger)
            try await connection.query(
                """
                INSERT INTO central.audit_log (actor, action, target, reason)
                VALUES (\(actor), \(action), \(target), \(reason))
                """, logger: logger)
            try await connection.query(
                PostgresQuery(unsafeSQL: "NOTIFY \(Self.configurationChannel)"), logger: logger)
            return result
        }
    }

    // MARK: Certificates

    func certificates(
        of organisationID: String, includeDER: Bool, on connection: PostgresConnection? = nil
    ) async throws -> [Vdxp_Central_V1_MemberCertificate] {
        let query: PostgresQuery = """
            SELECT fingerprint, usage, certificate_der, subject, not_before, not_after, add_time
            FROM central.member_certificates WHERE organisation_id = \(organisationID) ORDER BY add_time, fingerprint
            """
        let rows =
            if let connection { try await connection.query(query, logger: logger) } else {
                try await database.query(query, logger: logger)
            }
        var certificates: [Vdxp_Central_V1_MemberCertificate] = []
        for try await row in rows.decode((String, Int, Data, String, Date, Date, Date).self) {
            certificates.append(Self.certificate(row, includeDER: includeDER))
        }
        return certificates
    }

    static func certificate(
        _ row: (String, Int, Data, String, Date, Date, Date), includeDER: Bool
    ) -> Vdxp_Central_V1_MemberCertificate {
        .with {
            $0.fingerprintSha256 = row.0
            $0.usage = Vdxp_Central_V1_CertificateUsage(rawValue: row.1) ?? .unspecified
            if includeDER { $0.certificateDer = row.2 }
            $0.subject = row.3
            $0.notBefore = .init(date: row.4)
            $0.notAfter = .init(date: row.5)
            $0.addTime = .init(date: row.6)
        }
    }

    // MARK: Trust list

    func trustedAuthorities(on connection: PostgresConnection? = nil) async throws -> [Vdxp_Central_V1_TrustedAuthority]
    {
        let query: PostgresQuery = """
            SELECT fingerprint, certificate_der, subject, display_name, not_before, not_after, add_time, retire_time,
                   retire_reason
            FROM central.trusted_authorities ORDER BY fingerprint
            """
        let rows =
            if let connection { try await connection.query(query, logger: logger) } else {
                try await database.query(query, logger: logger)
            }
        var authorities: [Vdxp_Central_V1_TrustedAuthority] = []
        for try await row in rows.decode((String, Data, String, String, Date, Date, Date, Date?, String).self) {
            authorities.append(
                .with {
                    $0.fingerprintSha256 = row.0
                    $0.certificateDer = row.1
                    $0.subject = row.2
                    $0.displayName = row.3
                    $0.notBefore = .init(date: row.4)
                    $0.notAfter = .init(date: row.5)
                    $0.addTime = .init(date: row.6)
                    if let retire = row.7 { $0.retireTime = .init(date: retire) }
                    $0.retireReason = row.8
                })
        }
        return authorities
    }

    // MARK: Global configuration

    /// Reads everything the global configuration describes at `now`, in one consistent snapshot: gateways in effect
    /// on that Vietnam-time day, authorities not retired by then.
    func configurationContent(now: Date) async throws -> Vdxp_Central_V1_GlobalConfiguration {
        try await database.withConnection { connection in
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                var configuration = Vdxp_Central_V1_GlobalConfiguration()
                for try await version in try await connection.query(
                    "SELECT version FROM central.configuration_version", logger: logger
                ).decode(Int64.self) {
                    configuration.version = version
                }
                var members: [String: Vdxp_Central_V1_ConfiguredMember] = [:]
                var order: [String] = []
                for try await row in try await connection.query(
                    """
                    SELECT organisation_id, display_name, kind, state, successor FROM central.members
                    ORDER BY organisation_id
                    """, logger: logger
                ).decode((String, String, Int, Int, String?).self) {
                    order.append(row.0)
                    members[row.0] = .with {
                        $0.organisationID = row.0
                        $0.displayName = row.1
                        $0.kind = Vdxp_Central_V1_OrganisationKind(rawValue: row.2) ?? .unspecified
                        $0.state = Vdxp_Central_V1_MemberState(rawValue: row.3) ?? .unspecified
                        $0.successorOrganisationID = row.4 ?? ""
                    }
                }
                let gateways = try await endpoints(of: nil, today: CalendarDate(now), on: connection)
                for (id, endpoint) in gateways.current { members[id]?.endpoint = endpoint }
                for (id, change) in gateways.pending { members[id]?.pendingEndpointChange = change }
                for try await row in try await connection.query(
                    """
                    SELECT organisation_id, fingerprint, usage, certificate_der, subject, not_before, not_after, add_time
                    FROM central.member_certificates ORDER BY organisation_id, add_time, fingerprint
                    """, logger: logger
                ).decode((String, String, Int, Data, String, Date, Date, Date).self) {
                    members[row.0]?.certificates.append(
                        Self.certificate((row.1, row.2, row.3, row.4, row.5, row.6, row.7), includeDER: false))
                }
                configuration.members = order.compactMap { members[$0] }
                configuration.trustedAuthorities = try await trustedAuthorities(on: connection).filter {
                    !$0.hasRetireTime || $0.retireTime.date > now
                }
                configuration.services = try await ServiceRegistryRepository(central: self).approvedServices(
                    on: connection)
                try await connection.query("COMMIT", logger: logger)
                return configuration
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }
}
