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
}
