import Foundation
import Testing
import VDXPProto

@testable import VDXPTicket

/// The ticket's states: NEW → ACKNOWLEDGED → IN_PROGRESS ⇄ WAITING_FOR_MEMBER → RESOLVED → CLOSED, with reopen.
@Suite("Ticket life cycle (Art. 18)")
struct TicketLifecycleTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let operatorCaller = TicketCaller(kind: .operator, actor: .make(.operator, "admin", ""))
    static let memberCaller = TicketCaller(
        kind: .member(organisationID: "000.00.00.G22", canWrite: true, isAdministrator: false),
        actor: .make(.account, "lan", "000.00.00.G22"))

    static func check(
        _ from: Vdxp_Ticket_V1_TicketState, _ to: Vdxp_Ticket_V1_TicketState, by caller: TicketCaller = operatorCaller,
        text: String = "done", resolved: Date? = nil
    ) throws(TicketError) {
        try TicketLifecycle.check(
            from: from, to: to, caller: caller, text: text, ticketID: "TK-2026-000001", resolveTime: resolved,
            reopenPeriod: 14 * 86400, now: now)
    }

    @Test("the operator follows the graph")
    func operatorMoves() throws {
        try Self.check(.new, .acknowledged)
        try Self.check(.acknowledged, .inProgress)
        try Self.check(.inProgress, .waitingForMember)
        try Self.check(.waitingForMember, .inProgress)
        try Self.check(.new, .resolved)
        try Self.check(.resolved, .closed)
    }

    @Test("a move off the graph names the state and the moves allowed")
    func offTheGraph() {
        #expect {
            try Self.check(.new, .closed)
        } throws: { error in
            guard case .moveNotAllowed(_, .new, .closed, let allowed) = error as? TicketError else { return false }
            return allowed == [.acknowledged, .resolved]
                && (error as! TicketError).message.contains("moves allowed from NEW: ACKNOWLEDGED, RESOLVED")
        }
        #expect(throws: TicketError.self) { try Self.check(.closed, .inProgress) }
    }

    @Test("resolving needs a text telling the member how")
    func resolveNeedsText() {
        #expect(throws: TicketError.self) { try Self.check(.inProgress, .resolved, text: "") }
    }

    @Test("a member closes or reopens a resolved ticket, and nothing else")
    func memberMoves() throws {
        try Self.check(.resolved, .closed, by: Self.memberCaller)
        try Self.check(.resolved, .inProgress, by: Self.memberCaller, text: "vẫn lỗi", resolved: Self.now)
        #expect {
            try Self.check(.new, .acknowledged, by: Self.memberCaller)
        } throws: { error in
            if case .operatorOnly = error as? TicketError { return true }
            return false
        }
    }

    @Test("a reopen needs a reason and comes within the reopen period")
    func reopenPeriod() {
        #expect(throws: TicketError.self) {
            try Self.check(.resolved, .inProgress, by: Self.memberCaller, text: "", resolved: Self.now)
        }
        #expect {
            try Self.check(
                .resolved, .inProgress, by: Self.memberCaller, text: "again",
                resolved: Self.now.addingTimeInterval(-15 * 86400))
        } throws: { error in
            if case .reopenPeriodOver = error as? TicketError { return true }
            return false
        }
    }
}
