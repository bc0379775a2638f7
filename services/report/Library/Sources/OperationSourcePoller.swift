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

/// Pulls Monitoring's connection history and Ticket's SLA figures into Report's schema through their gRPC APIs
/// (with Report's service certificate, `service:report`), every `interval` — the sources of `OperationFigures`
/// (issue 15: connection uptime and ticket SLA compliance).
///
/// - Monitoring: every connection change recorded since the stored position (the last record time kept, less an hour
///   of overlap: a change committed late by another replica is still seen; a change kept twice is kept once) — by
///   when Monitoring recorded it, not by its change time, which a catch-up on the journal dates hours back — and
///   every member's connection now (`ListMemberConnections`, replaced as a whole).
/// - Ticket: `GetSlaFigures` for every member, one Vietnam month at a time, through the current month, from the
///   earliest of (``ticketMonths(position:now:everyMonth:)``): the stored position (the oldest month that still had
///   tickets open, whose figures can still change), the month 8 days back (a hotline or e-mail ticket may be entered
///   up to 7 days after it came in, into a month with nothing open any more), and — on each replica's first round of
///   a Vietnam day — January 2019, so that a ticket reopened (up to 90 days after its resolution) changes the figures
///   of the month it was received in by the next day. Each month's rows are replaced as a whole.
///
/// Each source's rows and position are written in one transaction, so a failed pull changes nothing; the next round
/// retries. Any number of replicas may pull: every write is idempotent, and a pull that began reading before the one
/// already kept writes nothing but the connection changes (which are kept once each), so a slow replica's older answer
/// never replaces a newer one (``OperationSourceStore/claim(_:readAt:on:)``).
struct OperationSourcePoller: Service {
    let monitoring: HostAndPort?
    let ticket: HostAndPort?
    let certificatePath: String
    let keyPath: String
    let platformCAPath: String
    let store: OperationSourceStore
    let interval: Duration
    let logger: Logger

    /// The first month Ticket is asked about when Report has never pulled it.
    static let firstMonth = VietnamDay(year: 2019, month: 1, day: 1)

    /// The overlap of successive pulls of connection changes.
    static let overlap: TimeInterval = 3600

    /// How far back a ticket may be entered after it came in (Ticket's limit on `receive_time`), and a day more.
    static let backDating: TimeInterval = 8 * 86_400

    func run() async throws {
        var everyMonthOn: Int32? = nil
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let today = VietnamDay(containing: Date()).number
            if await pullOnce(everyTicketMonth: everyMonthOn != today) { everyMonthOn = today }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// The Vietnam months whose ticket figures a pull reads: from the earliest of `position` (nil: never pulled), the
    /// month ``backDating`` before `now`, and — `everyMonth` — ``firstMonth``, through the month of `now`.
    static func ticketMonths(position: Date?, now: Date, everyMonth: Bool) -> [VietnamDay] {
        let monthOf = { (date: Date) -> VietnamDay in
            let (year, month, _) = VietnamDay(containing: date).components
            return VietnamDay(year: year, month: month, day: 1)
        }
        var first = min(position.map(monthOf) ?? firstMonth, monthOf(now.addingTimeInterval(-backDating)))
        if everyMonth { first = firstMonth }
        return PeriodStepper(granularity: .month).starts(
            from: first, to: VietnamDay(number: VietnamDay(containing: now).number + 1))
    }

    /// Pulls each configured source once (Ticket's figures of every month since ``firstMonth`` when `everyTicketMonth`);
    /// a source that fails is logged and left for the next round. Returns whether Ticket's figures were read (or no
    /// Ticket is configured).
    @discardableResult
    func pullOnce(everyTicketMonth: Bool = false) async -> Bool {
        if let monitoring {
            do { try await pullMonitoring(monitoring) } catch {
                logger.warning(
                    "cannot read connection figures from Monitoring; retrying next round",
                    metadata: ["monitoring": "\(monitoring)", "error": "\(loggedDescription(of: error))"])
            }
        }
        if let ticket {
            do { try await pullTicket(ticket, everyMonth: everyTicketMonth) } catch {
                logger.warning(
                    "cannot read SLA figures from Ticket; retrying next round",
                    metadata: ["ticket": "\(ticket)", "error": "\(loggedDescription(of: error))"])
                return false
            }
        }
        return true
    }

    private func transport(_ target: HostAndPort) throws -> HTTP2ClientTransport.Posix {
        try TransportFactory.mutualTLSClient(
            target: target, certificatePath: certificatePath, keyPath: keyPath, caPath: platformCAPath)
    }

    private func pullMonitoring(_ address: HostAndPort) async throws {
        let positions = try await store.positions()
        let readAt = try await store.readTime()
        let since = positions[.monitoring].map { $0.position.addingTimeInterval(-Self.overlap) }
        let (changes, connections) = try await withGRPCClient(transport: try transport(address)) { client in
            let monitoring = Vdxp_Monitoring_V1_MonitoringService.Client(wrapping: client)
            var changes: [Vdxp_Monitoring_V1_ConnectionChange] = []
            var connections: [Vdxp_Monitoring_V1_MemberConnection] = []
            var token = ""
            repeat {
                let page = try await monitoring.listConnectionChanges(
                    .with {
                        if let since { $0.recordedSince = .init(date: since) }
                        $0.pageSize = 500
                        $0.pageToken = token
                    })
                changes += page.changes
                token = page.nextPageToken
            } while !token.isEmpty
            repeat {
                let page = try await monitoring.listMemberConnections(
                    .with {
                        $0.pageSize = 500
                        $0.pageToken = token
                    })
                connections += page.connections
                token = page.nextPageToken
            } while !token.isEmpty
            return (changes, connections)
        }
        // A Monitoring older than record_time leaves it unset (and reads from the beginning): its change time then.
        let last =
            changes.map { $0.hasRecordTime ? $0.recordTime.date : $0.changeTime.date }.max()
            ?? positions[.monitoring]?.position ?? Date(timeIntervalSince1970: 0)
        try await store.keep(
            OperationSourceStore.MonitoringPull(
                readAt: readAt, changes: changes, connections: connections, position: last))
    }

    private func pullTicket(_ address: HostAndPort, everyMonth: Bool) async throws {
        let positions = try await store.positions()
        let readAt = try await store.readTime()
        let stepper = PeriodStepper(granularity: .month)
        let months = Self.ticketMonths(position: positions[.ticket]?.position, now: Date(), everyMonth: everyMonth)
        let first = months.first ?? Self.firstMonth
        let answers = try await withGRPCClient(transport: try transport(address)) { client in
            let ticket = Vdxp_Ticket_V1_TicketService.Client(wrapping: client)
            var answers: [(VietnamDay, Vdxp_Ticket_V1_SlaFigures)] = []
            for (index, month) in months.enumerated() {
                let end = index + 1 < months.count ? months[index + 1] : stepper.next(after: month)
                let figures = try await ticket.getSlaFigures(
                    .with {
                        $0.startTime = .init(date: month.start)
                        $0.endTime = .init(date: end.start)
                    })
                answers.append((month, figures))
            }
            return answers
        }
        try await store.keep(
            OperationSourceStore.TicketPull(readAt: readAt, months: answers, lastMonth: months.last ?? first))
    }
}
