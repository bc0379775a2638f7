import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

/// An outage of Exchange is not every member's lost connection (Art. 9.2 alerts real losses only): while Monitoring
/// cannot follow the journal, connection states are held, and the outage is never counted as members' silence.
@Suite("Monitoring: connection states held while Exchange's journal is not followed", .timeLimit(.minutes(10)))
struct MonitoringConnectionHoldTests {
    @Test(
        "Exchange unreachable for longer than disconnected_after loses nobody; silence counts again once it is back"
    )
    func exchangeOutageLosesNobody() async throws {
        try await TestPlatform.with { platform in
            // The road from Monitoring to Exchange, which the test cuts and restores.
            let road = try await TCPForwarder(to: platform.exchange)
            defer { road.stop() }
            let clock = ManualClock()
            try await platform.withMonitoring(
                clock: clock, channels: .none, settings: ["VDXP_EXCHANGE_ADDRESS": road.address.description]
            ) { monitoring in
                func connections() async throws -> [Vdxp_Monitoring_V1_MemberConnection] {
                    try await monitoring.operatorClient.monitoring {
                        try await $0.listMemberConnections(.init()).connections
                    }
                }
                func lostAlerts() async throws -> Int {
                    try await monitoring.operatorClient.monitoring {
                        try await $0.listAlerts(.init()).alerts.filter { $0.kind == .connectionLost }.count
                    }
                }
                try await TestMonitoring.eventually("every member is evaluated and the journal followed") {
                    let all = try await connections()
                    return all.count == 3 && all.allSatisfy { $0.state == .connected && !$0.hasHeldSince }
                }

                road.stop()
                try await TestMonitoring.eventually("connection states are held") {
                    try await connections().allSatisfy(\.hasHeldSince)
                }
                let heldSince = try #require(try await connections().first?.heldSince.date)
                clock.advance(by: 1800)
                // Several evaluation rounds (one a second) at 30 minutes of silence.
                try await Task.sleep(for: .seconds(3))
                let during = try await connections()
                #expect(during.allSatisfy { $0.state == .connected }, "an outage of Exchange loses nobody")
                #expect(during.allSatisfy { $0.heldSince.date == heldSince })
                #expect(try await lostAlerts() == 0)

                try await road.start()
                try await TestMonitoring.eventually("the journal is followed again") {
                    try await connections().allSatisfy { !$0.hasHeldSince }
                }
                #expect(try await connections().allSatisfy { $0.state == .connected })
                // Silence counts from the return: 5 minutes later DEGRADED, 10 minutes later DISCONNECTED.
                clock.advance(by: 301)
                try await TestMonitoring.eventually("every member is DEGRADED") {
                    try await connections().allSatisfy { $0.state == .degraded }
                }
                #expect(try await lostAlerts() == 0)
                clock.advance(by: 300)
                try await TestMonitoring.eventually("every member is DISCONNECTED") {
                    try await connections().allSatisfy { $0.state == .disconnected }
                }
                #expect(try await lostAlerts() == 3)
                let history = try await monitoring.operatorClient.monitoring {
                    try await $0.listConnectionChanges(
                        .with { $0.organisationID = TestPlatform.recipient.organisationID })
                }
                let lost = try #require(history.changes.last)
                #expect(lost.state == .disconnected)
                #expect(lost.reason.contains("while Exchange's journal was not followed are not counted"))
                #expect(lost.changeTime.date > heldSince.addingTimeInterval(1800))
            }
        }
    }

    @Test(
        "all of Monitoring down for longer than disconnected_after loses nobody: the restarted one holds from the last time any replica followed the journal"
    )
    func monitoringOutageLosesNobody() async throws {
        try await TestPlatform.with { platform in
            func connections(_ monitoring: TestMonitoring) async throws -> [Vdxp_Monitoring_V1_MemberConnection] {
                try await monitoring.operatorClient.monitoring {
                    try await $0.listMemberConnections(.init()).connections
                }
            }
            let before = ManualClock()
            try await platform.withMonitoring(clock: before, channels: .none) { monitoring in
                try await TestMonitoring.eventually("every member is evaluated and the journal followed") {
                    let all = try await connections(monitoring)
                    return all.count == 3 && all.allSatisfy { $0.state == .connected && !$0.hasHeldSince }
                }
                try await TestMonitoring.eventually("a round records that the journal is followed") {
                    try await platform.database { database in
                        try await JournalWatchStore(database: database, logger: platform.logger).watchedUntil()
                    } == before.now
                }
            }
            // Monitoring comes back 30 minutes later; nothing happened on the platform meanwhile.
            let after = ManualClock(now: before.now.addingTimeInterval(1800))
            try await platform.withMonitoring(clock: after, channels: .none) { monitoring in
                try await TestMonitoring.eventually("a round evaluates every member with the journal followed") {
                    try await platform.database { database in
                        try await JournalWatchStore(database: database, logger: platform.logger).watchedUntil()
                    } == after.now
                }
                let all = try await connections(monitoring)
                #expect(all.count == 3)
                #expect(all.allSatisfy { $0.state == .connected }, "a time no replica ran is nobody's silence")
                let lost = try await monitoring.operatorClient.monitoring {
                    try await $0.listAlerts(.init()).alerts.filter { $0.kind == .connectionLost }.count
                }
                #expect(lost == 0)
                // Silence counts again from the return.
                after.advance(by: 301)
                try await TestMonitoring.eventually("every member is DEGRADED") {
                    try await connections(monitoring).allSatisfy { $0.state == .degraded }
                }
            }
        }
    }
}
