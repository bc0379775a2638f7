import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPMonitoring

/// Art. 4.1.g and 18: an incident on a platform component opens a support ticket in the real Ticket service
/// (as `service:monitoring`, channel MONITORING, category CONNECTION, a platform incident under no member), from a
/// durable outbox: while Ticket cannot be
/// reached the ticket waits and is retried with backoff, across a restart of Monitoring, and is opened once.
@Suite("Monitoring: incidents open support tickets", .serialized, .timeLimit(.minutes(10)))
struct MonitoringIncidentTicketTests {
    static func settings(ticket: String) -> [String: String] {
        [
            "VDXP_MONITORING_COMPONENTS": "report=127.0.0.1:1", "VDXP_MONITORING_PROBE_SECONDS": "1",
            "VDXP_MONITORING_INCIDENT_AFTER_FAILURES": "2", "VDXP_TICKET_ADDRESS": ticket,
            "VDXP_MONITORING_RETRY_FIRST_SECONDS": "5", "VDXP_MONITORING_RETRY_MAX_SECONDS": "20",
        ]
    }

    @Test("an incident's ticket waits while Ticket is down, is retried with backoff, then opened once and stored")
    func incidentOpensATicket() async throws {
        try await TestPlatform.with { platform in
            let clock = ManualClock()
            let nobody = "127.0.0.1:\(try ChannelFixtures.closedPort())"
            var incidentID: Int64 = 0
            try await platform.withMonitoring(clock: clock, channels: .none, settings: Self.settings(ticket: nobody)) {
                monitoring in
                try await TestMonitoring.eventually("the report component's incident opens") {
                    let open = try await monitoring.operatorClient.monitoring {
                        try await $0.listIncidents(.with { $0.openOnly = true }).incidents
                    }
                    incidentID = open.first { $0.component == "report" }?.incidentID ?? 0
                    return incidentID > 0
                }
                try await TestMonitoring.eventually("the first attempt fails") {
                    try await Self.outbox(incidentID, on: platform)?.attempts == 1
                }
                try await Task.sleep(for: .seconds(2))
                #expect(try await Self.outbox(incidentID, on: platform)?.attempts == 1, "retried before its 5 s")
                clock.advance(by: 6)
                try await TestMonitoring.eventually("the second attempt, after the backoff, fails too") {
                    try await Self.outbox(incidentID, on: platform)?.attempts == 2
                }
                let state = try #require(try await Self.outbox(incidentID, on: platform))
                #expect(state.ticketID.isEmpty)
                #expect(!state.lastError.isEmpty)
                let incident = try await Self.incident(incidentID, in: monitoring)
                #expect(incident?.ticketID == "")
            }

            // Ticket is up, Monitoring restarts: the waiting ticket is opened, once, and stored on the incident.
            clock.advance(by: 30)
            try await platform.withTicket { ticket in
                try await platform.withMonitoring(
                    clock: clock, channels: .none, settings: Self.settings(ticket: ticket.address.description)
                ) { monitoring in
                    var ticketID = ""
                    try await TestMonitoring.eventually("the incident names its ticket") {
                        ticketID = try await Self.incident(incidentID, in: monitoring)?.ticketID ?? ""
                        return !ticketID.isEmpty
                    }
                    let opened = try await ticket.call(as: .operator) { [ticketID] in
                        try await $0.getTicket(.with { $0.ticketID = ticketID })
                    }
                    #expect(opened.channel == .monitoring)
                    #expect(opened.category == .connection)
                    #expect(opened.organisationID == "", "a platform incident, filed under no member")
                    #expect(opened.incidentID == String(incidentID))
                    #expect(opened.subject.contains("report"))
                    #expect(try await Self.outbox(incidentID, on: platform)?.ticketID == ticketID)
                    try await Task.sleep(for: .seconds(2))
                    let all = try await ticket.call(as: .operator) {
                        try await $0.listTickets(.init()).tickets
                    }
                    // Only this incident's: under load another component (the database probe) may open its own.
                    let ofIncident = all.filter { $0.incidentID == String(incidentID) }
                    #expect(ofIncident.map(\.ticketID) == [ticketID], "one ticket for one incident")
                }
            }
        }
    }

    /// Incident `incidentID` as the operator lists it.
    static func incident(_ incidentID: Int64, in monitoring: TestMonitoring) async throws
        -> Vdxp_Monitoring_V1_Incident?
    {
        try await monitoring.operatorClient.monitoring {
            try await $0.listIncidents(.init()).incidents.first { $0.incidentID == incidentID }
        }
    }

    /// The outbox row of incident `incidentID`.
    static func outbox(_ incidentID: Int64, on platform: TestPlatform) async throws
        -> (attempts: Int, lastError: String, ticketID: String)?
    {
        let logger = platform.logger
        return try await platform.database { database in
            try await IncidentTicketStore(database: database, logger: logger).state(of: incidentID)
        }
    }
}
