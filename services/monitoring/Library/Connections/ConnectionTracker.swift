import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Keeps members' connection state: records activity, applies ``ConnectionRule`` and, for each change, records it as
/// history and raises the alert it calls for (a lost connection, its recovery) — all inside one transaction, so that
/// a change, its history and its alert exist together or not at all. Used by the heartbeat, the journal follower
/// and the periodic evaluation.
struct ConnectionTracker: Sendable {
    let database: Database
    let members: MemberConnectionStore
    let changes: ConnectionChangeStore
    let alerts: AlertStore
    let configuration: GlobalConfigurationStore
    let rule: ConnectionRule
    let clock: WallClock
    let logger: Logger
    /// Whether Exchange's journal is followed (nil: Monitoring follows no journal, only heartbeats count). While it is
    /// not, states are held; time it did not see is not counted as silence.
    var watch: JournalWatch? = nil

    /// The stretches of time the journal was not followed, to leave out of members' silence.
    var blindness: JournalBlindness { watch?.blindness ?? .none }

    /// The member's state in Central as the last global configuration said (nil when it is not in it), or nothing
    /// at all when Monitoring holds no configuration yet (then no state is decided).
    func centralState(of organisationID: String) -> (known: Bool, state: Vdxp_Central_V1_MemberState?, name: String) {
        guard let snapshot = configuration.snapshot else { return (false, nil, "") }
        let member = snapshot.members[organisationID]
        return (true, member?.state, member?.displayName ?? "")
    }

    /// How far past Monitoring's clock an activity may be reported (the skew allowed between the servers' clocks):
    /// a later time is recorded as this far ahead, so that a wrong clock or a wrong report cannot keep a member
    /// CONNECTED for longer.
    static let maximumClockSkew: TimeInterval = 600

    /// Records `activity` (if any) for member `organisationID` and brings its state up to date, inside the caller's
    /// transaction; returns the row as saved.
    @discardableResult
    func update(_ organisationID: String, activity: MemberActivity?, on connection: PostgresConnection)
        async throws -> MemberConnectionRow
    {
        let now = clock.now()
        var row = try await members.lock(organisationID, creatingAt: now, on: connection)
        if let activity {
            let time = min(activity.time, now.addingTimeInterval(Self.maximumClockSkew))
            if time < activity.time {
                logger.warning(
                    "activity reported later than Monitoring's clock allows; recorded at the latest time allowed",
                    metadata: ["member": "\(organisationID)", "reported": "\(activity.time)", "recorded": "\(time)"])
            }
            row.lastActivityTime = max(row.lastActivityTime ?? time, time)
            if let system = activity.heartbeatSystem {
                row.lastHeartbeatTime = max(row.lastHeartbeatTime ?? time, time)
                row.system = system
            }
        }
        let central = centralState(of: organisationID)
        guard central.known,
            let change = rule.evaluate(
                &row, memberState: central.state, now: now, cause: activity?.description, blindness: blindness)
        else {
            try await members.save(row, on: connection)
            return row
        }
        try await members.save(row, on: connection)
        try await changes.append(change, on: connection)
        if change.losesConnection {
            try await alerts.raise(
                AlertTexts.connectionLost(
                    change, memberName: central.name, lastActivity: row.lastActivityTime, detectedAt: now),
                at: now, on: connection)
            try await alertProvidedServices(after: change, available: false, at: now, on: connection)
        } else if change.restoresConnection {
            try await alerts.resolveLostConnection(of: organisationID, at: now, on: connection)
            try await alerts.raise(
                AlertTexts.connectionRestored(change, memberName: central.name, at: now), at: now, on: connection)
            try await alertProvidedServices(after: change, available: true, at: now, on: connection)
        } else if change.endsLostConnection {
            try await alerts.resolveLostConnection(of: organisationID, at: now, on: connection)
        }
        logger.info(
            "member connection changed",
            metadata: [
                "member": "\(organisationID)", "from": "\(change.previousState)", "to": "\(change.state)",
                "reason": "\(change.reason)",
            ])
        return row
    }

    /// Re-evaluates every member of the global configuration and every member Monitoring has a row for, at the
    /// clock's time, changing (in a transaction each) only those whose state is no longer right. Returns how many
    /// changed. Does nothing while Monitoring holds no global configuration; while Exchange's journal is not followed
    /// no member's silence grows, so no member degrades or loses its connection (``JournalBlindness``). While it is
    /// followed, records so for replicas that start later (``JournalWatchStore``).
    @discardableResult
    func evaluateAll() async throws -> Int {
        let now = clock.now()
        let blindness = self.blindness
        if watch != nil, !blindness.isOpen {
            try await JournalWatchStore(database: database, logger: logger).recordWatched(at: now)
        }
        guard let snapshot = configuration.snapshot else { return 0 }
        var rows: [String: MemberConnectionRow] = [:]
        for row in try await members.all() { rows[row.organisationID] = row }
        var changed = 0
        for organisationID in Set(rows.keys).union(snapshot.members.keys).sorted() {
            var row = rows[organisationID] ?? .new(organisationID, at: now)
            guard
                rule.evaluate(
                    &row, memberState: snapshot.members[organisationID]?.state, now: now, blindness: blindness) != nil
            else {
                continue
            }
            try await database.transaction(logger: logger) { connection in
                _ = try await update(organisationID, activity: nil, on: connection)
            }
            changed += 1
        }
        return changed
    }
}
