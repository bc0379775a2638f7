import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Turns alerts whose notification is due into e-mails and SMS in the outbox (Art. 9.2, 19.2): reads the member's
/// contacts from Central (for an alert to the operator group: the group's addresses and numbers from the settings,
/// one e-mail and one SMS to each; for an alert to every member — a platform-wide announcement such as Ticket's
/// maintenance notices, or an outage of the platform — the contacts of the members of the global configuration
/// Monitoring holds that ``membersTold(of:in:)`` names), then — in one transaction per alert, holding the alert so
/// that one replica does it, once — enqueues the e-mails and SMS and sets when the contacts are due again (every
/// `repeatEvery` while a connection stays lost; never for the other kinds). While Central cannot be reached the
/// contacts last read from it are used (``RememberedMemberContacts``: an outage of Central itself must be told); a
/// member never read keeps its alert due, tried again next round: nothing is dropped. The operator group's alerts,
/// which need no contact from Central (among them NOTIFICATION_LATE, which says that members were not told in time),
/// go out all the same.
struct AlertNotifier: Service {
    let database: Database
    let alerts: AlertStore
    let notifications: NotificationStore
    let contacts: any MemberContacts
    /// The global configuration: the members an alert to every member is for.
    let configuration: GlobalConfigurationStore
    /// The operator group's contact (`VDXP_MONITORING_OPERATOR_EMAILS`, `VDXP_MONITORING_OPERATOR_PHONES`).
    let operatorGroup: OperatorGroup
    let policy: RetryPolicy
    let repeatEvery: Duration
    let interval: Duration
    let clock: WallClock
    let logger: Logger

    func run() async throws {
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot enqueue alert notifications") {
            try await notifyRound()
        }
    }

    /// Enqueues the notifications of every alert due now; returns how many alerts it handled.
    @discardableResult
    func notifyRound() async throws -> Int {
        let due = try await alerts.due(at: clock.now(), limit: 50)
        guard !due.isEmpty else { return 0 }
        let snapshot = configuration.snapshot
        var wanted = Set(due.filter { !$0.operatorsOnly }.map(\.organisationID).filter { !$0.isEmpty })
        for alert in due where alert.isForEveryMember {
            wanted.formUnion(Self.membersTold(of: alert.kind, in: snapshot))
        }
        let known: [String: Vdxp_Central_V1_Contact]?
        do {
            known = try await contacts.contacts(of: wanted)
        } catch {
            logger.warning(
                "cannot read members' contacts from Central: their alerts stay due; the operator group's are sent",
                metadata: ["error": "\(loggedDescription(of: error))"])
            known = nil
        }
        var handled = 0
        for alert in due {
            // Without a global configuration nobody is known to tell: an alert to every member waits for one.
            if alert.isForEveryMember && configuration.snapshot == nil { continue }
            // Without the members' contacts, only the operator group's alerts go out this round.
            guard let known = known ?? (alert.operatorsOnly ? [:] : nil) else { continue }
            let now = clock.now()
            let done = try await database.transaction(logger: logger) { connection -> Bool in
                guard let claimed = try await alerts.claimDue(alert.alertID, at: now, on: connection) else {
                    return false
                }
                var messages: [OutgoingNotification] = []
                if claimed.isForEveryMember {
                    for member in Self.membersTold(of: claimed.kind, in: snapshot) {
                        var copy = claimed
                        copy.organisationID = member
                        messages += AlertTexts.messages(for: copy, contact: known[member])
                        try await reportMissingContact(
                            of: claimed, member: member, contact: known[member], on: connection)
                    }
                } else if claimed.operatorsOnly {
                    messages = AlertTexts.messages(for: claimed, to: operatorGroup)
                    if operatorGroup.isEmpty {
                        logger.warning(
                            """
                            an alert for the operator group asks for e-mail or SMS, but VDXP_MONITORING_OPERATOR_EMAILS \
                            and VDXP_MONITORING_OPERATOR_PHONES are unset: it stays in the operators' inbox only
                            """,
                            metadata: ["alert": "\(claimed.alertID)"])
                    }
                } else {
                    let contact = known[claimed.organisationID]
                    if contact == nil {
                        logger.warning(
                            "Central has no record of the member of an alert: it stays in the member's inbox only",
                            metadata: ["alert": "\(claimed.alertID)", "member": "\(claimed.organisationID)"])
                    }
                    messages = AlertTexts.messages(for: claimed, contact: contact)
                    try await reportMissingContact(
                        of: claimed, member: claimed.organisationID, contact: contact, on: connection)
                }
                try await notifications.enqueue(
                    contentsOf: messages, bulk: claimed.isForEveryMember, at: now,
                    giveUpTime: policy.giveUpTime(createdAt: now), on: connection)
                let next: Date? =
                    claimed.kind == .connectionLost ? now.addingTimeInterval(repeatEvery.timeInterval) : nil
                try await alerts.setNotifyDue(claimed.alertID, to: next, on: connection)
                return true
            }
            if done { handled += 1 }
        }
        return handled
    }

    /// Raises CONTACT_MISSING for the operator group when `alert` asks `member` to be told by a channel `contact` has
    /// no address or number for (once per alert and member: its source key), inside the claim's transaction.
    private func reportMissingContact(
        of alert: DueAlert, member: String, contact: Vdxp_Central_V1_Contact?, on connection: PostgresConnection
    ) async throws {
        let missing = AlertTexts.missingChannels(for: alert, contact: contact)
        guard !missing.isEmpty else { return }
        logger.warning(
            "a member's alert cannot be sent by every channel asked: the member has no such contact in Central",
            metadata: ["alert": "\(alert.alertID)", "member": "\(member)", "missing": "\(missing)"])
        try await alerts.raise(
            AlertTexts.contactMissing(alert, member: member, missing: missing, known: contact != nil, at: clock.now()),
            at: clock.now(), on: connection)
    }

    /// The members an alert of `kind` to every member is sent to, by id (never the units they represent, which have
    /// no contacts of their own):
    /// - an outage of the platform and its recovery (COMPONENT_DOWN, COMPONENT_RECOVERED): the members it cut off,
    ///   those exchanging documents — TRIAL and OFFICIAL;
    /// - an announcement (a maintenance window, its cancellation, a notice to all): Art. 18.2.b tells "the
    ///   organisations taking part in the connection", so also those whose connection is paused — SUSPENDED at their
    ///   request (Art. 9.5) or CUT_OFF by the operator (9.4) — who plan their return by it: the members the public
    ///   directory lists as connected (Art. 9.1).
    static func membersTold(
        of kind: Vdxp_Monitoring_V1_AlertKind, in snapshot: GlobalConfigurationSnapshot?
    ) -> [String] {
        guard let snapshot else { return [] }
        let states: Set<Vdxp_Central_V1_MemberState> =
            [.componentDown, .componentRecovered].contains(kind)
            ? [.trial, .official] : [.trial, .official, .suspended, .cutOff]
        return snapshot.members.values.filter { states.contains($0.state) }.map(\.organisationID).sorted()
    }
}

extension DueAlert {
    /// Whether it is for every member (a platform-wide alert, not the operator group's): its e-mails and SMS go to the
    /// contacts of the members ``AlertNotifier/membersTold(of:in:)`` names for its kind.
    var isForEveryMember: Bool { organisationID.isEmpty && !operatorsOnly }
}
