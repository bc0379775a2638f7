import Foundation
import GRPCCore
import Logging
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPTicket

/// Art. 16.5: a member reports a lost or stolen credential; the operator opens an URGENT ticket, records a
/// CREDENTIAL_LOSS notice and locks the account in Central at once — or, while Central cannot be reached, as soon as
/// it can, the ticket's history saying when.
@Suite("Ticket lost credentials (Art. 16.5)", .serialized)
struct TicketLostCredentialTests {
    static let sender = TestPlatform.sender
    static let recipient = TestPlatform.recipient

    static func report(_ username: String, organisationID: String = "") -> Vdxp_Ticket_V1_ReportLostCredentialRequest {
        .with {
            $0.organisationID = organisationID
            $0.username = username
            $0.description_p = "Máy tính xách tay có lưu mật khẩu bị mất cắp sáng nay."
        }
    }

    @Test(
        "a member administrator reports a clerk's credentials stolen: URGENT ACCOUNT ticket, CREDENTIAL_LOSS notice, the account locked in Central before the answer"
    )
    func lockedAtOnce() async throws {
        try await TestPlatform.with { platform in
            try await platform.createAccount("admin.g22", of: Self.sender, roles: [.memberAdmin])
            try await platform.createAccount("clerk.g22", of: Self.sender, roles: [.memberUser])
            let admin = try await platform.login("admin.g22").token
            let clerk = try await platform.login("clerk.g22").token
            try await platform.withTicket { ticket in
                let clerkReportsAdmin = await rpcError {
                    _ = try await ticket.call(as: .member(Self.sender, token: clerk)) {
                        try await $0.reportLostCredential(Self.report("admin.g22"))
                    }
                }
                #expect(clerkReportsAdmin?.code == .permissionDenied)
                let otherMember = await rpcError {
                    _ = try await ticket.call(as: .member(Self.recipient)) {
                        try await $0.reportLostCredential(
                            Self.report("clerk.g22", organisationID: Self.sender.organisationID))
                    }
                }
                #expect(otherMember?.code == .permissionDenied)
                let unknown = await rpcError {
                    _ = try await ticket.call(as: .member(Self.sender, token: admin)) {
                        try await $0.reportLostCredential(Self.report("nobody.g22"))
                    }
                }
                #expect(unknown?.badRequestFields == ["username"])

                let response = try await ticket.call(as: .member(Self.sender, token: admin)) {
                    try await $0.reportLostCredential(Self.report("clerk.g22"))
                }
                #expect(response.accountLocked)
                #expect(response.ticket.category == .account)
                #expect(response.ticket.priority == .urgent)
                #expect(response.ticket.openedBy.name == "admin.g22")
                #expect(response.notice.kind == .credentialLoss)
                #expect(response.notice.ticketID == response.ticket.ticketID)
                #expect(response.notice.organisationID == Self.sender.organisationID)

                let account = try await platform.accounts {
                    try await $0.getAccount(.with { $0.username = "clerk.g22" })
                }
                #expect(account.state == .locked)
                #expect(account.lock.lockedBy == "service ticket")
                let signIn = await rpcError { _ = try await platform.login("clerk.g22") }
                #expect(signIn != nil, "a locked account cannot sign in")

                let history = try await ticket.call(as: .member(Self.sender, token: admin)) {
                    try await $0.listTicketEvents(.with { $0.ticketID = response.ticket.ticketID })
                }
                #expect(history.events.map(\.kind) == [.opened, .commented])
                #expect(history.events.last?.actor.kind == .service)
                let notices = try await ticket.call(as: .member(Self.sender)) { try await $0.listNotices(.init()) }
                #expect(notices.notices.map(\.noticeID) == [response.notice.noticeID])

                // The notice reaches Ticket's outbox for Monitoring: the member's contacts, by e-mail and SMS, at once.
                let alerts = try await ticket.outbox().map(\.alert).filter { $0.kind == .operatorNotice }
                #expect(alerts.map(\.idempotencyKey) == ["notice/\(response.notice.noticeID)/sent"])
                #expect(alerts.first?.organisationID == Self.sender.organisationID)
                #expect(alerts.first?.toOperators == false)
                #expect(alerts.first?.severity == .critical)
                #expect(alerts.first?.channels == [.email, .sms])

                // Reported again while the report is open (a system retrying, or in a loop): the same report answers,
                // with no second ticket, notice or alert.
                let again = try await ticket.call(as: .member(Self.sender)) {
                    try await $0.reportLostCredential(Self.report("clerk.g22"))
                }
                #expect(again.ticket.ticketID == response.ticket.ticketID)
                #expect(again.notice.noticeID == response.notice.noticeID)
                #expect(again.accountLocked)
                let tickets = try await ticket.call(as: .operator) { try await $0.listTickets(.init()) }
                #expect(tickets.tickets.map(\.ticketID) == [response.ticket.ticketID])
                let noticesAfter = try await ticket.call(as: .member(Self.sender)) { try await $0.listNotices(.init()) }
                #expect(noticesAfter.notices.count == 1)
                #expect(try await ticket.outbox().filter { $0.alert.kind == .operatorNotice }.count == 1)
            }
        }
    }

    @Test(
        "while Central cannot be reached the report is taken and the lock is retried until Central makes it; a report naming no account of the member is then refused once, not retried"
    )
    func lockRetried() async throws {
        try await TestPlatform.with { platform in
            try await platform.createAccount("clerk.g22", of: Self.sender, roles: [.memberUser])
            // A Ticket replica cut off from Central: the operator (no global configuration needed) takes the report.
            let host = ServiceHost(
                definition: TicketService.definition,
                configuration: try TestPlatform.configuration(
                    "ticket", identity: "ticket", pki: platform.pki, databaseURL: platform.databaseURL,
                    central: HostAndPort(host: "127.0.0.1", port: 1),
                    extra: ["VDXP_TICKET_LOCK_RETRY_SECONDS": "3600"]),
                logger: platform.logger)
            let task = Task { try await host.run() }
            let outcome: Result<Void, any Error>
            do {
                let address = try await host.addresses().grpc
                let paths = platform.pki.operators["admin"]!
                let operatorClient = PlatformClient(
                    address: address, certificatePath: paths.certificate, keyPath: paths.key,
                    platformCAPath: platform.pki.platformCA)
                let response = try await operatorClient.ticket {
                    try await $0.reportLostCredential(
                        Self.report("clerk.g22", organisationID: Self.sender.organisationID))
                }
                #expect(!response.accountLocked)
                #expect(response.ticket.channel == .hotline)
                // A second report, with a username the member does not have: it cannot be checked now either.
                let misnamed = try await operatorClient.ticket {
                    try await $0.reportLostCredential(
                        Self.report("khongco.g22", organisationID: Self.sender.organisationID))
                }
                #expect(!misnamed.accountLocked)
                let before = try await platform.accounts {
                    try await $0.getAccount(.with { $0.username = "clerk.g22" })
                }
                #expect(before.state == .active)

                // Central is back: the retrier (as a replica that reaches it) makes the lock.
                let ticketPaths = platform.pki.services["ticket"]!
                let logger = platform.logger
                let central = platform.central
                let rounds = try await platform.database { database in
                    let retrier = CredentialLockRetrier(
                        database: database, locks: CredentialLockStore(database: database, logger: logger),
                        tickets: TicketStore(database: database, logger: logger),
                        events: TicketEventStore(database: database, logger: logger),
                        outbox: AlertOutboxStore(database: database, logger: logger),
                        locker: CentralAccountLocker(
                            central: central, certificatePath: ticketPaths.certificate, keyPath: ticketPaths.key,
                            platformCAPath: platform.pki.platformCA),
                        interval: .seconds(60), clock: .system, logger: logger)
                    let first = try await retrier.retry()
                    // The lease over, a refused lock is not claimed again.
                    try await database.query(
                        "UPDATE ticket.credential_locks SET next_attempt_time = now() - interval '1 hour'",
                        logger: logger)
                    return (first, try await retrier.retry())
                }
                #expect(rounds.0 == [response.ticket.ticketID])
                #expect(rounds.1.isEmpty)
                let refusal = try await platform.database { database in
                    try await TableText.rows(
                        """
                        SELECT attempts, refuse_time IS NOT NULL FROM ticket.credential_locks
                        WHERE ticket_id = '\(misnamed.ticket.ticketID)'
                        """, on: database)
                }
                #expect(refusal == "(1,t)", "one attempt, refused, not retried")
                let history = try await operatorClient.ticket {
                    try await $0.listTicketEvents(.with { $0.ticketID = misnamed.ticket.ticketID })
                }
                #expect(history.events.contains { $0.text.contains("Không khóa được tài khoản khongco.g22") })
                let alerted = try await platform.database { database in
                    try await TableText.count(
                        """
                        SELECT count(*) FROM ticket.alert_outbox
                        WHERE idempotency_key = 'ticket/\(misnamed.ticket.ticketID)/credential-lock-refused'
                        """, on: database)
                }
                #expect(alerted == 1, "the operator group is alerted")
                let after = try await platform.accounts {
                    try await $0.getAccount(.with { $0.username = "clerk.g22" })
                }
                #expect(after.state == .locked)
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            try await TestPlatform.stop([host], running: [task])
            try outcome.get()
        }
    }
}
