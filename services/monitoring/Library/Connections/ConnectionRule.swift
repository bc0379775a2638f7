import Foundation
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// How Monitoring decides a member's connection state (Art. 4.1.g, 9.2): a member expected online (TRIAL or
/// OFFICIAL in Central) that has been silent — no call to Exchange, no heartbeat — for longer than `degradedAfter`
/// is DEGRADED, for longer than `disconnectedAfter` DISCONNECTED; any activity makes it CONNECTED again. Silence is
/// counted from its last activity, or from when it became expected online if that is later (a member just put on
/// trial is given the full grace period). A state gets better (DISCONNECTED or DEGRADED to CONNECTED, DISCONNECTED to
/// DEGRADED) only with activity, never by counting again. Time in which Monitoring could not follow Exchange's journal
/// (``JournalBlindness``: Exchange down, Monitoring restarting or behind) is not counted as silence: while the journal
/// is not followed every state is held, and silence resumes counting when it is followed again. A pure rule: the
/// clock, the rows and the blindness are its inputs.
///
/// ```swift
/// let rule = ConnectionRule(degradedAfter: .seconds(300), disconnectedAfter: .seconds(600))
/// var row = MemberConnectionRow.new("000.00.00.H26", at: now)
/// if let change = rule.evaluate(&row, memberState: .official, now: now) { … record change … }
/// ```
struct ConnectionRule: Sendable, Equatable {
    /// Silence longer than this is DEGRADED.
    var degradedAfter: Duration
    /// Silence longer than this is DISCONNECTED.
    var disconnectedAfter: Duration

    /// The state of a member expected online and silent since `silentSince`, at `now`, not counting the time
    /// `blindness` did not see.
    func state(silentSince: Date, now: Date, blindness: JournalBlindness = .none) -> Vdxp_Monitoring_V1_ConnectionState
    {
        let silence = blindness.counted(from: silentSince, to: now)
        if silence > disconnectedAfter.timeInterval { return .disconnected }
        if silence > degradedAfter.timeInterval { return .degraded }
        return .connected
    }

    /// Brings `row` up to date at `now` for a member whose connection in Central is `memberState` (nil: not in the
    /// global configuration), and returns the change of state, if any. `cause` says what activity was just recorded,
    /// for the reason of a change to CONNECTED. Silence within `blindness` does not count.
    func evaluate(
        _ row: inout MemberConnectionRow, memberState: Vdxp_Central_V1_MemberState?, now: Date,
        cause: String? = nil, blindness: JournalBlindness = .none
    ) -> ConnectionChangeDraft? {
        let expected = memberState.map(ConnectionLifecycle.canExchange) ?? false
        let target: Vdxp_Monitoring_V1_ConnectionState
        let time: Date
        let reason: String
        if expected {
            if row.expectedSince == nil || row.state == .notExpected || row.state == .unspecified {
                row.expectedSince = now
            }
            let expectedSince = row.expectedSince ?? now
            let silentSince = max(row.lastActivityTime ?? expectedSince, expectedSince)
            target = state(silentSince: silentSince, now: now, blindness: blindness)
            switch target {
            case .degraded:
                time = blindness.instant(from: silentSince, counting: degradedAfter.timeInterval, to: now)
                reason = Self.silence(
                    since: silentSince, activity: row.lastActivityTime, now: now, blindness: blindness)
            case .disconnected:
                time = blindness.instant(from: silentSince, counting: disconnectedAfter.timeInterval, to: now)
                reason = Self.silence(
                    since: silentSince, activity: row.lastActivityTime, now: now, blindness: blindness)
            default:
                time = min(silentSince, now)
                if let cause, row.lastActivityTime == silentSince {
                    reason = cause
                } else if row.lastActivityTime == silentSince, let activity = row.lastActivityTime {
                    reason = "activity at \(Self.format(activity))"
                } else {
                    reason = "\(memberState?.word ?? "") in Central: expected online from now"
                }
            }
        } else {
            row.expectedSince = nil
            target = .notExpected
            time = now
            reason =
                memberState.map { "\($0.word) in Central: not expected online" }
                ?? "not in Central's global configuration: not expected online"
        }
        guard target != row.state else { return nil }
        // Only activity makes a member's connection better. Each replica leaves out of the silence the time its own
        // follower did not see (a replica that restarted knows nothing of an outage the others sat through), so
        // without this one replica would find a silent member lost and the next restore it, every few seconds,
        // each time e-mailing and texting the member.
        if expected, cause == nil, target.severity < row.state.severity { return nil }
        let change = ConnectionChangeDraft(
            organisationID: row.organisationID, previousState: row.state, state: target, changeTime: time,
            reason: reason)
        row.state = target
        row.stateSince = time
        return change
    }

    private static func silence(since: Date, activity: Date?, now: Date, blindness: JournalBlindness) -> String {
        let minutes = Int(blindness.counted(from: since, to: now) / 60)
        let unseen = Int(blindness.unseen(from: since, to: now) / 60)
        let excluded =
            unseen > 0 ? "; \(unseen) more minutes while Exchange's journal was not followed are not counted" : ""
        if let activity, activity == since {
            return "no activity since \(format(activity)) (\(minutes) minutes\(excluded))"
        }
        return "no activity since it was expected online at \(format(since)) (\(minutes) minutes\(excluded))"
    }

    /// An instant for people, in Vietnam time to the second (ISO 8601 with +07:00, QĐ 28 Art. 14.4).
    static func format(_ date: Date) -> String {
        EdXMLDate.iso8601VietnamTime(date)
    }
}

/// A change of a member's connection state, to be recorded as history (`monitoring.connection_changes`).
struct ConnectionChangeDraft: Sendable, Equatable {
    /// The member.
    var organisationID: String
    /// The state before (UNSPECIFIED for the member's first record).
    var previousState: Vdxp_Monitoring_V1_ConnectionState
    /// The state after.
    var state: Vdxp_Monitoring_V1_ConnectionState
    /// When it happened: for DEGRADED and DISCONNECTED the moment the silence passed the threshold.
    var changeTime: Date
    /// Why, for people.
    var reason: String

    /// Whether the member's connection was lost with this change (Art. 9.2: its contacts are notified).
    var losesConnection: Bool { state == .disconnected }

    /// Whether a lost connection came back with this change (a recovery notice follows).
    var restoresConnection: Bool {
        previousState == .disconnected && (state == .connected || state == .degraded)
    }

    /// Whether a lost connection ends without coming back (the member is no longer expected online).
    var endsLostConnection: Bool { previousState == .disconnected && state == .notExpected }
}

extension Vdxp_Monitoring_V1_ConnectionState {
    /// How bad the state is for a member expected online: CONNECTED 0, DEGRADED 1, DISCONNECTED 2; any other 0.
    var severity: Int {
        switch self {
        case .degraded: 1
        case .disconnected: 2
        default: 0
        }
    }
}
