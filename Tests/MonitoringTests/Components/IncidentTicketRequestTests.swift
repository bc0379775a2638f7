import Foundation
import Testing
import VDXPProto

@testable import VDXPMonitoring

/// The ticket an incident opens in Ticket (Art. 18): as `service:monitoring`, channel MONITORING, category CONNECTION.
@Suite("Incident tickets")
struct IncidentTicketRequestTests {
    static func pending(organisationID: String) -> IncidentTicketStore.PendingTicket {
        .init(
            incidentID: 17, organisationID: organisationID, subject: "Sự cố 17: report ngừng phục vụ",
            description: "Monitoring found report not serving", attemptCount: 0)
    }

    @Test("filed under the configured member, or with no member at all as a platform incident")
    func organisation() {
        let filed = IncidentTicketDispatcher.request(for: Self.pending(organisationID: "000.00.00.G22"))
        #expect(filed.organisationID == "000.00.00.G22")
        #expect(filed.incidentID == "17")
        #expect(filed.channel == .monitoring && filed.category == .connection && filed.priority == .high)
        let platform = IncidentTicketDispatcher.request(for: Self.pending(organisationID: ""))
        #expect(platform.organisationID == "")
        #expect(platform.subject == "Sự cố 17: report ngừng phục vụ")
    }
}
