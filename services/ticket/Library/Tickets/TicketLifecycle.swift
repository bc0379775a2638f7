import Foundation
import Logging
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// The ticket state graph of `TicketState` (Art. 18), and who may make each move. Pure.
///
///     NEW → ACKNOWLEDGED → IN_PROGRESS ⇄ WAITING_FOR_MEMBER → RESOLVED → CLOSED
///
/// Any open state may go straight to RESOLVED; RESOLVED is reopened (→ IN_PROGRESS) within the reopen period and
/// closed by the member's confirmation or when that period ends. CLOSED is final.
enum TicketLifecycle {
    typealias State = Vdxp_Ticket_V1_TicketState

    /// The states `state` may move to, for the operator.
    static func moves(from state: State) -> [State] {
        switch state {
        case .new: [.acknowledged, .resolved]
        case .acknowledged: [.inProgress, .waitingForMember, .resolved]
        case .inProgress: [.waitingForMember, .resolved]
        case .waitingForMember: [.inProgress, .resolved]
        case .resolved: [.inProgress, .closed]
        case .closed, .unspecified, .UNRECOGNIZED: []
        }
    }

    /// The states a member may move a ticket in `state` to: closing or reopening a resolved ticket.
    static func memberMoves(from state: State) -> [State] {
        state == .resolved ? [.inProgress, .closed] : []
    }

    /// The open states (the operator still owes something), as stored.
    static let openStates: [State] = [.new, .acknowledged, .inProgress, .waitingForMember]

    /// Checks a move by `caller`: on the graph, allowed to the caller, with the text it needs, and a reopen within
    /// `reopenPeriod` seconds of `resolveTime`.
    static func check(
        from: State, to: State, caller: TicketCaller, text: String, ticketID: String, resolveTime: Date?,
        reopenPeriod: TimeInterval, now: Date
    ) throws(TicketError) {
        guard moves(from: from).contains(to) else {
            throw .moveNotAllowed(ticketID: ticketID, from: from, to: to, allowed: moves(from: from))
        }
        if !caller.isOperator {
            guard memberMoves(from: from).contains(to) else {
                throw .operatorOnly(action: "move a ticket from \(from.word) to \(to.word)")
            }
        }
        if to == .resolved, text.isEmpty {
            throw .invalidField(
                field: "text", message: "text is required to resolve a ticket: tell the member how it was solved")
        }
        if from == .resolved, to == .inProgress {
            guard !text.isEmpty else {
                throw .invalidField(field: "text", message: "text is required to reopen a ticket: say why")
            }
            if let resolveTime, now > resolveTime.addingTimeInterval(reopenPeriod) {
                throw .reopenPeriodOver(ticketID: ticketID, resolveTime: resolveTime, days: Int(reopenPeriod / 86400))
            }
        }
    }

    /// Whether a move by the operator answers the member (meets a FIRST_RESPONSE clock, Art. 18.2.a).
    static func answersMember(to: State) -> Bool {
        to == .acknowledged || to == .waitingForMember || to == .resolved
    }
}

extension Vdxp_Ticket_V1_TicketState {
    /// The state's name as the contract spells it, for messages.
    var word: String {
        switch self {
        case .unspecified: "UNSPECIFIED"
        case .new: "NEW"
        case .acknowledged: "ACKNOWLEDGED"
        case .inProgress: "IN_PROGRESS"
        case .waitingForMember: "WAITING_FOR_MEMBER"
        case .resolved: "RESOLVED"
        case .closed: "CLOSED"
        case .UNRECOGNIZED(let number): "state \(number)"
        }
    }
}
