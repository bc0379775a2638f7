import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// The trust list (`central.trusted_authorities`): the CAs whose certificates members may register, their category
/// (Art. 6.5), and when each is retired. Their revocation lists are in `TrustedAuthorityStore+RevocationLists.swift`.
struct TrustedAuthorityStore: Sendable {
    let database: Database
    let logger: Logger

    /// Puts `authority` (fingerprint, DER, subject, display name, validity, category) on the trust list — or back on
    /// it, with what `authority` says, when it was retired before `now` (the way to trust a retired authority again, or
    /// to correct its category: retire it, then add it anew).
    ///
    /// - Throws: ``CentralError/authorityAlreadyTrusted(fingerprint:)`` when it is on the list and not retired yet.
    func insert(
        _ authority: Vdxp_Central_V1_TrustedAuthority, at now: Date, on connection: PostgresConnection
    ) async throws {
        let added = try await database.query(
            """
            INSERT INTO central.trusted_authorities
                (fingerprint, certificate_der, subject, display_name, not_before, not_after, category)
            VALUES (\(authority.fingerprintSha256), \(authority.certificateDer), \(authority.subject),
                    \(authority.displayName), \(authority.notBefore.date), \(authority.notAfter.date),
                    \(authority.category))
            ON CONFLICT (fingerprint) DO UPDATE
                SET display_name = excluded.display_name, category = excluded.category, add_time = \(now),
                    retire_time = NULL, retire_reason = ''
                WHERE central.trusted_authorities.retire_time <= \(now)
            RETURNING fingerprint
            """, on: connection, logger: logger
        ).collect()
        guard !added.isEmpty else {
            throw CentralError.authorityAlreadyTrusted(fingerprint: authority.fingerprintSha256)
        }
    }

    /// What retiring an authority did.
    enum Retirement: Equatable {
        /// It is retired at the time asked.
        case retired
        /// It is not on the list.
        case notFound
        /// It is retired at this time already: before `now`, or scheduled earlier than asked.
        case alreadyRetired(Date)
    }

    /// Retires authority `fingerprint` at `time`, unless it is retired already (a retirement that has passed is final;
    /// one scheduled may only be brought forward).
    func retire(
        _ fingerprint: String, at time: Date, reason: String, now: Date, on connection: PostgresConnection
    ) async throws -> Retirement {
        var found = false
        var current: Date?
        for try await retireTime in try await database.query(
            "SELECT retire_time FROM central.trusted_authorities WHERE fingerprint = \(fingerprint) FOR UPDATE",
            on: connection, logger: logger
        ).decode(Date?.self) {
            found = true
            current = retireTime
        }
        guard found else { return .notFound }
        if let retireTime = current, retireTime <= now || retireTime <= time { return .alreadyRetired(retireTime) }
        try await database.query(
            """
            UPDATE central.trusted_authorities SET retire_time = \(time), retire_reason = \(reason)
            WHERE fingerprint = \(fingerprint)
            """, on: connection, logger: logger)
        return .retired
    }

    /// Sets (or, with `nil`, clears) where authority `fingerprint`'s CRL is fetched from; returns whether it is on
    /// the list. Clearing also forgets the last attempt.
    func setRevocationListURL(
        _ url: String?, of fingerprint: String, on connection: PostgresConnection
    ) async throws -> Bool {
        try await database.query(
            """
            UPDATE central.trusted_authorities
            SET revocation_list_url = \(url), revocation_list_check_time = NULL, revocation_list_check_error = NULL
            WHERE fingerprint = \(fingerprint) RETURNING fingerprint
            """, on: connection, logger: logger
        ).collect().count == 1
    }

    /// Records an attempt to fetch authority `fingerprint`'s CRL: when, and why it failed (`nil` when it did not).
    func recordRevocationListCheck(of fingerprint: String, at time: Date, failure: String?) async throws {
        try await database.query(
            """
            UPDATE central.trusted_authorities
            SET revocation_list_check_time = \(time), revocation_list_check_error = \(failure)
            WHERE fingerprint = \(fingerprint)
            """, logger: logger)
    }

    /// Authority `fingerprint`, or nil.
    func authority(_ fingerprint: String) async throws -> Vdxp_Central_V1_TrustedAuthority? {
        try await all().first { $0.fingerprintSha256 == fingerprint }
    }

    /// The whole list, retired authorities included, ordered by fingerprint.
    func all(on connection: PostgresConnection? = nil) async throws -> [Vdxp_Central_V1_TrustedAuthority] {
        let rows = try await database.query(
            """
            SELECT fingerprint, certificate_der, subject, display_name, not_before, not_after, add_time, retire_time,
                   retire_reason, category, revocation_list_url, revocation_list_check_time,
                   revocation_list_check_error
            FROM central.trusted_authorities ORDER BY fingerprint
            """, on: connection, logger: logger)
        var authorities: [Vdxp_Central_V1_TrustedAuthority] = []
        for try await row in rows.decode(
            (
                String, Data, String, String, Date, Date, Date, Date?, String, Vdxp_Central_V1_AuthorityCategory,
                String?, Date?, String?
            ).self)
        {
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
                    $0.category = row.9
                    $0.revocationListURL = row.10 ?? ""
                    if let checked = row.11 { $0.revocationListCheckTime = .init(date: checked) }
                    $0.revocationListCheckError = row.12 ?? ""
                })
        }
        return authorities
    }
}
