import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPReport

/// Three Report replicas pull Monitoring and Ticket on their own rounds. A replica whose pull read first but whose
/// transaction commits last must not put its older answer back over a newer one: the members' connections, the SLA
/// figures and the positions stay those of the pull that read last.
@Suite("Report: a slow replica's older pull never replaces a newer one", .timeLimit(.minutes(5)))
struct ReportSourcePullReplicaTests {
    static let member = "000.00.00.H26"
    /// The first day of this Vietnam month.
    static var thisMonth: VietnamDay {
        let (year, month, _) = VietnamDay(containing: Date()).components
        return VietnamDay(year: year, month: month, day: 1)
    }

    static func connection(_ state: Vdxp_Monitoring_V1_ConnectionState) -> Vdxp_Monitoring_V1_MemberConnection {
        .with {
            $0.organisationID = member
            $0.state = state
        }
    }

    static func change(_ id: Int64, _ state: Vdxp_Monitoring_V1_ConnectionState, at date: Date)
        -> Vdxp_Monitoring_V1_ConnectionChange
    {
        .with {
            $0.changeID = id
            $0.organisationID = member
            $0.state = state
            $0.changeTime = Google_Protobuf_Timestamp(date: date)
        }
    }

    static func sla(open: Int64, met: Int64) -> Vdxp_Ticket_V1_SlaFigures {
        .with {
            $0.members = [
                .with {
                    $0.organisationID = member
                    $0.categories = [
                        .with {
                            $0.category = .providedService
                            $0.received = 1
                            $0.met = met
                            $0.open = open
                        }
                    ]
                }
            ]
        }
    }

    /// The figures of the Vietnam month that begins on `month`, read now.
    static func figures(_ store: OperationSourceStore, month: VietnamDay) async throws
        -> Vdxp_Report_V1_OperationFigures
    {
        let next = PeriodStepper(granularity: .month).next(after: month)
        let query = try FigureQuery(
            scope: .init(), start: Google_Protobuf_Timestamp(date: month.start),
            end: Google_Protobuf_Timestamp(date: next.start), filter: .init(), caller: .operator(name: "admin"))
        return try #require(try await store.figures(query, now: Date())[""])
    }

    @Test(
        "Monitoring: the member lost in the older pull stays connected as the newer pull read; both pulls' changes are kept"
    )
    func olderMonitoringPullCommittedLast() async throws {
        try await TemporaryDatabase.withDatabase(schema: "report", migrations: ReportMigrations.all) {
            database, logger in
            let store = OperationSourceStore(database: database, logger: logger)
            let older = try await store.readTime()
            let newer = try await store.readTime()
            #expect(newer > older)
            let lost = Date(timeIntervalSinceNow: -7200)
            let restored = Date(timeIntervalSinceNow: -60)
            try await store.keep(
                OperationSourceStore.MonitoringPull(
                    readAt: newer,
                    changes: [Self.change(1, .disconnected, at: lost), Self.change(2, .connected, at: restored)],
                    connections: [Self.connection(.connected)], position: restored))
            try await store.keep(
                OperationSourceStore.MonitoringPull(
                    readAt: older,
                    changes: [Self.change(1, .disconnected, at: lost), Self.change(3, .connected, at: lost)],
                    connections: [Self.connection(.disconnected)], position: lost))

            let figures = try await Self.figures(store, month: Self.thisMonth)
            #expect(figures.membersConnected == 1)
            #expect(figures.membersDisconnected == 0)
            let position = try #require(try await store.positions()[.monitoring])
            #expect(abs(position.position.timeIntervalSince(restored)) < 0.001)
            var kept: [Int64] = []
            for try await id in try await database.query(
                "SELECT change_id FROM report.connection_changes ORDER BY change_id", logger: logger
            ).decode(Int64.self) {
                kept.append(id)
            }
            #expect(kept == [1, 2, 3])
        }
    }

    @Test("Monitoring: pulls kept in the order they read keep the newer one")
    func pullsInOrder() async throws {
        try await TemporaryDatabase.withDatabase(schema: "report", migrations: ReportMigrations.all) {
            database, logger in
            let store = OperationSourceStore(database: database, logger: logger)
            for state in [Vdxp_Monitoring_V1_ConnectionState.connected, .disconnected] {
                try await store.keep(
                    OperationSourceStore.MonitoringPull(
                        readAt: try await store.readTime(), changes: [], connections: [Self.connection(state)],
                        position: Date()))
            }
            let figures = try await Self.figures(store, month: Self.thisMonth)
            #expect(figures.membersDisconnected == 1)
            #expect(figures.membersConnected == 0)
        }
    }

    @Test("Ticket: the month's ticket answered in the newer pull stays answered when an older pull commits after it")
    func olderTicketPullCommittedLast() async throws {
        try await TemporaryDatabase.withDatabase(schema: "report", migrations: ReportMigrations.all) {
            database, logger in
            let store = OperationSourceStore(database: database, logger: logger)
            let month = Self.thisMonth
            let older = try await store.readTime()
            let newer = try await store.readTime()
            try await store.keep(
                OperationSourceStore.TicketPull(
                    readAt: newer, months: [(month, Self.sla(open: 0, met: 1))], lastMonth: month))
            try await store.keep(
                OperationSourceStore.TicketPull(
                    readAt: older, months: [(month, Self.sla(open: 1, met: 0))], lastMonth: month))

            let figures = try await Self.figures(store, month: month)
            #expect(figures.ticketsOpen == 0)
            #expect(figures.ticketSlaMetRate == 1)
        }
    }
}
