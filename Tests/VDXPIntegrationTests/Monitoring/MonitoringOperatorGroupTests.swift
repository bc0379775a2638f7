import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

/// An alert submitted for the operator group (Ticket's SLA warnings and escalations, Art. 18) reaches the group by
/// e-mail through a real SMTP relay (aiosmtpd) and by SMS through a real HTTP gateway, at the addresses and numbers
/// of `VDXP_MONITORING_OPERATOR_EMAILS` and `VDXP_MONITORING_OPERATOR_PHONES`, once each.
@Suite("Monitoring: alerts for the operator group", .serialized, .timeLimit(.minutes(10)))
struct MonitoringOperatorGroupTests {
    /// Ticket's escalation of a ticket past its deadline, for the operator group, by e-mail and SMS.
    static let escalation = Vdxp_Monitoring_V1_SubmitAlertRequest.with {
        $0.idempotencyKey = "ticket/TK-2026-000007/escalated"
        $0.kind = .supportTicket
        $0.severity = .critical
        $0.toOperators = true
        $0.channels = [.email, .sms]
        $0.summary = "VDXP: Yêu cầu TK-2026-000007 quá hạn xử lý / Ticket TK-2026-000007 is overdue"
        $0.detail = "Yêu cầu hỗ trợ TK-2026-000007 đã quá thời hạn xử lý (Điều 18). Ticket TK-2026-000007 is overdue."
        $0.reference = "TK-2026-000007"
    }

    @Test("an escalation for the operator group is e-mailed to each operator address and texted to each number, once")
    func escalationReachesTheGroup() async throws {
        try await LocalSink.with("smtp_sink.py", folderOption: "--maildir") { mail in
            try await LocalSink.with("sms_sink.py", folderOption: "--smsdir") { texts in
                try await TestPlatform.with { platform in
                    let clock = ManualClock()
                    let channels = try MonitoringChannels.configured(
                        by: Settings([
                            "VDXP_MONITORING_SMTP_URL": "smtp://127.0.0.1:\(mail.port)",
                            "VDXP_MONITORING_SMTP_TLS": "none-loopback-only",
                            "VDXP_MONITORING_SMTP_FROM": "canhbao@vdxp.test",
                            "VDXP_MONITORING_SMS_GATEWAY_URL": "http://127.0.0.1:\(texts.port)/sms",
                        ]), clock: clock.wallClock, logger: platform.logger)
                    let settings = [
                        "VDXP_MONITORING_OPERATOR_EMAILS": "vanhanh@vpcp.gov.vn, truc.ca@vpcp.gov.vn",
                        "VDXP_MONITORING_OPERATOR_PHONES": "0987 654 321",
                    ]
                    try await platform.withMonitoring(clock: clock, channels: channels, settings: settings) {
                        monitoring in
                        let raised = try await monitoring.service("ticket").monitoring {
                            try await $0.submitAlert(Self.escalation)
                        }
                        #expect(raised.organisationID.isEmpty)
                        try await TestMonitoring.eventually("both addresses and the number are sent to") {
                            let alert = try await monitoring.operatorClient.monitoring {
                                try await $0.listAlerts(.init()).alerts.first { $0.alertID == raised.alertID }
                            }
                            return alert?.notifications.count == 3
                                && alert?.notifications.allSatisfy { $0.state == .sent } == true
                        }
                        let received = try mail.received()
                        #expect(
                            Set(received.flatMap { $0["rcpt_tos"] as? [String] ?? [] })
                                == ["vanhanh@vpcp.gov.vn", "truc.ca@vpcp.gov.vn"])
                        #expect(received.count == 2)
                        #expect(received.allSatisfy { ($0["subject"] as? String)?.contains("TK-2026-000007") == true })
                        #expect(received.allSatisfy { ($0["body"] as? String)?.contains("Điều 18") == true })
                        let sent = try texts.received()
                        #expect(sent.count == 1)
                        #expect(sent.first?["to"] as? String == "+84987654321")
                        #expect((sent.first?["text"] as? String)?.contains("qua han") == true, "without diacritics")

                        // Submitted again (Ticket retrying), nothing is sent again.
                        let again = try await monitoring.service("ticket").monitoring {
                            try await $0.submitAlert(Self.escalation)
                        }
                        #expect(again.alertID == raised.alertID)
                        let members = try await monitoring.member(TestPlatform.sender).monitoring {
                            try await $0.listAlerts(.init()).alerts
                        }
                        #expect(!members.contains { $0.alertID == raised.alertID }, "the operators' alone")
                        // An hour on (the members, silent, are told of their lost connections meanwhile), the
                        // group has had nothing more.
                        clock.advance(by: 3600)
                        try await Task.sleep(for: .seconds(2))
                        let operators: Set<String> = ["vanhanh@vpcp.gov.vn", "truc.ca@vpcp.gov.vn"]
                        let mailed = try mail.received().filter {
                            !operators.isDisjoint(with: $0["rcpt_tos"] as? [String] ?? [])
                        }
                        #expect(mailed.count == 2)
                        #expect(try texts.received().filter { $0["to"] as? String == "+84987654321" }.count == 1)
                    }
                }
            }
        }
    }
}
