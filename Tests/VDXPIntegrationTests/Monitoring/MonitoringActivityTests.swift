import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPMonitoring

/// Every authenticated call a member's system makes to Exchange is its activity (Art. 4.1.g, 9.2): a system that only
/// polls its inbox stays CONNECTED without heartbeats, and activity in the journal restores a lost connection.
///
/// Monitoring's clock is set an hour behind the real one, which Exchange and its journal keep: each call is then
/// recorded ten minutes past Monitoring's clock (the most clock skew it allows), still recent activity once the test
/// has moved its clock by 700 s.
@Suite("Monitoring: every call to Exchange is activity", .timeLimit(.minutes(10)))
struct MonitoringActivityTests {
    static let sender = TestPlatform.sender.organisationID
    static let recipient = TestPlatform.recipient.organisationID

    func connection(_ id: String, in monitoring: TestMonitoring) async throws -> Vdxp_Monitoring_V1_MemberConnection {
        try await monitoring.operatorClient.monitoring {
            try await $0.getMemberConnection(.with { $0.organisationID = id })
        }
    }

    @Test("a member that only polls its inbox stays CONNECTED while silent members are lost")
    func pollingIsActivity() async throws {
        let port = try LoopbackPorts.freeOutsideEphemeralRange()
        try await TestPlatform.with(exchangeSettings: [
            "VDXP_MONITORING_ADDRESS": "127.0.0.1:\(port)", "VDXP_EXCHANGE_ACTIVITY_REPORT_SECONDS": "5",
        ]) { platform in
            let clock = ManualClock(now: Date().addingTimeInterval(-3600))
            try await platform.withMonitoring(
                clock: clock, channels: .none, settings: ["VDXP_GRPC_ADDRESS": "127.0.0.1:\(port)"]
            ) { monitoring in
                try await TestMonitoring.eventually("every member is evaluated") {
                    try await monitoring.operatorClient.monitoring {
                        try await $0.listMemberConnections(.init()).connections.count
                    } == 3
                }
                _ = try await platform.member(TestPlatform.recipient).exchange { try await $0.fetchInbox(.init()) }
                try await TestMonitoring.eventually("Exchange reports the poll as the recipient's activity") {
                    let recipient = try await connection(Self.recipient, in: monitoring)
                    return recipient.hasLastActivityTime && !recipient.hasLastHeartbeatTime
                }
                clock.advance(by: 700)
                try await TestMonitoring.eventually("the silent sender is DISCONNECTED") {
                    try await connection(Self.sender, in: monitoring).state == .disconnected
                }
                #expect(try await connection(Self.recipient, in: monitoring).state == .connected)
                let history = try await monitoring.operatorClient.monitoring {
                    try await $0.listConnectionChanges(.with { $0.organisationID = Self.recipient })
                }
                #expect(history.changes.map(\.state) == [.connected])
                // Only Exchange reports calls: a member cannot, nor may another platform service.
                let member = await statusCode {
                    _ = try await monitoring.member(TestPlatform.recipient).monitoring {
                        try await $0.recordMemberActivity(.init())
                    }
                }
                #expect(member == .permissionDenied)
                let ticket = await statusCode {
                    _ = try await monitoring.service("ticket").monitoring { try await $0.recordMemberActivity(.init()) }
                }
                #expect(ticket == .permissionDenied)
            }
        }
    }

    @Test("a report of 250 members records every one of them (written 100 to a transaction)")
    func largeReportRecordsEveryMember() async throws {
        try await TestPlatform.with { platform in
            try await platform.withMonitoring(clock: ManualClock(), channels: .none) { monitoring in
                let ids = (0..<250).map { "000.00.\(10 + $0 / 50).H\(10 + $0 % 50)" }
                let recorded = try await monitoring.service("exchange").monitoring { client in
                    try await client.recordMemberActivity(
                        .with {
                            $0.members = ids.map { id in
                                .with {
                                    $0.organisationID = id
                                    $0.lastCallTime = Google_Protobuf_Timestamp(date: Date())
                                    $0.method = "FetchInbox"
                                }
                            }
                        })
                }
                #expect(recorded.recorded == 250)
                let rows = try await platform.database { database in
                    try await database.query(
                        """
                        SELECT count(*) FROM monitoring.member_connections
                        WHERE organisation_id = ANY(\(ids)) AND last_activity_time IS NOT NULL
                        """, logger: platform.logger
                    ).collect()
                }
                #expect(try rows.first?.decode(Int.self) == 250)
            }
        }
    }

    @Test("a call reported far in the future counts at most ten minutes ahead: the member is still lost once silent")
    func futureActivityIsBounded() async throws {
        try await TestPlatform.with { platform in
            let clock = ManualClock()
            try await platform.withMonitoring(clock: clock, channels: .none) { monitoring in
                let recorded = try await monitoring.service("exchange").monitoring {
                    try await $0.recordMemberActivity(
                        .with {
                            $0.members = [
                                .with {
                                    $0.organisationID = Self.recipient
                                    $0.lastCallTime = Google_Protobuf_Timestamp(
                                        date: clock.now.addingTimeInterval(1e10))
                                    $0.method = "FetchInbox"
                                }
                            ]
                        })
                }
                #expect(recorded.recorded == 1)
                let connection = try await connection(Self.recipient, in: monitoring)
                let latest = clock.now.addingTimeInterval(ConnectionTracker.maximumClockSkew)
                #expect(abs(connection.lastActivityTime.date.timeIntervalSince(latest)) < 1)
                clock.advance(by: ConnectionTracker.maximumClockSkew + 700)
                try await TestMonitoring.eventually("the recipient, silent since, is DISCONNECTED") {
                    try await self.connection(Self.recipient, in: monitoring).state == .disconnected
                }
            }
        }
    }

    @Test("a document sent by a member whose connection was lost restores it, from the journal")
    func journalActivityRestores() async throws {
        try await TestPlatform.with { platform in
            let clock = ManualClock(now: Date().addingTimeInterval(-3600))
            try await platform.withMonitoring(clock: clock, channels: .none) { monitoring in
                try await TestMonitoring.eventually("every member is evaluated") {
                    try await monitoring.operatorClient.monitoring {
                        try await $0.listMemberConnections(.init()).connections.count
                    } == 3
                }
                clock.advance(by: 700)
                try await TestMonitoring.eventually("the silent sender is DISCONNECTED") {
                    try await connection(Self.sender, in: monitoring).state == .disconnected
                }
                try await platform.send(try platform.messages(TestPlatform.header(number: "611")))
                try await TestMonitoring.eventually("the sending restores the sender's connection") {
                    try await connection(Self.sender, in: monitoring).state == .connected
                }
                let history = try await monitoring.operatorClient.monitoring {
                    try await $0.listConnectionChanges(.with { $0.organisationID = Self.sender })
                }
                #expect(history.changes.map(\.state) == [.connected, .disconnected, .connected])
                #expect(history.changes.last?.reason.contains("document.sent") == true)
                let alerts = try await monitoring.member(TestPlatform.sender).monitoring {
                    try await $0.listAlerts(.init()).alerts.map(\.kind)
                }
                #expect(alerts.contains(.connectionLost))
                #expect(alerts.contains(.connectionRestored))
            }
        }
    }
}
