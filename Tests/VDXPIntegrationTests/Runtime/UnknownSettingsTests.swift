import Foundation
import Testing
import VDXPDevelopment
import VDXPMonitoring

@testable import VDXPRuntime

/// A setting a service has no use for — misspelt, another service's, a flag of another version — is ignored by the
/// settings code; the host names it in a warning once the service has read all of its own, so that an operator's
/// `VDXP_MONITORING_PROBE_SECOND=5` does not go unseen.
@Suite("Settings a service does not know are named", .timeLimit(.minutes(10)))
struct UnknownSettingsTests {
    @Test("the variables a service reads are not reported; the others are, in name order")
    func unreadNames() throws {
        let settings = Settings([
            "VDXP_GRPC_ADDRESS": "0.0.0.0:7200", "VDXP_MONITORING_PROBE_SECOND": "5", "VDXP_ZZ": "", "VDXP_A": "1",
        ])
        _ = try settings.address("GRPC_ADDRESS", default: "0.0.0.0:7200")
        let copy = settings
        _ = copy.optional("NOT_GIVEN")
        #expect(settings.unread == ["VDXP_A", "VDXP_MONITORING_PROBE_SECOND", "VDXP_ZZ"], "copies share what was read")
    }

    @Test("every service of a test platform reads every setting it is given; a misspelt one is left over")
    func platformServicesReadAll() async throws {
        try await TestPlatform.with { platform in
            #expect(platform.exchangeHost.configuration.settings.unread.isEmpty)
            try await platform.withMonitoring(clock: ManualClock(), channels: .none) { monitoring in
                #expect(monitoring.host.configuration.settings.unread.isEmpty)
            }
            try await platform.withTicket { ticket in
                #expect(ticket.host.configuration.settings.unread.isEmpty)
            }
            try await platform.withReport { report in
                #expect(report.host.configuration.settings.unread.isEmpty)
            }
            try await platform.withSearch(settings: ["VDXP_SEARCH_QUERY_LOG_DAYZ": "30"]) { search in
                #expect(search.host.configuration.settings.unread == ["VDXP_SEARCH_QUERY_LOG_DAYZ"])
            }
        }
    }
}
