import Foundation
import GRPCCore
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

extension MonitoringHandlers {
    /// The kinds another service may raise through `SubmitAlert`.
    static let submittableKinds: Set<Vdxp_Monitoring_V1_AlertKind> = [
        .supportTicket, .maintenanceAnnounced, .operatorNotice,
    ]

    /// `SubmitAlert`: raises another service's alert in the inbox it names and, with channels, notifies from the
    /// outbox the member's contacts (for the operator group's, the group's addresses and numbers; for a platform-wide
    /// alert, the contacts of every member `AlertNotifier.membersTold(of:in:)` names). Idempotent per calling service
    /// and `idempotency_key`.
    func submitAlert(
        request: Vdxp_Monitoring_V1_SubmitAlertRequest, context: ServerContext
    ) async throws -> Vdxp_Monitoring_V1_Alert {
        // The access rule admits platform services only.
        guard case .service(let service) = try RequestContext.caller() else {
            throw RPCError(code: .permissionDenied, message: "SubmitAlert is for the platform's services")
        }
        let alert = try Self.newAlert(from: request, submittedBy: service, at: clock.now())
        if let earlier = try await alerts.submitted(by: service, key: request.idempotencyKey) {
            return try await withNotifications([earlier], for: .everyone).first ?? earlier
        }
        let now = clock.now()
        do {
            let id = try await database.transaction(logger: logger) { connection in
                try await alerts.raise(alert, at: now, on: connection)
            }
            guard let raised = try await alerts.alert(id) else { throw MonitoringError.alertNotFound(alertID: id) }
            return raised
        } catch let error as PSQLError where error.isUniqueViolation {
            // The same key raced in from another replica: answer with the alert it raised.
            guard let earlier = try await alerts.submitted(by: service, key: request.idempotencyKey) else {
                throw error
            }
            return earlier
        }
    }

    /// Checks a `SubmitAlertRequest` and turns it into the alert to raise.
    static func newAlert(
        from request: Vdxp_Monitoring_V1_SubmitAlertRequest, submittedBy service: String, at now: Date
    ) throws -> NewAlert {
        func refuse(_ field: String, _ message: String) -> MonitoringError {
            .invalidField(field: field, message: message)
        }
        guard (1...200).contains(request.idempotencyKey.count) else {
            throw refuse(
                "idempotency_key", "idempotency_key must be 1 to 200 characters, unique for each alert you submit")
        }
        guard submittableKinds.contains(request.kind) else {
            throw refuse(
                "kind",
                "kind must be ALERT_KIND_SUPPORT_TICKET, ALERT_KIND_MAINTENANCE_ANNOUNCED or "
                    + "ALERT_KIND_OPERATOR_NOTICE; the other kinds are raised by Monitoring itself")
        }
        guard [.info, .warning, .critical].contains(request.severity) else {
            throw refuse("severity", "severity is required: SEVERITY_INFO, SEVERITY_WARNING or SEVERITY_CRITICAL")
        }
        if !request.organisationID.isEmpty {
            _ = try Validate.organisationID(request.organisationID, field: "organisation_id")
            guard !request.toOperators else {
                throw refuse(
                    "to_operators", "to_operators sends to the operator group: leave organisation_id empty with it")
            }
        }
        for (index, channel) in request.channels.enumerated() where channel != .email && channel != .sms {
            throw refuse("channels[\(index)]", "channels[\(index)] may be CHANNEL_EMAIL or CHANNEL_SMS only")
        }
        guard (1...300).contains(request.summary.codePointCount) else {
            throw refuse("summary", "summary must be 1 to 300 characters; it has \(request.summary.codePointCount)")
        }
        guard (1...20_000).contains(request.detail.codePointCount) else {
            throw refuse("detail", "detail must be 1 to 20,000 characters; it has \(request.detail.codePointCount)")
        }
        guard request.reference.codePointCount <= 200 else {
            throw refuse("reference", "reference must be at most 200 characters")
        }
        // A member's contacts, the operator group (VDXP_MONITORING_OPERATOR_EMAILS / _PHONES), or — for a platform-wide
        // announcement — the contacts of every member taking part in the connection are notified by the channels asked.
        let notifiesContacts = !request.channels.isEmpty
        return NewAlert(
            kind: request.kind, severity: request.severity, organisationID: request.organisationID,
            summary: request.summary, detail: request.detail, notifyDue: notifiesContacts ? now : nil,
            reference: request.reference, submittedBy: service, submitKey: request.idempotencyKey,
            operatorsOnly: request.toOperators,
            channels: Array(Set(request.channels)).sorted { $0.rawValue < $1.rawValue })
    }
}
