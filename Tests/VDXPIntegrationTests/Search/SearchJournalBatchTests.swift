import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPSearch

/// Search's journal follower writes a batch's documents sent and changes to recipients together (`PendingWrites`):
/// a change must still land on the recipient a send of the same batch queued, and a document sent again must put its
/// recipients back to QUEUED after the changes before it. Applied in batches of any size, a journal leaves the index
/// as applying it entry by entry does, and its recipients as the journal says.
@Suite("Search: a journal applied in batches, as entry by entry", .timeLimit(.minutes(10)))
struct SearchJournalBatchTests {
    @Test("sent, acknowledged, registered, failed, retried, asked back: batches of 1 to 40 index what 1 by 1 does")
    func batchesAsEntryByEntry() async throws {
        let journal = GeneratedJournal.entries()
        let (oneByOne, batched) = try await GeneratedJournal.appliedEntryByEntryAndInBatches(
            journal, schema: "search", migrations: SearchMigrations.all, apply: Self.apply)

        let expected = Self.expectedRecipients(of: journal)
        #expect(oneByOne.recipients == expected)
        #expect(batched.recipients == expected)
        let parties = Self.expectedParties(of: journal)
        #expect(oneByOne.documentParties == parties.columns)
        #expect(batched.documentParties == parties.columns)
        #expect(oneByOne.parties == parties.listed)
        #expect(batched.documents == oneByOne.documents)
        #expect(batched.events == oneByOne.events)
        #expect(batched.parties == oneByOne.parties)
    }

    /// Each table's rows as text, sorted.
    struct Tables: Equatable {
        var recipients: String
        var documentParties: String
        var documents: String
        var events: String
        var parties: String
    }

    /// Applies `batches` of the journal to a new Search schema through the follower, one transaction each, and reads
    /// the tables back.
    static func apply(
        _ batches: [[Vdxp_Exchange_V1_JournalEntry]], on database: Database, logger: Logger
    ) async throws -> Tables {
        let follower = JournalFollower(
            exchange: HostAndPort(host: "127.0.0.1", port: 1), certificatePath: "", keyPath: "",
            platformCAPath: "", database: database,
            cursor: JournalCursorStore(database: database, table: .search, logger: logger),
            index: IndexStore(database: database, logger: logger), logger: logger)
        for batch in batches { try await follower.apply(batch) }
        return Tables(
            recipients: try await TableText.rows(
                """
                SELECT document_id, organisation_id, delivery_state, status,
                       \(TableText.epochMilliseconds("status_time"))
                FROM search.recipients
                """, on: database),
            documentParties: try await TableText.rows(
                "SELECT document_id, parties, party_level1 FROM search.documents", on: database),
            documents: try await TableText.rows(
                """
                SELECT document_id, sender_id, subject, search_text, version, last_sequence, parties, party_level1
                FROM search.documents
                """, on: database),
            events: try await TableText.rows(
                """
                SELECT sequence, document_id, event_type, actor_id, recipient_id, status, description
                FROM search.events
                """, on: database),
            parties: try await TableText.rows(
                "SELECT organisation_id, document_id FROM search.document_parties", on: database))
    }

    /// Who may see each document, by the journal: its sender and every recipient of each of its sendings. As the
    /// `parties` and `party_level1` columns print, and as `document_parties` lists them.
    static func expectedParties(of journal: [Vdxp_Exchange_V1_JournalEntry]) -> (columns: String, listed: String) {
        var parties: [String: Set<String>] = [:]
        for entry in journal {
            guard let event = try? Vdxp_Exchange_V1_JournalEvent(serializedBytes: entry.payload),
                case .documentSent(let sent) = event.event
            else { continue }
            parties[entry.documentID, default: []].insert(sent.senderOrganisationID)
            parties[entry.documentID]!.formUnion(sent.deliveries.map(\.recipientOrganisationID))
        }
        // An array prints `{a,b}`, quoted within a row when it holds a comma.
        func array(_ values: [String]) -> String {
            let text = "{" + values.joined(separator: ",") + "}"
            return text.contains(",") ? "\"\(text)\"" : text
        }
        let columns = parties.map { document, members in
            let level1 = Set(members.map { String($0.split(separator: ".").last ?? "") }).sorted()
            return "(\(document),\(array(members.sorted())),\(array(level1)))"
        }
        let listed = parties.flatMap { document, members in members.map { "(\($0),\(document))" } }
        return (columns.sorted().joined(separator: "\n"), listed.sorted().joined(separator: "\n"))
    }

    /// What the journal says, entry by entry, of each recipient of each document: a send queues its recipients with
    /// no status; an acknowledgement makes the copy ACKNOWLEDGED and ARRIVED; a status report sets the status and its
    /// time; a failure and a retry set the delivery state; a retract request sets the status.
    static func expectedRecipients(of journal: [Vdxp_Exchange_V1_JournalEntry]) -> String {
        struct Recipient {
            var state: Vdxp_Exchange_V1_DeliveryState = .queued
            var status: Vdxp_Exchange_V1_DocumentStatus = .unspecified
            var statusTime: Date?
        }
        var recipients: [String: Recipient] = [:]
        for entry in journal {
            guard let event = try? Vdxp_Exchange_V1_JournalEvent(serializedBytes: entry.payload) else { continue }
            let time = entry.recordTime.date
            func key(_ recipient: String) -> String { "\(entry.documentID),\(recipient)" }
            switch event.event {
            case .documentSent(let sent):
                for delivery in sent.deliveries { recipients[key(delivery.recipientOrganisationID)] = Recipient() }
            case .deliveryAcknowledged(let acknowledged):
                recipients[key(acknowledged.recipientOrganisationID)]?.state = .acknowledged
                recipients[key(acknowledged.recipientOrganisationID)]?.status = .arrived
                recipients[key(acknowledged.recipientOrganisationID)]?.statusTime = time
            case .statusChanged(let changed):
                recipients[key(changed.recipientOrganisationID)]?.status = changed.change.status
                recipients[key(changed.recipientOrganisationID)]?.statusTime = changed.change.statusTime.date
            case .deliveryFailed(let failed): recipients[key(failed.recipientOrganisationID)]?.state = .failed
            case .deliveryRetried(let retried): recipients[key(retried.recipientOrganisationID)]?.state = .queued
            case .retractRequested(let requested):
                recipients[key(requested.recipientOrganisationID)]?.status = .retractRequested
                recipients[key(requested.recipientOrganisationID)]?.statusTime = time
            default: break
            }
        }
        return recipients.map { key, recipient in
            "(\(key),\(recipient.state.rawValue),\(recipient.status.rawValue),"
                + (recipient.statusTime.map(TableText.milliseconds) ?? "") + ")"
        }.sorted().joined(separator: "\n")
    }
}
