import Foundation
import SwiftProtobuf
import Testing
import VDXPProto

@testable import VDXPMonitoring

/// `SubmitAlert`: what another service may raise, and in whose inbox, with which channels.
@Suite("Submitted alerts")
struct SubmitAlertRequestTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// A ticket's answer to member 000.00.00.H26, by e-mail and SMS.
    var answer: Vdxp_Monitoring_V1_SubmitAlertRequest {
        .with {
            $0.idempotencyKey = "ticket/TK-2026-000123/answered"
            $0.kind = .supportTicket
            $0.severity = .info
            $0.organisationID = "000.00.00.H26"
            $0.channels = [.sms, .email, .sms]
            $0.summary = "Yêu cầu TK-2026-000123 đã được trả lời"
            $0.detail = "Đơn vị vận hành đã trả lời yêu cầu hỗ trợ TK-2026-000123."
            $0.reference = "TK-2026-000123"
        }
    }

    /// The field named by the refusal of `request`, or nil when it is accepted.
    func refusedField(_ request: Vdxp_Monitoring_V1_SubmitAlertRequest) -> String? {
        do {
            _ = try MonitoringHandlers.newAlert(from: request, submittedBy: "ticket", at: now)
            return nil
        } catch MonitoringError.invalidField(let field, _) {
            return field
        } catch {
            return "\(error)"
        }
    }

    @Test("a member's alert goes to its inbox and, at once, to its contacts by the channels asked, each once")
    func memberAlert() throws {
        let alert = try MonitoringHandlers.newAlert(from: answer, submittedBy: "ticket", at: now)
        #expect(alert.organisationID == "000.00.00.H26")
        #expect(alert.notifyDue == now)
        #expect(alert.channels == [.email, .sms])
        #expect(alert.submittedBy == "ticket")
        #expect(alert.submitKey == "ticket/TK-2026-000123/answered")
        #expect(alert.reference == "TK-2026-000123")
        #expect(!alert.operatorsOnly)
    }

    @Test("an alert for the operator group is due to the group at once; one for every member stays in the inbox")
    func operatorGroupAndEveryone() throws {
        var escalation = answer
        escalation.organisationID = ""
        escalation.toOperators = true
        let toOperators = try MonitoringHandlers.newAlert(from: escalation, submittedBy: "ticket", at: now)
        #expect(toOperators.operatorsOnly)
        #expect(toOperators.notifyDue == now, "the operator group is told by its e-mail addresses and numbers")
        #expect(toOperators.channels == [.email, .sms])
        escalation.channels = []
        #expect(try MonitoringHandlers.newAlert(from: escalation, submittedBy: "ticket", at: now).notifyDue == nil)
        var announcement = answer
        announcement.organisationID = ""
        let toEveryone = try MonitoringHandlers.newAlert(from: announcement, submittedBy: "ticket", at: now)
        #expect(!toEveryone.operatorsOnly)
        #expect(toEveryone.notifyDue == now, "every TRIAL and OFFICIAL member's contacts are told")
        announcement.channels = []
        #expect(try MonitoringHandlers.newAlert(from: announcement, submittedBy: "ticket", at: now).notifyDue == nil)
    }

    @Test("bad input is refused naming the field")
    func badInput() {
        var request = answer
        request.idempotencyKey = ""
        #expect(refusedField(request) == "idempotency_key")
        request = answer
        request.kind = .connectionLost
        #expect(refusedField(request) == "kind", "Monitoring's own kinds are not for other services")
        request = answer
        request.severity = .unspecified
        #expect(refusedField(request) == "severity")
        request = answer
        request.toOperators = true
        #expect(refusedField(request) == "to_operators", "a member's alert cannot also go to the operators")
        request = answer
        request.channels = [.email, .unspecified]
        #expect(refusedField(request) == "channels[1]")
        request = answer
        request.summary = String(repeating: "a", count: 301)
        #expect(refusedField(request) == "summary")
        request = answer
        request.detail = ""
        #expect(refusedField(request) == "detail")
        request = answer
        request.reference = String(repeating: "x", count: 201)
        #expect(refusedField(request) == "reference")
        request = answer
        request.organisationID = "not an id"
        #expect(refusedField(request) != nil)
        #expect(refusedField(answer) == nil)
    }
}
