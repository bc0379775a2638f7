import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

/// Members' connection state (Art. 4.1.g, 9.2) on a real platform: heartbeats, activity from Exchange's journal,
/// the thresholds against an injected clock, the history, and who may read what.
@Suite("Monitoring: member connections", .timeLimit(.minutes(10)))
struct MonitoringConnectionTests {
    static let recipient = TestPlatform.recipient.organisationID
    static let sender = TestPlatform.sender.organisationID

    @Test("a heartbeat shows the member CONNECTED; it reads its own connection and history, not another member's")
    func heartbeatAndOwnConnection() async throws {
        try await TestPlatform.with { platform in
            let clock = ManualClock()
            try await platform.withMonitoring(clock: clock, channels: .none) { monitoring in
                let answer = try await monitoring.member(TestPlatform.recipient).monitoring {
                    try await $0.heartbeat(.with { $0.system = "QLVB eOffice 5.2" })
                }
                #expect(answer.connection.organisationID == Self.recipient)
                #expect(answer.connection.state == .connected)
                #expect(answer.connection.system == "QLVB eOffice 5.2")
                #expect(abs(answer.connection.lastHeartbeatTime.date.timeIntervalSince(clock.now)) < 0.001)
                #expect(answer.heartbeatInterval.seconds == 60)
                #expect(answer.connection.disconnectedAfter.seconds == 600)

                let own = try await monitoring.member(TestPlatform.recipient).monitoring {
                    try await $0.getMemberConnection(.with { $0.organisationID = Self.recipient })
                }
                #expect(own.state == .connected)
                let other = await statusCode {
                    _ = try await monitoring.member(TestPlatform.recipient).monitoring {
                        try await $0.getMemberConnection(.with { $0.organisationID = Self.sender })
                    }
                }
                #expect(other == .permissionDenied)
                let history = try await monitoring.member(TestPlatform.recipient).monitoring {
                    try await $0.listConnectionChanges(.with { $0.organisationID = Self.recipient })
                }
                #expect(history.changes.map(\.state) == [.connected])
                #expect(history.changes.allSatisfy { $0.organisationID == Self.recipient })

                let operatorView = await statusCode {
                    _ = try await monitoring.operatorClient.monitoring { try await $0.heartbeat(.init()) }
                }
                #expect(operatorView == .permissionDenied)
                let unknown = await statusCode {
                    _ = try await monitoring.operatorClient.monitoring {
                        try await $0.getMemberConnection(.with { $0.organisationID = "000.00.00.A99" })
                    }
                }
                #expect(unknown == .notFound)
            }
        }
    }

    @Test("silence degrades, then loses, every expected member's connection; the operator and Report see it all")
    func silenceAgainstTheClock() async throws {
        try await TestPlatform.with { platform in
            let clock = ManualClock()
            try await platform.withMonitoring(clock: clock, channels: .none) { monitoring in
                func connections() async throws -> [Vdxp_Monitoring_V1_MemberConnection] {
                    try await monitoring.operatorClient.monitoring {
                        try await $0.listMemberConnections(.init()).connections
                    }
                }
                try await TestMonitoring.eventually("every member is evaluated") {
                    try await connections().count == 3
                }
                #expect(try await connections().allSatisfy { $0.state == .connected })
                clock.advance(by: 301)
                try await TestMonitoring.eventually("every member is DEGRADED") {
                    try await connections().allSatisfy { $0.state == .degraded }
                }
                clock.advance(by: 300)
                try await TestMonitoring.eventually("every member is DISCONNECTED") {
                    try await connections().allSatisfy { $0.state == .disconnected }
                }
                let lost = try await monitoring.operatorClient.monitoring {
                    try await $0.listMemberConnections(.with { $0.state = .disconnected })
                }
                #expect(
                    lost.connections.map(\.organisationID).sorted()
                        == [Self.sender, Self.recipient, "000.00.00.H29"].sorted())

                let report = try await monitoring.service("report").monitoring {
                    try await $0.listConnectionChanges(.with { $0.pageSize = 4 })
                }
                #expect(report.changes.count == 4)
                #expect(!report.nextPageToken.isEmpty)
                let rest = try await monitoring.service("report").monitoring {
                    try await $0.listConnectionChanges(
                        .with {
                            $0.pageSize = 100
                            $0.pageToken = report.nextPageToken
                        })
                }
                #expect(report.changes.count + rest.changes.count == 9)
                let recipientHistory = (report.changes + rest.changes).filter { $0.organisationID == Self.recipient }
                #expect(recipientHistory.map(\.state) == [.connected, .degraded, .disconnected])
                #expect(recipientHistory.last?.previousState == .degraded)
                #expect(recipientHistory.last?.reason.contains("no activity since") == true)

                let search = await statusCode {
                    _ = try await monitoring.service("search").monitoring {
                        try await $0.listConnectionChanges(.init())
                    }
                }
                #expect(search == .permissionDenied)
                let memberList = await statusCode {
                    _ = try await monitoring.member(TestPlatform.recipient).monitoring {
                        try await $0.listMemberConnections(.init())
                    }
                }
                #expect(memberList == .permissionDenied)
            }
        }
    }

    @Test("a member's calls to Exchange are its activity, followed from the journal exactly once across a restart")
    func journalActivity() async throws {
        try await TestPlatform.with { platform in
            let clock = ManualClock()
            try await platform.withMonitoring(clock: clock, channels: .none) { monitoring in
                try await platform.send(try platform.messages(TestPlatform.header(number: "101")))
                try await TestMonitoring.eventually("the sender's sending is recorded as its activity") {
                    let connection = try await monitoring.operatorClient.monitoring {
                        try await $0.getMemberConnection(.with { $0.organisationID = Self.sender })
                    }
                    return connection.hasLastActivityTime && !connection.hasLastHeartbeatTime
                }
            }
            // Restarted, Monitoring resumes after the entry it applied: no history is written twice.
            let later = ManualClock()
            try await platform.withMonitoring(clock: later, channels: .none) { monitoring in
                try await platform.send(try platform.messages(TestPlatform.header(number: "102")))
                try await Task.sleep(for: .seconds(2))
                let history = try await monitoring.operatorClient.monitoring {
                    try await $0.listConnectionChanges(.with { $0.organisationID = Self.sender })
                }
                #expect(history.changes.map(\.state) == [.connected])
            }
        }
    }
}
