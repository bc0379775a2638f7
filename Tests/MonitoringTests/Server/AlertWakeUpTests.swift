import Testing

@testable import VDXPMonitoring

/// Every raised alert woke every `WatchAlerts` stream of every replica, each of which then queried the database: with
/// thousands of members watching, one member's alert cost thousands of queries. The notification now names whom the
/// alert concerns.
@Suite("WatchAlerts streams wake only for the alerts they may show")
struct AlertWakeUpTests {
    @Test("a member's stream wakes for its own alerts, the platform-wide ones and batches, not for another member's")
    func memberStreams() {
        let own = MonitoringNotify.alertPayload(for: ["000.00.00.H26"])
        let other = MonitoringNotify.alertPayload(for: ["000.00.00.H29"])
        let platformWide = MonitoringNotify.alertPayload(for: [""])
        let batch = MonitoringNotify.alertPayload(for: ["000.00.00.H26", "000.00.00.H29"])
        #expect(batch == "*")
        let member = AlertAudience.member("000.00.00.H26")
        #expect(MonitoringNotify.concerns(member, payload: own))
        #expect(!MonitoringNotify.concerns(member, payload: other))
        #expect(MonitoringNotify.concerns(member, payload: platformWide))
        #expect(MonitoringNotify.concerns(member, payload: batch))
    }

    @Test("the operator's stream wakes for every alert; one about a member for that member's and batches")
    func operatorStreams() {
        for payload in ["000.00.00.H26", "", "*"] {
            #expect(MonitoringNotify.concerns(.everyone, payload: payload))
        }
        let one = AlertAudience.onlyMember("000.00.00.H26")
        #expect(MonitoringNotify.concerns(one, payload: "000.00.00.H26"))
        #expect(MonitoringNotify.concerns(one, payload: "*"))
        #expect(!MonitoringNotify.concerns(one, payload: ""))
        #expect(!MonitoringNotify.concerns(one, payload: "000.00.00.H29"))
    }
}
