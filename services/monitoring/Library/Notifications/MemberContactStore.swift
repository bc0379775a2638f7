import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// The members' contacts as Monitoring last read them from Central (`monitoring.member_contacts`): what an alert is
/// sent to while Central itself cannot be reached — an outage of Central is one of the platform outages every member
/// must be told of (Art. 9.2, 19.2), and a notice that waited for Central to come back would come too late.
struct MemberContactStore: Sendable {
    let database: Database
    let logger: Logger

    /// Remembers `contacts` as read at `time`, each replacing the member's earlier copy.
    func remember(_ contacts: [String: Vdxp_Central_V1_Contact], at time: Date) async throws {
        let members = contacts.keys.sorted()
        guard !members.isEmpty else { return }
        for start in stride(from: 0, to: members.count, by: 1000) {
            let slice = Array(members[start..<min(start + 1000, members.count)])
            try await database.query(
                """
                INSERT INTO monitoring.member_contacts (organisation_id, email, phone, read_time)
                SELECT c.organisation_id, c.email, c.phone, \(time)::timestamptz
                FROM unnest(\(slice)::text[], \(slice.map { contacts[$0]?.email ?? "" })::text[],
                            \(slice.map { contacts[$0]?.phone ?? "" })::text[]) AS c(organisation_id, email, phone)
                ON CONFLICT (organisation_id) DO UPDATE
                SET email = excluded.email, phone = excluded.phone, read_time = excluded.read_time
                WHERE member_contacts.read_time <= excluded.read_time
                """, logger: logger)
        }
    }

    /// The remembered contacts of the members of `organisationIDs` that have one, and when the oldest of them was read.
    func contacts(of organisationIDs: Set<String>) async throws
        -> (contacts: [String: Vdxp_Central_V1_Contact], oldest: Date?)
    {
        var contacts: [String: Vdxp_Central_V1_Contact] = [:]
        var oldest: Date?
        for try await (member, email, phone, time) in try await database.query(
            """
            SELECT organisation_id, email, phone, read_time FROM monitoring.member_contacts
            WHERE organisation_id = ANY(\(Array(organisationIDs)))
            """, logger: logger
        ).decode((String, String, String, Date).self) {
            contacts[member] = .with {
                $0.email = email
                $0.phone = phone
            }
            oldest = min(oldest ?? time, time)
        }
        return (contacts, oldest)
    }
}

/// Members' contacts from Central, remembered (``MemberContactStore``) each time they are read, and taken from what was
/// remembered while Central cannot be reached — provided every member wanted is remembered: a member missing from the
/// copy would otherwise look like a member without a contact, and nobody would be told. Then the error stands, and the
/// alerts stay due until Central answers.
struct RememberedMemberContacts: MemberContacts {
    let central: any MemberContacts
    let store: MemberContactStore
    let clock: @Sendable () -> Date
    let logger: Logger

    func contacts(of organisationIDs: Set<String>) async throws -> [String: Vdxp_Central_V1_Contact] {
        do {
            let read = try await central.contacts(of: organisationIDs)
            do {
                try await store.remember(read, at: clock())
            } catch {
                logger.warning(
                    "cannot remember members' contacts read from Central",
                    metadata: ["error": "\(loggedDescription(of: error))"])
            }
            return read
        } catch {
            let kept = try await store.contacts(of: organisationIDs)
            guard kept.contacts.count == organisationIDs.count else { throw error }
            logger.warning(
                "Central cannot be reached: members are told at the contacts Monitoring last read from it",
                metadata: [
                    "members": "\(organisationIDs.count)", "read since": "\(kept.oldest.map { "\($0)" } ?? "")",
                    "error": "\(loggedDescription(of: error))",
                ])
            return kept.contacts
        }
    }
}
