import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCProtobuf
import PostgresNIO
import SwiftProtobuf
import Synchronization
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPMonitoring
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPTicket

/// Ticket hands every member-facing event to Monitoring's `SubmitAlert` from its own outbox (issue 13), as
/// `service:ticket` over mutual TLS: while Monitoring cannot take an alert, it stays pending and is retried with a
/// growing pause — never dropped — and once taken it is not sent again.
@Suite("Ticket alerts to Monitoring", .serialized)
struct TicketAlertDispatchTests {
    /// One round of Ticket's dispatcher at the test clock's time, to Monitoring at `monitoring`.
    static func dispatch(_ ticket: TicketTestService, to monitoring: HostAndPort) async throws -> Int {
        let platform = ticket.platform
        let paths = platform.pki.services["ticket"]!
        let (clock, logger) = (ticket.clock, platform.logger)
        return try await platform.database { database in
            try await AlertDispatcher(
                database: database, outbox: AlertOutboxStore(database: database, logger: logger),
                submit: AlertDispatcher.monitoringSubmitter(
                    address: monitoring, certificatePath: paths.certificate, keyPath: paths.key,
                    platformCAPath: platform.pki.platformCA),
                interval: .seconds(3600), clock: clock.wallClock, logger: logger,
                lateNotices: LateMaintenanceNotice(
                    database: database, windows: MaintenanceStore(database: database, logger: logger),
                    outbox: AlertOutboxStore(database: database, logger: logger),
                    calendar: {
                        try TicketCalendarSource(globalConfiguration: ticket.host.globalConfiguration).calendar()
                    },
                    logger: logger)
            ).dispatch()
        }
    }

    /// The alerts Monitoring raised for Ticket: kind, member, reference.
    static func monitoringAlerts(_ platform: TestPlatform) async throws -> [(Int, String, String)] {
        let logger = platform.logger
        return try await platform.database { database in
            var rows: [(Int, String, String)] = []
            for try await row in try await database.query(
                """
                SELECT kind::integer, organisation_id, reference FROM monitoring.alerts
                WHERE submitted_by = 'ticket' ORDER BY alert_id
                """, on: nil, logger: logger
            ).decode((Int, String, String).self) {
                rows.append(row)
            }
            return rows
        }
    }

    @Test("a ticket opened reaches the member's inbox in the real Monitoring once; while Monitoring is gone, it waits")
    func handedToMonitoringOnce() async throws {
        try await TestPlatform.with { platform in
            let monitoring = ServiceHost(
                definition: MonitoringService.definition, configuration: try platform.configuration("monitoring"),
                logger: platform.logger)
            let task = Task { try await monitoring.run() }
            let outcome: Result<Void, any Error>
            do {
                let address = try await monitoring.addresses().grpc
                try await platform.withTicket(settings: ["VDXP_MONITORING_ADDRESS": address.description]) { ticket in
                    let opened = try await TicketWorkTests.open(ticket)
                    #expect(try await Self.dispatch(ticket, to: address) == 1)
                    var rows = try await ticket.outbox()
                    #expect(rows.count == 1)
                    #expect(rows[0].delivered)
                    var alerts = try await Self.monitoringAlerts(platform)
                    #expect(alerts.count == 1)
                    #expect(alerts.first?.0 == Vdxp_Monitoring_V1_AlertKind.supportTicket.rawValue)
                    #expect(alerts.first?.1 == TestPlatform.sender.organisationID, "in the member's own inbox")
                    #expect(alerts.first?.2 == opened.ticketID, "naming the ticket")

                    // Handed over again (as after a lost answer): Monitoring answers with the same alert.
                    #expect(try await Self.dispatch(ticket, to: address) == 0, "nothing is due any more")

                    // Monitoring gone altogether: the next alert stays pending and is retried.
                    _ = try await TicketWorkTests.open(ticket, subject: "Không nhận được văn bản")
                    let nowhere = HostAndPort(host: "127.0.0.1", port: 1)
                    #expect(try await Self.dispatch(ticket, to: nowhere) == 0)
                    rows = try await ticket.outbox()
                    #expect(rows.count == 2)
                    #expect(rows[1].attempts == 1)
                    #expect(!rows[1].delivered)
                    #expect(!rows[1].lastError.isEmpty)
                    ticket.clock.advance(by: 11)
                    #expect(try await Self.dispatch(ticket, to: address) == 1, "delivered once Monitoring is back")
                    alerts = try await Self.monitoringAlerts(platform)
                    #expect(alerts.count == 2)
                }
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            try await TestPlatform.stop([monitoring], running: [task])
            try outcome.get()
        }
    }

    @Test("a server that refuses once and then takes the alert gets the same idempotency key, and the alert only once")
    func deliveredOnceWithTheSameKey() async throws {
        try await TestPlatform.with { platform in
            let received = ReceivedAlerts()
            let paths = platform.pki.services["monitoring"]!
            let server = GRPCServer(
                transport: TransportFactory.tlsServer(
                    address: HostAndPort(host: "127.0.0.1", port: 0), certificatePath: paths.certificate,
                    keyPath: paths.key),
                services: [SubmitAlertOnly(received: received)])
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.serve() }
                defer { server.beginGracefulShutdown() }
                guard let bound = try await server.listeningAddress?.ipv4 else {
                    throw TestPlatformError("the fake Monitoring did not bind")
                }
                let address = HostAndPort(host: "127.0.0.1", port: bound.port)
                try await platform.withTicket { ticket in
                    let opened = try await TicketWorkTests.open(ticket)
                    #expect(try await Self.dispatch(ticket, to: address) == 0, "refused once with UNAVAILABLE")
                    ticket.clock.advance(by: 11)
                    #expect(try await Self.dispatch(ticket, to: address) == 1)
                    ticket.clock.advance(by: 3600)
                    #expect(try await Self.dispatch(ticket, to: address) == 0, "nothing left to send")
                    let rows = try await ticket.outbox()
                    #expect(rows.map(\.delivered) == [true])
                    let keys = received.requests.map(\.idempotencyKey)
                    #expect(keys == ["ticket/\(opened.ticketID)/opened", "ticket/\(opened.ticketID)/opened"])
                    #expect(received.requests.last?.kind == .supportTicket)
                    #expect(received.requests.last?.organisationID == TestPlatform.sender.organisationID)
                    #expect(received.requests.last?.reference == opened.ticketID)
                }
            }
        }
    }
}

extension TicketAlertDispatchTests {
    @Test("once Monitoring is unreachable a round stops calling it: the rest of its alerts wait for the next attempt")
    func unreachableMonitoringEndsTheRound() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                for category: Vdxp_Ticket_V1_TicketCategory in [.providedService, .connection, .other] {
                    _ = try await TicketWorkTests.open(ticket, category: category)
                }
                let (clock, logger) = (ticket.clock, platform.logger)
                let calls = Mutex(0)
                let delivered = try await platform.database { database in
                    try await AlertDispatcher(
                        database: database, outbox: AlertOutboxStore(database: database, logger: logger),
                        submit: { _ in
                            calls.withLock { $0 += 1 }
                            throw RPCError(code: .unavailable, message: "could not establish a connection")
                        }, interval: .seconds(3600), clock: clock.wallClock, logger: logger
                    ).dispatch()
                }
                #expect(delivered == 0)
                #expect(calls.withLock { $0 } == 1, "one call told the round Monitoring is gone")
                let rows = try await ticket.outbox()
                #expect(rows.count == 3)
                #expect(rows.allSatisfy { !$0.delivered && $0.attempts == 1 && $0.lastError.contains("unavailable") })
            }
        }
    }

    @Test("two dispatchers over the same outbox never hand the same alert twice, and hold no lock while calling")
    func twoDispatchersNeverHandTheSameAlertTwice() async throws {
        try await TestPlatform.with { platform in
            let monitoring = ServiceHost(
                definition: MonitoringService.definition, configuration: try platform.configuration("monitoring"),
                logger: platform.logger)
            let task = Task { try await monitoring.run() }
            let outcome: Result<Void, any Error>
            do {
                let address = try await monitoring.addresses().grpc
                try await platform.withTicket { ticket in
                    let (clock, logger) = (ticket.clock, platform.logger)
                    let paths = platform.pki.services["ticket"]!
                    let toMonitoring = AlertDispatcher.monitoringSubmitter(
                        address: address, certificatePath: paths.certificate, keyPath: paths.key,
                        platformCAPath: platform.pki.platformCA)
                    try await platform.database { database in
                        let outbox = AlertOutboxStore(database: database, logger: logger)
                        try await database.transaction(logger: logger) { connection in
                            for number in 0..<30 {
                                try await outbox.enqueue(
                                    PendingAlert(
                                        idempotencyKey: "test/dispatch/\(number)", kind: .supportTicket,
                                        severity: .info, organisationID: TestPlatform.sender.organisationID,
                                        toOperators: false, channels: [], summary: "alert \(number)",
                                        detail: "Cảnh báo thử \(number)",
                                        reference: "TK-2026-\(number)"),
                                    at: clock.now, on: connection)
                            }
                        }
                        let handed = HandedKeys()
                        let gate = Gate()
                        // A's first call to Monitoring waits until B has done its rounds: A's rows are claimed, not
                        // locked by an open transaction, and B must leave them alone.
                        let a = AlertDispatcher(
                            database: database, outbox: outbox,
                            submit: { request in
                                if handed.record(request.idempotencyKey, by: "A") == 0 { await gate.wait() }
                                return try await toMonitoring(request)
                            }, interval: .seconds(3600), clock: clock.wallClock, logger: logger, batch: 10)
                        let b = AlertDispatcher(
                            database: database, outbox: outbox,
                            submit: { request in
                                _ = handed.record(request.idempotencyKey, by: "B")
                                return try await toMonitoring(request)
                            }, interval: .seconds(3600), clock: clock.wallClock, logger: logger, batch: 10)
                        async let first = a.dispatch()
                        for _ in 0..<400 where handed.count(by: "A") == 0 {
                            try? await Task.sleep(for: .milliseconds(25))
                        }
                        let started = handed.count(by: "A") == 1
                        // B's rounds while A is inside its call; the gate opens whatever happens, so A never hangs.
                        let byB: Result<(delivered: Int, lockable: Int), any Error>
                        do {
                            var total = 0
                            for _ in 0..<4 { total += try await b.dispatch() }
                            // No lock is held on A's rows while A waits for Monitoring: NOWAIT takes them at once.
                            let lockable = try await database.transaction(logger: logger) { connection in
                                try await database.query(
                                    """
                                    SELECT id FROM ticket.alert_outbox WHERE idempotency_key = ANY(\(handed.keys))
                                    FOR UPDATE NOWAIT
                                    """, on: connection, logger: logger
                                ).collect().count
                            }
                            byB = .success((total, lockable))
                        } catch {
                            byB = .failure(error)
                        }
                        await gate.open()
                        #expect(started, "A claimed its rows and called Monitoring")
                        let (delivered, lockable) = try byB.get()
                        #expect(delivered == 20, "B takes the 20 rows A did not claim, and none of A's")
                        #expect(lockable == 21, "A's row in its call and B's 20, none locked")
                        #expect(try await first == 10)
                        #expect(try await b.dispatch() == 0, "nothing left")
                        #expect(try await a.dispatch() == 0, "nothing left")
                        let keys = handed.keys
                        #expect(keys.count == 30)
                        #expect(Set(keys).count == 30, "no alert handed over twice")
                    }
                    let rows = try await ticket.outbox()
                    #expect(rows.count == 30)
                    #expect(rows.allSatisfy { $0.delivered && $0.attempts == 1 })
                    #expect(try await Self.monitoringAlerts(platform).count == 30)
                }
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            try await TestPlatform.stop([monitoring], running: [task])
            try outcome.get()
        }
    }
}

/// The idempotency keys the dispatchers handed to Monitoring, and by whom.
final class HandedKeys: Sendable {
    private let state = Mutex<[(key: String, by: String)]>([])
    var keys: [String] { state.withLock { $0.map(\.key) } }
    func count(by dispatcher: String) -> Int { state.withLock { $0.filter { $0.by == dispatcher }.count } }
    /// Records `key` handed over by `dispatcher`; returns how many that dispatcher handed before it.
    func record(_ key: String, by dispatcher: String) -> Int {
        state.withLock {
            let before = $0.filter { $0.by == dispatcher }.count
            $0.append((key: key, by: dispatcher))
            return before
        }
    }
}

/// Holds a task until opened.
actor Gate {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiting.append($0) }
    }
    func open() {
        isOpen = true
        for continuation in waiting { continuation.resume() }
        waiting = []
    }
}

/// What the fake Monitoring received.
final class ReceivedAlerts: Sendable {
    private let state = Mutex<[Vdxp_Monitoring_V1_SubmitAlertRequest]>([])
    var requests: [Vdxp_Monitoring_V1_SubmitAlertRequest] { state.withLock { $0 } }
    /// Records `request`; returns how many came before it.
    func record(_ request: Vdxp_Monitoring_V1_SubmitAlertRequest) -> Int {
        state.withLock {
            $0.append(request)
            return $0.count - 1
        }
    }
}

/// A real gRPC server that serves only `MonitoringService.SubmitAlert`: UNAVAILABLE on the first call, then an alert.
struct SubmitAlertOnly: RegistrableRPCService {
    let received: ReceivedAlerts

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        let received = self.received
        router.registerHandler(
            forMethod: Vdxp_Monitoring_V1_MonitoringService.Method.SubmitAlert.descriptor,
            deserializer: ProtobufDeserializer<Vdxp_Monitoring_V1_SubmitAlertRequest>(),
            serializer: ProtobufSerializer<Vdxp_Monitoring_V1_Alert>()
        ) { request, context in
            var message: Vdxp_Monitoring_V1_SubmitAlertRequest?
            for try await part in request.messages { message = part }
            guard let message else { throw RPCError(code: .invalidArgument, message: "no request") }
            if received.record(message) == 0 {
                throw RPCError(code: .unavailable, message: "Monitoring is starting")
            }
            return StreamingServerResponse(
                single: ServerResponse(message: Vdxp_Monitoring_V1_Alert.with { $0.alertID = 7 }))
        }
    }
}
