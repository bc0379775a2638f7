import Foundation
import Logging
import ServiceLifecycle
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Watches the support clocks (Art. 18.2): warns the operator group before a deadline, and at the deadline marks the
/// clock BREACHED and escalates to the operator group, each through the alert outbox in the same transaction; and
/// closes RESOLVED tickets whose reopen period ended. Safe on every replica: rows are claimed with
/// `FOR UPDATE SKIP LOCKED`.
struct SlaSweeper: Service {
    let database: Database
    let tickets: TicketStore
    let events: TicketEventStore
    let outbox: AlertOutboxStore
    let settings: TicketSettings
    let clock: WallClock
    let logger: Logger

    /// Most tickets handled in one transaction.
    static let batch = 200

    /// Sweeps every check interval until graceful shutdown.
    func run() async throws {
        await PeriodicTask.run(every: settings.checkInterval, logger: logger, failure: "cannot sweep support clocks") {
            _ = try await sweep()
        }
    }

    /// What one sweep did.
    struct Report: Equatable, Sendable {
        var warned: [String] = []
        var breached: [String] = []
        var autoClosed: [String] = []
    }

    /// One sweep at the clock's time now.
    @discardableResult
    func sweep() async throws -> Report {
        var report = Report()
        while true {
            let round = try await sweepClocks()
            report.warned += round.warned
            report.breached += round.breached
            if round.warned.count + round.breached.count < Self.batch { break }
        }
        while true {
            let closed = try await closeExpired()
            report.autoClosed += closed
            if closed.count < Self.batch { break }
        }
        return report
    }

    /// Warns and breaches one batch of clocks.
    private func sweepClocks() async throws -> Report {
        let now = clock.now()
        let (tickets, events, outbox, settings) = (self.tickets, self.events, self.outbox, self.settings)
        return try await database.transaction(logger: logger) { connection in
            var report = Report()
            for var ticket in try await tickets.clocksToSweep(now: now, limit: Self.batch, on: connection) {
                let timeline = settings.timeline(ticket.clock.policy)
                let due = ticket.clock.dueTime(on: timeline, now: now)
                switch ticket.clock.due(on: timeline, now: now) {
                case .nothing:
                    break
                case .warn:
                    ticket.clock.warn(at: now)
                    let event = try await events.append(
                        .make(.slaWarned, by: .ticketService, at: now, text: "due \(VietnamTime.text(due))"),
                        to: ticket.ticketID,
                        on: connection)
                    try await outbox.enqueue(
                        .forOperators(
                            ticket, key: "sla-warned/\(event.sequence)",
                            summary: "Sắp quá hạn hỗ trợ \(ticket.ticketID) (\(ticket.organisationID))",
                            detail: TicketAlertTexts.clock(ticket, breached: false, due: due), severity: .warning),
                        at: now, on: connection)
                    report.warned.append(ticket.ticketID)
                case .breach:
                    ticket.clock.breach(at: now)
                    try await events.append(
                        .make(.slaBreached, by: .ticketService, at: now, text: "due \(VietnamTime.text(due))"),
                        to: ticket.ticketID,
                        on: connection)
                    let event = try await events.append(
                        .make(.escalated, by: .ticketService, at: now, text: "operator group"), to: ticket.ticketID,
                        on: connection)
                    try await outbox.enqueue(
                        .forOperators(
                            ticket, key: "sla-breached/\(event.sequence)",
                            summary: "Quá hạn hỗ trợ \(ticket.ticketID) (\(ticket.organisationID))",
                            detail: TicketAlertTexts.clock(ticket, breached: true, due: due), severity: .critical),
                        at: now, on: connection)
                    report.breached.append(ticket.ticketID)
                }
                try await tickets.update(ticket, timeline: timeline, now: now, on: connection)
            }
            return report
        }
    }

    /// Closes one batch of RESOLVED tickets whose reopen period ended.
    private func closeExpired() async throws -> [String] {
        let now = clock.now()
        let (tickets, events, settings) = (self.tickets, self.events, self.settings)
        return try await database.transaction(logger: logger) { connection in
            var closed: [String] = []
            let expired = try await tickets.resolvedBefore(
                now.addingTimeInterval(-settings.reopenPeriod), limit: Self.batch, on: connection)
            for var ticket in expired {
                ticket.state = .closed
                ticket.updateTime = now
                try await events.append(
                    .make(.autoClosed, by: .ticketService, at: now, from: .resolved, to: .closed), to: ticket.ticketID,
                    on: connection)
                try await tickets.update(
                    ticket, timeline: settings.timeline(ticket.clock.policy), now: now, on: connection)
                closed.append(ticket.ticketID)
            }
            return closed
        }
    }
}
