import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import ServiceLifecycle
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Opens a support ticket in Ticket (`VDXP_TICKET_ADDRESS`, `OpenTicket` with channel MONITORING, category
/// CONNECTION, as `service:monitoring`) for each incident in the outbox (``IncidentTicketStore``), and stores the
/// ticket's id on the incident. A failed call is retried with the outbox's backoff (`VDXP_MONITORING_RETRY_*`: 30 s
/// doubling up to 10 minutes) for as long as it takes: an incident's ticket is never dropped. The incident id is
/// Ticket's idempotency key, so two replicas, or a retry after an answer that was lost, open one ticket.
struct IncidentTicketDispatcher: Service {
    let ticket: HostAndPort
    let certificatePath: String
    let keyPath: String
    let platformCAPath: String
    let database: Database
    let tickets: IncidentTicketStore
    let policy: RetryPolicy
    let interval: Duration
    let clock: WallClock
    let logger: Logger

    func run() async throws {
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot open incident tickets") {
            try await dispatchRound()
        }
    }

    /// Tries every ticket due now; returns how many were opened.
    @discardableResult
    func dispatchRound() async throws -> Int {
        let due = try await tickets.due(at: clock.now(), limit: 20)
        guard !due.isEmpty else { return 0 }
        let transport = try TransportFactory.mutualTLSClient(
            target: ticket, certificatePath: certificatePath, keyPath: keyPath, caPath: platformCAPath)
        return try await withGRPCClient(transport: transport) { client in
            let service = Vdxp_Ticket_V1_TicketService.Client(wrapping: client)
            var opened = 0
            for pending in due {
                var options = CallOptions.defaults
                options.timeout = .seconds(10)
                options.waitForReady = false
                do {
                    let answer = try await service.openTicket(Self.request(for: pending), options: options)
                    try await database.transaction(logger: logger) { connection in
                        try await tickets.opened(pending.incidentID, ticketID: answer.ticketID, on: connection)
                    }
                    logger.notice(
                        "incident ticket opened",
                        metadata: ["incident": "\(pending.incidentID)", "ticket": "\(answer.ticketID)"])
                    opened += 1
                } catch {
                    let next = clock.now().addingTimeInterval(
                        policy.delay(afterAttempt: pending.attemptCount + 1).timeInterval)
                    logger.warning(
                        "Ticket did not open the incident's ticket; retrying",
                        metadata: [
                            "incident": "\(pending.incidentID)", "ticket-service": "\(ticket)",
                            "error": "\(loggedDescription(of: error))",
                        ])
                    try await tickets.failed(pending.incidentID, error: "\(error)", retryAt: next)
                }
            }
            return opened
        }
    }

    /// The `OpenTicket` request of an incident.
    static func request(for pending: IncidentTicketStore.PendingTicket) -> Vdxp_Ticket_V1_OpenTicketRequest {
        .with {
            $0.organisationID = pending.organisationID
            $0.category = .connection
            $0.priority = .high
            $0.channel = .monitoring
            $0.subject = pending.subject
            $0.description_p = pending.description
            $0.incidentID = String(pending.incidentID)
        }
    }
}
