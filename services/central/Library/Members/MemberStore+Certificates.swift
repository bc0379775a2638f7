import Foundation
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// Members' registered certificates (`central.member_certificates`).
extension MemberStore {
    /// A certificate to register, parsed and checked by the caller.
    struct NewCertificate: Sendable {
        /// SHA-256 of the DER, lowercase hex.
        var fingerprint: String
        /// The member it belongs to.
        var organisationID: String
        /// Connection (mTLS) or document signing.
        var usage: Vdxp_Central_V1_CertificateUsage
        /// The certificate, DER.
        var der: Data
        /// Its subject, as text.
        var subject: String
        /// The start of its validity.
        var notBefore: Date
        /// The end of its validity.
        var notAfter: Date
    }

    /// A certificate whose expiry warning is due, with the contact of its member.
    struct ExpiringCertificate: Sendable {
        var fingerprint: String
        /// Whose certificate it is: a member, or a represented unit (its seal).
        var organisationID: String
        /// The member told: the owner, or the member a unit is registered under (a unit has no contact of its own).
        var memberID: String
        var usage: Vdxp_Central_V1_CertificateUsage
        var subject: String
        var notAfter: Date
        var contactEmail: String
        var contactPhone: String
        var memberName: String
    }

    /// Registers `certificate`.
    ///
    /// - Throws: ``CentralError/certificateAlreadyRegistered(fingerprint:)`` when it is registered (to any member).
    func insert(_ certificate: NewCertificate, on connection: PostgresConnection) async throws {
        do {
            try await database.query(
                """
                INSERT INTO central.member_certificates
                    (fingerprint, organisation_id, usage, certificate_der, subject, not_before, not_after)
                VALUES (\(certificate.fingerprint), \(certificate.organisationID), \(certificate.usage),
                        \(certificate.der), \(certificate.subject), \(certificate.notBefore), \(certificate.notAfter))
                """, on: connection, logger: logger)
        } catch let error as PSQLError where error.isUniqueViolation {
            throw CentralError.certificateAlreadyRegistered(fingerprint: certificate.fingerprint)
        }
    }

    /// Removes certificate `fingerprint` of `organisationID`; returns whether there was one.
    func removeCertificate(
        _ fingerprint: String, of organisationID: String, on connection: PostgresConnection
    ) async throws -> Bool {
        try await database.query(
            """
            DELETE FROM central.member_certificates
            WHERE organisation_id = \(organisationID) AND fingerprint = \(fingerprint) RETURNING fingerprint
            """, on: connection, logger: logger
        ).collect().count == 1
    }

    /// Removes every certificate of `organisationID` (a represented unit being removed); returns how many.
    @discardableResult
    func removeAllCertificates(of organisationID: String, on connection: PostgresConnection) async throws -> Int {
        try await database.query(
            "DELETE FROM central.member_certificates WHERE organisation_id = \(organisationID) RETURNING fingerprint",
            on: connection, logger: logger
        ).collect().count
    }

    /// The certificates of `organisationID`, oldest first; with their DER when `includeDER`.
    func certificates(
        of organisationID: String, includeDER: Bool, on connection: PostgresConnection? = nil
    ) async throws -> [Vdxp_Central_V1_MemberCertificate] {
        let rows = try await database.query(
            """
            SELECT fingerprint, usage, certificate_der, subject, not_before, not_after, add_time
            FROM central.member_certificates WHERE organisation_id = \(organisationID) ORDER BY add_time, fingerprint
            """, on: connection, logger: logger)
        var certificates: [Vdxp_Central_V1_MemberCertificate] = []
        for try await row in rows.decode(
            (String, Vdxp_Central_V1_CertificateUsage, Data, String, Date, Date, Date).self)
        {
            certificates.append(Self.certificate(row, includeDER: includeDER))
        }
        return certificates
    }

    /// The certificates of each of `organisationIDs`, with their DER, by organisation id, each member's oldest
    /// first: one query for a page of members.
    func certificates(of organisationIDs: [String]) async throws -> [String: [Vdxp_Central_V1_MemberCertificate]] {
        var certificates: [String: [Vdxp_Central_V1_MemberCertificate]] = [:]
        for try await row in try await database.query(
            """
            SELECT organisation_id, fingerprint, usage, certificate_der, subject, not_before, not_after, add_time
            FROM central.member_certificates WHERE organisation_id = ANY(\(organisationIDs))
            ORDER BY organisation_id, add_time, fingerprint
            """, logger: logger
        ).decode((String, String, Vdxp_Central_V1_CertificateUsage, Data, String, Date, Date, Date).self) {
            certificates[row.0, default: []].append(
                Self.certificate((row.1, row.2, row.3, row.4, row.5, row.6, row.7), includeDER: true))
        }
        return certificates
    }

    /// Every member's certificates without their DER, by organisation id, each member's oldest first.
    func allCertificates(on connection: PostgresConnection) async throws
        -> [String: [Vdxp_Central_V1_MemberCertificate]]
    {
        var certificates: [String: [Vdxp_Central_V1_MemberCertificate]] = [:]
        for try await row in try await database.query(
            """
            SELECT organisation_id, fingerprint, usage, ''::bytea, subject, not_before, not_after, add_time
            FROM central.member_certificates ORDER BY organisation_id, add_time, fingerprint
            """, on: connection, logger: logger
        ).decode((String, String, Vdxp_Central_V1_CertificateUsage, Data, String, Date, Date, Date).self) {
            certificates[row.0, default: []].append(
                Self.certificate((row.1, row.2, row.3, row.4, row.5, row.6, row.7), includeDER: false))
        }
        return certificates
    }

    /// Certificates expiring after `now` and by `horizon` whose member was not warned yet — a represented unit's seal
    /// through the member it is registered under — soonest first, at most `limit`, locked for the caller's transaction
    /// (`SKIP LOCKED`: replicas sweeping together share the work).
    func certificatesAwaitingExpiryNotice(
        now: Date, horizon: Date, limit: Int, on connection: PostgresConnection
    ) async throws -> [ExpiringCertificate] {
        let rows = try await database.query(
            """
            SELECT c.fingerprint, c.organisation_id, m.organisation_id, c.usage, c.subject, c.not_after,
                   m.contact_email, m.contact_phone, coalesce(u.display_name, m.display_name)
            FROM central.member_certificates c
            LEFT JOIN central.represented_units u ON u.organisation_id = c.organisation_id
            JOIN central.members m ON m.organisation_id = coalesce(u.parent_organisation_id, c.organisation_id)
            WHERE c.expiry_notice_time IS NULL AND c.not_after > \(now) AND c.not_after <= \(horizon)
            ORDER BY c.not_after LIMIT \(limit)
            FOR UPDATE OF c SKIP LOCKED
            """, on: connection, logger: logger)
        var due: [ExpiringCertificate] = []
        for try await row in rows.decode(
            (String, String, String, Vdxp_Central_V1_CertificateUsage, String, Date, String, String, String).self)
        {
            due.append(
                ExpiringCertificate(
                    fingerprint: row.0, organisationID: row.1, memberID: row.2, usage: row.3, subject: row.4,
                    notAfter: row.5, contactEmail: row.6, contactPhone: row.7, memberName: row.8))
        }
        return due
    }

    /// Records that the expiry warning of certificate `fingerprint` was sent at `time`.
    func recordExpiryNotice(_ fingerprint: String, at time: Date, on connection: PostgresConnection) async throws {
        try await database.query(
            "UPDATE central.member_certificates SET expiry_notice_time = \(time) WHERE fingerprint = \(fingerprint)",
            on: connection, logger: logger)
    }

    /// A certificate message from a row of (fingerprint, usage, DER, subject, not before, not after, add time).
    static func certificate(
        _ row: (String, Vdxp_Central_V1_CertificateUsage, Data, String, Date, Date, Date), includeDER: Bool
    ) -> Vdxp_Central_V1_MemberCertificate {
        .with {
            $0.fingerprintSha256 = row.0
            $0.usage = row.1
            if includeDER { $0.certificateDer = row.2 }
            $0.subject = row.3
            $0.notBefore = .init(date: row.4)
            $0.notAfter = .init(date: row.5)
            $0.addTime = .init(date: row.6)
        }
    }
}
