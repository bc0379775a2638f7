import Foundation
import SwiftProtobuf
import Testing
import VDXPProto

@testable import VDXPMonitoring

/// Which member's system acted in each journal entry.
@Suite("Member activity from the journal")
struct MemberActivityTests {
    func entry(_ event: Vdxp_Exchange_V1_JournalEvent, type: String) throws -> Vdxp_Exchange_V1_JournalEntry {
        try .with {
            $0.sequence = 7
            $0.eventType = type
            $0.recordTime = .init(date: Date(timeIntervalSince1970: 1_780_000_000))
            $0.payload = try event.serializedBytes()
        }
    }

    @Test("a sent document is the sender's activity")
    func sent() throws {
        let acts = MemberActivity.acts(
            in: try entry(
                .with { $0.documentSent = .with { $0.senderOrganisationID = "000.00.00.G22" } },
                type: "document.sent"))
        #expect(acts.map(\.organisationID) == ["000.00.00.G22"])
        #expect(acts.first?.time == Date(timeIntervalSince1970: 1_780_000_000))
        #expect(acts.first?.heartbeatSystem == nil)
    }

    @Test("an acknowledgement and a status are the recipient's activity")
    func recipient() throws {
        let acknowledged = MemberActivity.acts(
            in: try entry(
                .with { $0.deliveryAcknowledged = .with { $0.recipientOrganisationID = "000.00.00.H26" } },
                type: "delivery.acknowledged"))
        #expect(acknowledged.map(\.organisationID) == ["000.00.00.H26"])
        let status = MemberActivity.acts(
            in: try entry(
                .with { $0.statusChanged = .with { $0.recipientOrganisationID = "000.00.00.H29" } },
                type: "status.changed"))
        #expect(status.map(\.organisationID) == ["000.00.00.H29"])
    }

    @Test("what the platform itself records (a failed delivery) is nobody's activity")
    func platformEntries() throws {
        let failed = MemberActivity.acts(
            in: try entry(.with { $0.deliveryFailed = .init() }, type: "delivery.failed"))
        #expect(failed.isEmpty)
        var garbage = try entry(.init(), type: "x")
        garbage.payload = Data([0xFF, 0xFF])
        #expect(MemberActivity.acts(in: garbage).isEmpty)
    }

    @Test("a batch's activities update each member once: at its latest time, for the reason of its first act")
    func merged() {
        func act(_ member: String, _ seconds: TimeInterval, _ what: String, system: String? = nil) -> MemberActivity {
            MemberActivity(
                organisationID: member, time: Date(timeIntervalSince1970: seconds), heartbeatSystem: system,
                description: what)
        }
        let merged = MemberActivity.merged([
            act("000.00.00.H26", 105, "acknowledgement"), act("000.00.00.G22", 100, "first send"),
            act("000.00.00.G22", 90, "a send recorded earlier"), act("000.00.00.G22", 130, "last send"),
            act("000.00.00.G22", 120, "heartbeat", system: "eDoc 3.1"),
        ])
        // In the order of the members' ids, as every writer locks them.
        #expect(merged.map(\.organisationID) == ["000.00.00.G22", "000.00.00.G22", "000.00.00.H26"])
        #expect(merged[0].time == Date(timeIntervalSince1970: 130))
        #expect(merged[0].description == "first send")
        #expect(merged[0].heartbeatSystem == nil)
        // A heartbeat keeps its own time and system.
        #expect(merged[1] == act("000.00.00.G22", 120, "heartbeat", system: "eDoc 3.1"))
        #expect(merged[2] == act("000.00.00.H26", 105, "acknowledgement"))
    }
}
