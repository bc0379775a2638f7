import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import SwiftProtobuf
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPTicket

/// The Ticket service on a test platform: started beside Central and Exchange with its own settings and clock.
struct TicketTestService: Sendable {
    let platform: TestPlatform
    let address: HostAndPort
    let host: ServiceHost
    let clock: ManualClock

    /// Who calls in a test.
    enum Caller: Sendable {
        /// A member's system, or one of its people with `token`.
        case member(DevelopmentMember, token: String? = nil)
        /// The operator's `admin` certificate.
        case `operator`
        /// A platform service's certificate.
        case service(String)
    }

    /// Calls the Ticket service as `caller`.
    func call<Result: Sendable>(
        as caller: Caller,
        _ body: @Sendable (Vdxp_Ticket_V1_TicketService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        switch caller {
        case .member(let member, let token):
            return try await platform.member(member, service: address).ticket(bearerToken: token, body)
        case .operator:
            return try await platform.operatorClient(of: address).ticket(body)
        case .service(let name):
            return try await platform.service(name, address: address).ticket(body)
        }
    }

    /// Runs one sweep of the support clocks now, on the test clock, as a Ticket replica would.
    @discardableResult
    func sweep(settings extra: [String: String] = [:]) async throws -> SlaSweeper.Report {
        let (clock, logger) = (self.clock, platform.logger)
        let settings = try TicketSettings(
            settings: Settings(extra), calendar: TicketCalendarSource(globalConfiguration: host.globalConfiguration))
        return try await platform.database { database in
            try await SlaSweeper(
                database: database, tickets: TicketStore(database: database, logger: logger),
                events: TicketEventStore(database: database, logger: logger),
                outbox: AlertOutboxStore(database: database, logger: logger), settings: settings,
                clock: clock.wallClock, logger: logger
            ).sweep()
        }
    }

    /// Ticket's alert outbox as it stands, oldest first.
    func outbox() async throws -> [(alert: PendingAlert, attempts: Int, delivered: Bool, lastError: String)] {
        let logger = platform.logger
        return try await platform.database { try await AlertOutboxStore(database: $0, logger: logger).all() }
    }
}

extension TestPlatform {
    /// Starts a Ticket service on this platform reading time from `clock` (a `ManualClock` at now by default) with
    /// extra `VDXP_*` settings, waits until it holds Central's configuration, runs `body`, and stops it gracefully.
    func withTicket(
        settings extra: [String: String] = [:], clock: ManualClock = ManualClock(),
        _ body: (TicketTestService) async throws -> Void
    ) async throws {
        var settings = ["VDXP_TICKET_SLA_CHECK_SECONDS": "3600", "VDXP_TICKET_ALERT_RETRY_SECONDS": "3600"]
        settings.merge(extra) { _, new in new }
        try await withService(
            "ticket", definition: TicketService.definition(clock: clock.wallClock), settings: settings
        ) { host, address in
            // The version Central publishes now, not just any: the test's members and calendar are in it.
            let version = try await operatorClient.central { try await $0.getGlobalConfiguration(.init()) }
            let target = try Vdxp_Central_V1_GlobalConfiguration(serializedBytes: version.configuration).version
            try await TestMonitoring.eventually("Ticket holds configuration version \(target)") {
                (host.globalConfiguration.current()?.version ?? 0) >= target
            }
            try await body(TicketTestService(platform: self, address: address, host: host, clock: clock))
        }
    }
}

/// The error `body` failed with, if it was an `RPCError` (nil when it succeeded or failed otherwise).
func rpcError(_ body: () async throws -> Void) async -> RPCError? {
    do {
        try await body()
        return nil
    } catch let error as RPCError {
        return error
    } catch {
        return nil
    }
}
