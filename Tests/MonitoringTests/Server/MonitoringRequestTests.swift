import GRPCCore
import SwiftProtobuf
import Testing
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

/// What Monitoring refuses before it touches the database: a member asking about another member, bad input.
@Suite("Monitoring requests", .timeLimit(.minutes(1)))
struct MonitoringRequestTests {
    static let member = CallerIdentity.member(organisationID: "000.00.00.H26")
    static let `operator` = CallerIdentity.operator(name: "admin")

    @Test("a member may not read another member's connection, history or alerts")
    func notAnotherMember() async throws {
        try await InProcessMonitoring.withClient(as: Self.member) { monitoring in
            let connection = await statusCode {
                _ = try await monitoring.getMemberConnection(.with { $0.organisationID = "000.00.00.G22" })
            }
            #expect(connection == .permissionDenied)
            let changes = await statusCode {
                _ = try await monitoring.listConnectionChanges(.with { $0.organisationID = "000.00.00.G22" })
            }
            #expect(changes == .permissionDenied)
            let everyone = await statusCode { _ = try await monitoring.listConnectionChanges(.init()) }
            #expect(everyone == .permissionDenied)
            let alerts = await statusCode {
                _ = try await monitoring.listAlerts(.with { $0.organisationID = "000.00.00.G22" })
            }
            #expect(alerts == .permissionDenied)
        }
    }

    @Test("bad input is INVALID_ARGUMENT naming the field")
    func badInput() async throws {
        try await InProcessMonitoring.withClient(as: Self.operator) { monitoring in
            do {
                _ = try await monitoring.listAlerts(.with { $0.pageSize = 1000 })
                Issue.record("a page of 1000 alerts was accepted")
            } catch let error as RPCError {
                #expect(error.code == .invalidArgument)
                #expect(error.message.contains("page_size"))
            }
            let badID = await statusCode {
                _ = try await monitoring.getMemberConnection(.with { $0.organisationID = "not an id" })
            }
            #expect(badID == .invalidArgument)
            let noID = await statusCode { _ = try await monitoring.getMemberConnection(.init()) }
            #expect(noID == .invalidArgument)
            let noAlert = await statusCode { _ = try await monitoring.acknowledgeAlert(.init()) }
            #expect(noAlert == .invalidArgument)
            let badToken = await statusCode {
                _ = try await monitoring.listConnectionChanges(.with { $0.pageToken = "garbage" })
            }
            #expect(badToken == .invalidArgument)
            let backwards = await statusCode {
                _ = try await monitoring.listConnectionChanges(
                    .with {
                        $0.startTime = .init(seconds: 2000)
                        $0.endTime = .init(seconds: 1000)
                    })
            }
            #expect(backwards == .invalidArgument)
        }
        try await InProcessMonitoring.withClient(as: Self.member) { monitoring in
            let longSystem = await statusCode {
                _ = try await monitoring.heartbeat(.with { $0.system = String(repeating: "x", count: 201) })
            }
            #expect(longSystem == .invalidArgument)
        }
    }

    @Test("statistics: a window outside 1 minute to 31 days, or another member, is refused; a bad incident page too")
    func statisticsAndIncidentRequests() async throws {
        try await InProcessMonitoring.withClient(as: Self.operator) { monitoring in
            for seconds: Int64 in [59, 31 * 86_400 + 1, -60] {
                #expect(
                    await statusCode {
                        _ = try await monitoring.getOperationalStatistics(.with { $0.window = .init(seconds: seconds) })
                    } == .invalidArgument)
            }
            #expect(
                await statusCode {
                    _ = try await monitoring.getOperationalStatistics(.with { $0.organisationID = "not an id" })
                } == .invalidArgument)
            #expect(
                await statusCode { _ = try await monitoring.listIncidents(.with { $0.pageSize = 101 }) }
                    == .invalidArgument)
        }
        try await InProcessMonitoring.withClient(as: Self.member) { monitoring in
            #expect(
                await statusCode {
                    _ = try await monitoring.getOperationalStatistics(.with { $0.organisationID = "000.00.00.G22" })
                } == .permissionDenied)
            #expect(
                await statusCode { _ = try await monitoring.getOperationalStatistics(.init()) } == .permissionDenied)
        }
    }
}
