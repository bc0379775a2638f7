import Foundation
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// An alert about to be raised: what it is about and, for alerts people must hear of by e-mail and SMS, when their
/// contacts are first due to be told.
struct NewAlert: Sendable, Equatable {
    /// What it is about.
    var kind: Vdxp_Monitoring_V1_AlertKind
    /// How urgent.
    var severity: Vdxp_Monitoring_V1_Severity
    /// The member it concerns; empty for a platform-wide alert.
    var organisationID: String = ""
    /// For a component alert, the component.
    var component: String = ""
    /// For a registry service alert: the service's id in Central's registry.
    var serviceID: Int64 = 0
    /// For a failed delivery: the document.
    var documentID: String = ""
    /// For a failed delivery: the recipient that did not get it.
    var recipientOrganisationID: String = ""
    /// For an alert raised from an entry of Exchange's journal: the entry's sequence, so that one entry raises one
    /// alert at most (a unique key), however often it is applied.
    var journalSequence: Int64?
    /// For an alert Monitoring raises once per event of another source (a registry service's change for one member,
    /// a notice from Central's outbox): a key naming that event, unique among alerts, so that it is raised once
    /// however often the event is seen (after a restart, on two replicas). Not for journal entries
    /// (`journalSequence`) nor submitted alerts (`submitKey`).
    var sourceKey: String?
    /// For a notice relayed from Central's outbox: what its e-mail and SMS rows have in common (kind, member,
    /// account), so that the SMS row joins the alert its e-mail row raised.
    var noticeKey: String?
    /// For a notice relayed from Central's outbox: when Central recorded it (its rows are recorded moments apart).
    var noticeTime: Date?
    /// One line, Vietnamese then English, as the SMS carries it.
    var summary: String
    /// What happened and what to do, as the e-mail carries it.
    var detail: String
    /// When the member's contacts are due to be notified by e-mail and SMS; nil: the alert stays in the inbox only.
    var notifyDue: Date?
    /// For an alert another service submitted: the ticket, window or notice it is about.
    var reference: String = ""
    /// For an alert another service submitted: that service's name.
    var submittedBy: String = ""
    /// For an alert another service submitted: its idempotency key.
    var submitKey: String?
    /// Whether only the operator sees it (an alert with an empty `organisationID` is otherwise seen by every member).
    var operatorsOnly = false
    /// The channels its notifications use.
    var channels: [Vdxp_Monitoring_V1_Channel] = [.email, .sms]
}

/// Whose alerts a caller reads.
enum AlertAudience: Sendable, Equatable {
    /// Every alert (the operator).
    case everyone
    /// One member's alerts only (the operator asking about one member).
    case onlyMember(String)
    /// A member's own alerts and the platform-wide ones (its in-platform inbox, Art. 19.2).
    case member(String)
}

extension AlertAudience {
    /// The audience as three query parameters: every alert; this member's; and the platform-wide ones too.
    var filter: (everyone: Bool, member: String, platformWide: Bool) {
        switch self {
        case .everyone: (true, "", false)
        case .onlyMember(let member): (false, member, false)
        case .member(let member): (false, member, true)
        }
    }
}
