import SwiftProtobuf
import Testing
import VDXPRuntime

@testable import VDXPMonitoring

/// Monitoring's settings: defaults, bounds, and thresholds that contradict each other.
@Suite("Monitoring settings")
struct MonitoringSettingsTests {
    @Test("the defaults: DEGRADED after 5 minutes, DISCONNECTED after 10, heartbeat every minute")
    func defaults() throws {
        let settings = try MonitoringSettings(settings: Settings([:]))
        #expect(settings.degradedAfter == .seconds(300))
        #expect(settings.disconnectedAfter == .seconds(600))
        #expect(settings.heartbeatInterval == .seconds(60))
        #expect(settings.notifyRepeat == .seconds(3600))
        #expect(settings.exchangeAddress == nil)
    }

    @Test("DISCONNECTED must come after DEGRADED, and the heartbeat before DEGRADED")
    func contradictions() {
        #expect(throws: SettingsError.self) {
            try MonitoringSettings(
                settings: Settings([
                    "VDXP_MONITORING_DEGRADED_AFTER_SECONDS": "600",
                    "VDXP_MONITORING_DISCONNECTED_AFTER_SECONDS": "600",
                ]))
        }
        #expect(throws: SettingsError.self) {
            try MonitoringSettings(
                settings: Settings([
                    "VDXP_MONITORING_DEGRADED_AFTER_SECONDS": "60",
                    "VDXP_MONITORING_HEARTBEAT_INTERVAL_SECONDS": "60",
                ]))
        }
        #expect(throws: SettingsError.self) {
            try MonitoringSettings(settings: Settings(["VDXP_MONITORING_RETRY_FIRST_SECONDS": "0"]))
        }
    }

    @Test("a replica keeps the notifications it claimed 10 minutes, longer than an SMTP session; 30 s to 1 h")
    func outboxLease() throws {
        #expect(try MonitoringSettings(settings: Settings([:])).outboxLease == .seconds(600))
        let set = try MonitoringSettings(settings: Settings(["VDXP_MONITORING_OUTBOX_LEASE_SECONDS": "120"]))
        #expect(set.outboxLease == .seconds(120))
        for bad in ["29", "3601", "soon"] {
            #expect(throws: SettingsError.self, "\(bad)") {
                try MonitoringSettings(settings: Settings(["VDXP_MONITORING_OUTBOX_LEASE_SECONDS": bad]))
            }
        }
    }

    @Test("components are probed every 15 s and a probe counts as failed after 3 s; both can be set within bounds")
    func probing() throws {
        let defaults = try MonitoringSettings(settings: Settings([:]))
        #expect(defaults.probeInterval == .seconds(15))
        #expect(defaults.probeTimeout == .seconds(3))
        let set = try MonitoringSettings(
            settings: Settings(["VDXP_MONITORING_PROBE_SECONDS": "5", "VDXP_MONITORING_PROBE_TIMEOUT_SECONDS": "10"]))
        #expect(set.probeInterval == .seconds(5))
        #expect(set.probeTimeout == .seconds(10))
        for bad in ["0", "61", "soon"] {
            #expect(throws: SettingsError.self, "\(bad)") {
                try MonitoringSettings(settings: Settings(["VDXP_MONITORING_PROBE_TIMEOUT_SECONDS": bad]))
            }
        }
    }

    @Test("documents sent are kept 90 days; 32 to 3650 can be set, and fewer than 32 is refused saying why")
    func documentRetention() throws {
        #expect(try MonitoringSettings(settings: Settings([:])).documentRetention == .seconds(90 * 86_400))
        for (days, seconds) in [("32", 32 * 86_400), ("3650", 3650 * 86_400)] {
            let set = try MonitoringSettings(settings: Settings(["VDXP_MONITORING_DOCUMENT_RETENTION_DAYS": days]))
            #expect(set.documentRetention == .seconds(seconds))
        }
        let tooShort = #expect(throws: SettingsError.self) {
            try MonitoringSettings(settings: Settings(["VDXP_MONITORING_DOCUMENT_RETENTION_DAYS": "31"]))
        }
        #expect(tooShort?.description.contains("at least 32 days") == true, "\(String(describing: tooShort))")
        #expect(tooShort?.description.contains("30 days after it was sent or retried") == true)
        for bad in ["0", "3651", "soon"] {
            #expect(throws: SettingsError.self, "\(bad)") {
                try MonitoringSettings(settings: Settings(["VDXP_MONITORING_DOCUMENT_RETENTION_DAYS": bad]))
            }
        }
    }

    @Test("Exchange's address is read as host:port")
    func exchangeAddress() throws {
        let settings = try MonitoringSettings(settings: Settings(["VDXP_EXCHANGE_ADDRESS": "vdxp-exchange:7200"]))
        #expect(settings.exchangeAddress == HostAndPort(host: "vdxp-exchange", port: 7200))
    }

    @Test("the components probed are name=host:port pairs; anything else stops the service at start")
    func components() throws {
        let settings = try MonitoringSettings(
            settings: Settings(["VDXP_MONITORING_COMPONENTS": "central=vdxp-central:7101, exchange=vdxp-exchange:7201"])
        )
        #expect(settings.components.map(\.name) == ["central", "exchange"])
        #expect(settings.components.map(\.target) == ["vdxp-central:7101", "vdxp-exchange:7201"])
        for bad in ["central", "central=nowhere", "database=db:5432", "a=h:1,a=h:2", "bad name=h:1"] {
            #expect(throws: SettingsError.self, "\(bad)") {
                try MonitoringSettings(settings: Settings(["VDXP_MONITORING_COMPONENTS": bad]))
            }
        }
    }

    @Test("incident tickets need Ticket's address; a member to file them for is optional and must be an id")
    func incidentTickets() throws {
        let settings = try MonitoringSettings(
            settings: Settings([
                "VDXP_TICKET_ADDRESS": "vdxp-ticket:7400",
                "VDXP_MONITORING_INCIDENT_TICKET_ORGANISATION_ID": "000.00.00.G22",
            ]))
        #expect(settings.ticketAddress == HostAndPort(host: "vdxp-ticket", port: 7400))
        #expect(settings.incidentTicketOrganisationID == "000.00.00.G22")
        #expect(try MonitoringSettings(settings: Settings([:])).ticketAddress == nil)
        let platformIncidents = try MonitoringSettings(settings: Settings(["VDXP_TICKET_ADDRESS": "vdxp-ticket:7400"]))
        #expect(platformIncidents.incidentTicketOrganisationID == "")
        for organisation in ["G22", "not an id"] {
            #expect(throws: SettingsError.self, "\(organisation)") {
                try MonitoringSettings(
                    settings: Settings([
                        "VDXP_TICKET_ADDRESS": "vdxp-ticket:7400",
                        "VDXP_MONITORING_INCIDENT_TICKET_ORGANISATION_ID": organisation,
                    ]))
            }
        }
    }

    @Test("the operator group: comma-separated e-mail addresses and telephone numbers, checked at start")
    func operatorGroup() throws {
        let none = try MonitoringSettings(settings: Settings([:]))
        #expect(none.operatorEmails.isEmpty && none.operatorPhones.isEmpty)
        let group = try MonitoringSettings(
            settings: Settings([
                "VDXP_MONITORING_OPERATOR_EMAILS": " vanhanh@vpcp.gov.vn, truc.ca@vpcp.gov.vn,vanhanh@vpcp.gov.vn",
                "VDXP_MONITORING_OPERATOR_PHONES": "0912 345 678,+84 24 3825 3535",
            ]))
        #expect(group.operatorEmails == ["vanhanh@vpcp.gov.vn", "truc.ca@vpcp.gov.vn"])
        #expect(group.operatorPhones == ["+84912345678", "+842438253535"])
        for (name, bad) in [
            ("VDXP_MONITORING_OPERATOR_EMAILS", "vanhanh@vpcp.gov.vn,not-an-address"),
            ("VDXP_MONITORING_OPERATOR_EMAILS", "a b@vpcp.gov.vn"),
            ("VDXP_MONITORING_OPERATOR_PHONES", "0912345678,12345"),
            ("VDXP_MONITORING_OPERATOR_PHONES", "+84 91x"),
        ] {
            let error = #expect(throws: SettingsError.self, "\(name)=\(bad)") {
                try MonitoringSettings(settings: Settings([name: bad]))
            }
            #expect(error?.description.contains(name) == true)
        }
    }

    @Test("the statistics metrics: every 15 s, 300 members labelled by default, within bounds")
    func metrics() throws {
        let defaults = try MonitoringSettings(settings: Settings([:]))
        #expect(defaults.metricsInterval == .seconds(15))
        #expect(defaults.metricsMemberLimit == 300)
        #expect(throws: SettingsError.self) {
            try MonitoringSettings(settings: Settings(["VDXP_MONITORING_METRICS_MEMBER_LIMIT": "5001"]))
        }
    }

    @Test(
        "outages of Central, Exchange and the database are sent to every member after 5 minutes by default; the list names probed components only, the wait stays within 30 minutes"
    )
    func outageNotice() throws {
        let defaults = try MonitoringSettings(settings: Settings([:]))
        #expect(defaults.outageNotice.components == ["central", "exchange", "database"])
        #expect(defaults.outageNotice.after == .seconds(300))

        let probed = "exchange=127.0.0.1:7201,report=127.0.0.1:7501"
        let chosen = try MonitoringSettings(
            settings: Settings([
                "VDXP_MONITORING_COMPONENTS": probed,
                "VDXP_MONITORING_OUTAGE_NOTICE_COMPONENTS": "report, database",
                "VDXP_MONITORING_OUTAGE_NOTICE_AFTER_MINUTES": "0",
            ]))
        #expect(chosen.outageNotice == OutageNotice(components: ["report", "database"], after: .zero))
        let none = try MonitoringSettings(
            settings: Settings(["VDXP_MONITORING_OUTAGE_NOTICE_COMPONENTS": "none"]))
        #expect(none.outageNotice.components.isEmpty)

        let typo = #expect(throws: SettingsError.self) {
            try MonitoringSettings(
                settings: Settings([
                    "VDXP_MONITORING_COMPONENTS": probed, "VDXP_MONITORING_OUTAGE_NOTICE_COMPONENTS": "exchnage",
                ]))
        }
        #expect(typo?.description.contains("'exchnage', which is not probed") == true, "\(String(describing: typo))")
        #expect(throws: SettingsError.self) {
            try MonitoringSettings(settings: Settings(["VDXP_MONITORING_OUTAGE_NOTICE_AFTER_MINUTES": "21"]))
        }
    }
}
