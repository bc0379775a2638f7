import Logging
import Testing
import VDXPDevelopment
import VDXPProto

@testable import VDXPMonitoring

/// A relay that refuses every attempt is said once, when it starts, with what it answered — and once more when it
/// delivers again — without the addresses and numbers of the people written to (Decree 13/2023).
@Suite("Monitoring: a failing channel is logged at the start and the end of the streak")
struct ChannelStreaksTests {
    @Test(
        "credentials refused three times is one warning quoting the relay without the address; a delivery is one notice; the next failure warns again"
    )
    func streak() {
        let log = CapturedLog()
        let logger = log.logger(level: .info)
        let streaks = ChannelStreaks()
        let refused = ChannelOutcome.transientFailure(
            detail: "the relay smtp.gov.vn:587 refused the credentials of canhbao@vdxp.gov.vn: 535 5.7.8 "
                + "authentication failed; check VDXP_MONITORING_SMTP_USERNAME and VDXP_MONITORING_SMTP_PASSWORD_FILE")
        for id in ["1", "2", "3"] {
            streaks.record(refused, channel: .email, notificationID: id, logger: logger)
        }
        streaks.record(
            .permanentFailure(detail: "550 no such user vanthu@hue.gov.vn"), channel: .email, notificationID: "4",
            logger: logger)
        streaks.record(
            .transientFailure(detail: "gateway answered 503 for +84 912 345 678"), channel: .sms, notificationID: "5",
            logger: logger)
        streaks.record(.accepted(detail: "250 ok"), channel: .email, notificationID: "6", logger: logger)
        streaks.record(refused, channel: .email, notificationID: "7", logger: logger)

        let lines = log.lines
        #expect(lines.map(\.level) == [.warning, .warning, .notice, .warning])
        #expect(lines.map { $0.metadata["notification"] } == ["1", "5", nil, "7"])
        let detail = lines[0].metadata["detail"] ?? ""
        #expect(detail.contains("535 5.7.8") && detail.contains("VDXP_MONITORING_SMTP_PASSWORD_FILE"), "\(detail)")
        #expect(!detail.contains("canhbao@"), "\(detail)")
        #expect(lines[1].metadata["detail"] == "gateway answered 503 for <number>")
    }

    @Test("addresses and phone numbers are taken out of a channel's answer; codes, ports and dates are kept")
    func withoutAddresses() {
        #expect(
            ChannelStreaks.withoutAddresses("550 5.1.1 <vanthu@hue.gov.vn>: recipient rejected")
                == "550 5.1.1 <<address>>: recipient rejected")
        #expect(ChannelStreaks.withoutAddresses("to 0912345678 and +84 24 3825 3536") == "to <number> and <number>")
        #expect(
            ChannelStreaks.withoutAddresses("smtp.gov.vn:587 at 2026-12-07 421 4.7.0 try later")
                == "smtp.gov.vn:587 at 2026-12-07 421 4.7.0 try later")
    }
}
