import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

/// What Monitoring refuses before it touches the database: a member asking about another member, bad input.
@Suite("Monitoring requests", .timeLimit(.minutes(3)))
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

    /// The fields a refusal names in its BadRequest details, or the status when it is not INVALID_ARGUMENT.
    static func refusedFields(_ body: () async throws -> Void) async -> [String] {
        do {
            try await body()
            return ["accepted"]
        } catch let error as RPCError {
            return error.code == .invalidArgument ? error.badRequestFields : ["\(error.code)"]
        } catch {
            return ["\(error)"]
        }
    }

    @Test("connection lists, alert and incident pages and the alert stream refuse bad input naming the field")
    func listsAndStreamBadInput() async throws {
        try await InProcessMonitoring.withClient(as: Self.operator) { monitoring in
            #expect(
                await Self.refusedFields {
                    _ = try await monitoring.listMemberConnections(.with { $0.pageSize = 501 })
                } == ["page_size"])
            #expect(
                await Self.refusedFields {
                    _ = try await monitoring.listMemberConnections(.with { $0.pageToken = "garbage" })
                } == ["page_token"])
            #expect(
                await Self.refusedFields {
                    _ = try await monitoring.listMemberConnections(.with { $0.state = .UNRECOGNIZED(42) })
                } == ["state"])
            #expect(
                await Self.refusedFields { _ = try await monitoring.listAlerts(.with { $0.pageToken = "garbage" }) }
                    == ["page_token"])
            #expect(
                await Self.refusedFields {
                    _ = try await monitoring.listIncidents(.with { $0.pageToken = "garbage" })
                } == ["page_token"])
            // The operator naming a member by a malformed id.
            #expect(
                await Self.refusedFields {
                    _ = try await monitoring.listAlerts(.with { $0.organisationID = "not an id" })
                } == ["organisation_id"])
        }
        try await InProcessMonitoring.withClient(as: Self.member) { monitoring in
            #expect(
                await Self.refusedFields {
                    try await monitoring.watchAlerts(.with { $0.afterAlertID = -1 }) { response in
                        for try await _ in response.messages {}
                    }
                } == ["after_alert_id"])
        }
    }

    @Test("SubmitAlert through the RPC: a service's bad request is INVALID_ARGUMENT naming the field, before any work")
    func submitAlertBadInput() async throws {
        let valid = Vdxp_Monitoring_V1_SubmitAlertRequest.with {
            $0.idempotencyKey = "ticket/TK-2026-000123/answered"
            $0.kind = .supportTicket
            $0.severity = .info
            $0.organisationID = "000.00.00.H26"
            $0.channels = [.email]
            $0.summary = "Yêu cầu TK-2026-000123 đã được trả lời"
            $0.detail = "Đơn vị vận hành đã trả lời yêu cầu hỗ trợ TK-2026-000123."
        }
        let cases: [(String, (inout Vdxp_Monitoring_V1_SubmitAlertRequest) -> Void)] = [
            ("idempotency_key", { $0.idempotencyKey = "" }),
            ("kind", { $0.kind = .connectionLost }),
            ("severity", { $0.severity = .unspecified }),
            ("organisation_id", { $0.organisationID = "not an id" }),
            ("to_operators", { $0.toOperators = true }),
            ("channels[1]", { $0.channels = [.email, .unspecified] }),
            ("summary", { $0.summary = "" }),
            ("detail", { $0.detail = String(repeating: "x", count: 20_001) }),
            ("reference", { $0.reference = String(repeating: "x", count: 201) }),
        ]
        try await InProcessMonitoring.withClient(as: .service(name: "ticket")) { monitoring in
            for (field, spoil) in cases {
                var request = valid
                spoil(&request)
                #expect(await Self.refusedFields { _ = try await monitoring.submitAlert(request) } == [field])
            }
        }
        // The handler's own guard, behind the access rule: a member is refused even with a valid request.
        try await InProcessMonitoring.withClient(as: Self.member) { monitoring in
            #expect(await statusCode { _ = try await monitoring.submitAlert(valid) } == .permissionDenied)
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
