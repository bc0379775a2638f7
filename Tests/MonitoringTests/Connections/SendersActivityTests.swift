import Foundation
import SwiftProtobuf
import Testing
import VDXPProto

@testable import VDXPMonitoring

/// Every act of a member's system is its activity: the sender's retract requests, retries, revocations and updates
/// from the journal, and every other call Exchange reports (`RecordMemberActivity`).
@Suite("Senders' acts and reported calls as activity")
struct SendersActivityTests {
    static let time = Date(timeIntervalSince1970: 1_780_000_000)

    func entry(_ event: Vdxp_Exchange_V1_JournalEvent, type: String) throws -> Vdxp_Exchange_V1_JournalEntry {
        try .with {
            $0.sequence = 9
            $0.eventType = type
            $0.documentID = "000.00.00.G22,2026/00101"
            $0.recordTime = .init(date: Self.time)
            $0.payload = try event.serializedBytes()
        }
    }

    @Test("a retract request, a retried delivery, a revocation and an update are the document's sender's activity")
    func sendersActs() throws {
        let entries: [(Vdxp_Exchange_V1_JournalEvent, String)] = [
            (
                .with { $0.retractRequested = .with { $0.recipientOrganisationID = "000.00.00.H26" } },
                "retract.requested"
            ),
            (.with { $0.deliveryRetried = .with { $0.recipientOrganisationID = "000.00.00.H26" } }, "delivery.retried"),
            (.with { $0.documentRevoked = .with { $0.revokingDocumentID = "x" } }, "document.revoked"),
            (.with { $0.documentSuperseded = .with { $0.newDocumentID = "y" } }, "document.superseded"),
        ]
        for (event, type) in entries {
            #expect(DecodedJournalEntry(try entry(event, type: type)).isSendersAct, "\(type)")
            let acts = MemberActivity.acts(in: try entry(event, type: type), sender: "000.00.00.G22")
            #expect(acts.map(\.organisationID) == ["000.00.00.G22"], "\(type)")
            #expect(acts.first?.time == Self.time)
            #expect(MemberActivity.acts(in: try entry(event, type: type)).isEmpty, "sender unknown: \(type)")
        }
        #expect(
            !DecodedJournalEntry(try entry(.with { $0.deliveryFailed = .init() }, type: "delivery.failed")).isSendersAct
        )
    }

    @Test("Exchange's report of calls is each member's activity at its last call, once per member")
    func reportedCalls() throws {
        let request = Vdxp_Monitoring_V1_RecordMemberActivityRequest.with {
            $0.members = [
                .with {
                    $0.organisationID = "000.00.00.H26"
                    $0.lastCallTime = .init(date: Self.time)
                    $0.method = "FetchInbox"
                },
                .with {
                    $0.organisationID = "000.00.00.H26"
                    $0.lastCallTime = .init(date: Self.time.addingTimeInterval(-30))
                },
                .with {
                    $0.organisationID = "000.00.00.G22"
                    $0.lastCallTime = .init(date: Self.time)
                },
            ]
        }
        let activities = try MonitoringHandlers.activities(in: request)
        #expect(activities.map(\.organisationID) == ["000.00.00.G22", "000.00.00.H26"])
        #expect(activities.last?.time == Self.time)
        #expect(activities.last?.description == "calls to Exchange (FetchInbox)")
        #expect(activities.allSatisfy { $0.heartbeatSystem == nil })
    }

    @Test("a report without a time, with a malformed member or with more than 1000 members is refused")
    func badReports() {
        #expect(throws: (any Error).self) {
            try MonitoringHandlers.activities(
                in: .with { $0.members = [.with { $0.organisationID = "000.00.00.H26" }] })
        }
        #expect(throws: (any Error).self) {
            try MonitoringHandlers.activities(
                in: .with {
                    $0.members = [
                        .with {
                            $0.organisationID = "H26"
                            $0.lastCallTime = .init(date: Self.time)
                        }
                    ]
                })
        }
        let many = (0...1000).map { index in
            Vdxp_Monitoring_V1_MemberCalls.with {
                $0.organisationID = "000.00.00.H26"
                $0.lastCallTime = .init(date: Self.time.addingTimeInterval(Double(index)))
            }
        }
        #expect(throws: (any Error).self) { try MonitoringHandlers.activities(in: .with { $0.members = many }) }
    }
}
