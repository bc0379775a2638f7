import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore
import VDXPTrust

/// The trusted authorities' certificate revocation lists (`central.revocation_lists`): the latest verified CRL of
/// each authority, and its revoked serial numbers as the global configuration carries them.
extension TrustedAuthorityStore {
    /// The number and issue time of the list held for `authority`, or nil when none is held. Locks the row (or, when
    /// there is none, the authority's row) until the transaction ends, so that two uploads are ordered.
    func heldRevocationList(
        of authority: String, on connection: PostgresConnection
    ) async throws -> (number: Int64, thisUpdate: Date)? {
        _ = try await database.query(
            "SELECT fingerprint FROM central.trusted_authorities WHERE fingerprint = \(authority) FOR UPDATE",
            on: connection, logger: logger
        ).collect()
        for try await (number, thisUpdate) in try await database.query(
            """
            SELECT crl_number, this_update FROM central.revocation_lists
            WHERE authority_fingerprint = \(authority) FOR UPDATE
            """, on: connection, logger: logger
        ).decode((Int64, Date).self) {
            return (number, thisUpdate)
        }
        return nil
    }

    /// Stores `list` as the latest CRL of `authority`, replacing the one held.
    func storeRevocationList(
        _ list: CertificateRevocationList, of authority: String, on connection: PostgresConnection
    ) async throws {
        let der = Data(list.derEncoded)
        let serials = list.revokedSerialNumbers
        let number = list.number ?? 0
        try await database.query(
            """
            INSERT INTO central.revocation_lists
                (authority_fingerprint, crl_der, this_update, next_update, crl_number, revoked_serials)
            VALUES (\(authority), \(der), \(list.thisUpdate), \(list.nextUpdate), \(number), \(serials))
            ON CONFLICT (authority_fingerprint) DO UPDATE SET
                crl_der = excluded.crl_der, this_update = excluded.this_update, next_update = excluded.next_update,
                crl_number = excluded.crl_number, revoked_serials = excluded.revoked_serials, upload_time = now()
            """, on: connection, logger: logger)
    }

    /// Every list held, ordered by authority fingerprint, as the global configuration carries them.
    func revocationLists(on connection: PostgresConnection? = nil) async throws -> [Vdxp_Central_V1_RevocationList] {
        var lists: [Vdxp_Central_V1_RevocationList] = []
        for try await (authority, thisUpdate, nextUpdate, number, serials) in try await database.query(
            """
            SELECT authority_fingerprint, this_update, next_update, crl_number, revoked_serials
            FROM central.revocation_lists ORDER BY authority_fingerprint
            """, on: connection, logger: logger
        ).decode((String, Date, Date?, Int64, [String]).self) {
            lists.append(
                .with {
                    $0.authorityFingerprintSha256 = authority
                    $0.thisUpdate = .init(date: thisUpdate)
                    if let nextUpdate { $0.nextUpdate = .init(date: nextUpdate) }
                    $0.crlNumber = number
                    $0.revokedSerialNumbers = serials
                })
        }
        return lists
    }
}
