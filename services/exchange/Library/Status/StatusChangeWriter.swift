import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPStore

/// The statements of a set of status changes, on a caller's transaction, whatever their number: the copies are
/// locked with one statement, each change is checked in memory in turn, what passed is written with one statement
/// per table (copies, history, journal) and one wake-up of the status watchers, and the answers are read back with
/// one statement each for the histories and the retract requests. A refusal is therefore answered with nothing to
/// undo, so that the other changes of the same transaction (a commit group) stand.
struct StatusChangeWriter: Sendable {
    let deliveries: DeliveryStore
    let statusHistory: StatusHistoryStore
    let journal: JournalStore
    let retractRequests: RetractRequestStore

    /// Records each of `changes` that may be made, and returns one outcome per change, in the given order: the
    /// recipient's state of the copy it changed (as the whole set left it), or its refusal (no such copy, a copy
    /// revoked, updated or replaced, a transition the status machine forbids, a time before the copy's last
    /// status). Two changes of one copy are checked and made in the order given. A change that repeats the copy's
    /// latest one — its status, handler and comment, and its time when the change gives one — is a retry whose
    /// answer was lost: it is answered with the copy's state and records nothing. Throws only what the database
    /// throws.
    func write(
        _ changes: [PendingStatusChange], on connection: PostgresConnection
    ) async throws -> [Result<Vdxp_Exchange_V1_RecipientState, any Error>] {
        let addresses = Set(changes.map { CopyAddress(documentID: $0.documentID, recipient: $0.recipient) })
        let (locked, transactionTime) = try await deliveries.lockCurrentCopies(addresses, on: connection)
        // The latest change of each copy that a change reports the status of again: one statement, only for those.
        let restated = changes.compactMap { change in
            locked[CopyAddress(documentID: change.documentID, recipient: change.recipient)]
                .flatMap { $0.copy.status == change.status ? $0.copy.deliveryID : nil }
        }
        let latestChanges = try await statusHistory.history(of: Array(Set(restated)), on: connection)
            .compactMapValues(\.last)
        var repeated: Set<UUID> = []
        var copies = locked
        var outcomes: [Result<CopyAddress, any Error>] = []
        var statuses: [UUID: Vdxp_Exchange_V1_DocumentStatus] = [:]
        var history: [StatusHistoryEntry] = []
        var entries: [(event: Vdxp_Exchange_V1_JournalEvent, type: String, documentID: String)] = []
        for change in changes {
            let address = CopyAddress(documentID: change.documentID, recipient: change.recipient)
            guard let (copy, latest) = copies[address], let recordTime = transactionTime else {
                outcomes.append(.failure(ExchangeError.documentNotFound(documentID: change.documentID)))
                continue
            }
            if copy.disposition == .current, copy.status == change.status,
                let latest = latestChanges[copy.deliveryID], Self.repeats(change, latest)
            {
                repeated.insert(copy.deliveryID)
                outcomes.append(.success(address))
                continue
            }
            let time = change.statusTime ?? recordTime
            if let refusal = Self.refusal(of: change, at: time, to: copy, latestStatusTime: latest) {
                outcomes.append(.failure(refusal))
                continue
            }
            var changed = copy
            changed.status = change.status
            copies[address] = (changed, max(latest ?? time, time))
            statuses[copy.deliveryID] = change.status
            history.append(
                StatusHistoryEntry(
                    deliveryID: copy.deliveryID, status: change.status, statusTime: time, handler: change.handler,
                    comment: change.comment))
            entries.append((Self.journalEvent(of: change, at: time, to: copy), "status.changed", change.documentID))
            outcomes.append(.success(address))
        }
        try await deliveries.setStatuses(statuses.map { ($0.key, $0.value) }, on: connection)
        try await statusHistory.append(history, notifying: entries.map(\.documentID), on: connection)
        try await journal.append(contentsOf: entries, on: connection)
        let changed = Array(Set(statuses.keys).union(repeated))
        let histories = try await statusHistory.history(of: changed, on: connection)
        let requests = try await retractRequests.requests(of: changed, on: connection)
        return outcomes.map { outcome in
            outcome.map { address in
                let copy = copies[address]!.copy
                return copy.recipientState(
                    history: histories[copy.deliveryID] ?? [], retractRequests: requests[copy.deliveryID] ?? [])
            }
        }
    }

    /// Whether `change` says again what `latest`, a copy's latest change, said: the same status, handler and comment,
    /// and the same time (to the microsecond PostgreSQL keeps) when the change gives one.
    private static func repeats(_ change: PendingStatusChange, _ latest: Vdxp_Exchange_V1_StatusChange) -> Bool {
        guard latest.status == change.status, latest.handler == change.handler, latest.comment == change.comment,
            latest.retractRequestID.isEmpty
        else { return false }
        guard let time = change.statusTime else { return true }
        return abs(latest.statusTime.date.timeIntervalSince(time)) < 0.000_001
    }

    /// Why `change` may not be made to `copy` (as changed so far), or nil when it may.
    private static func refusal(
        of change: PendingStatusChange, at time: Date, to copy: DeliveryRow, latestStatusTime: Date?
    ) -> (any Error)? {
        guard copy.disposition == .current else {
            return ExchangeError.copyNotCurrent(
                documentID: change.documentID, disposition: copy.disposition, disposedBy: copy.disposedBy)
        }
        do {
            try DocumentStatusMachine.transition(from: copy.status, to: change.status)
        } catch {
            return error
        }
        if let latestStatusTime, time < latestStatusTime.addingTimeInterval(-1) {
            return ExchangeError.invalidField(
                field: "status_time",
                message:
                    "status_time \(EdXMLDate.iso8601VietnamTime(time)) is before the previous status "
                    + "(\(EdXMLDate.iso8601VietnamTime(latestStatusTime))): statuses "
                    + "happen in order")
        }
        return nil
    }

    /// The journal entry of `change` of `copy`, reached at `time`.
    private static func journalEvent(
        of change: PendingStatusChange, at time: Date, to copy: DeliveryRow
    ) -> Vdxp_Exchange_V1_JournalEvent {
        .with {
            $0.statusChanged = .with {
                $0.recipientOrganisationID = change.recipient
                $0.deliveryID = copy.id
                $0.change = .with {
                    $0.status = change.status
                    $0.statusTime = .init(date: time)
                    $0.handler = change.handler
                    $0.comment = change.comment
                }
            }
        }
    }
}
