import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring
@testable import VDXPReport

/// Report reads connection uptime from a real Monitoring and SLA compliance from a real Ticket through their gRPC
/// APIs (issue 15: "connection uptime and ticket SLA compliance once Monitoring and Ticket provide them"), and shows
/// them in the summary, the breakdowns by member and province, the CSV and the quarterly report.
@Suite("Report's connection and SLA figures from Monitoring and Ticket", .serialized)
struct ReportOperationFiguresTests {
    /// This month, 00:00 +07 of its first day to 00:00 +07 of the next month's.
    static func thisMonth() -> (VietnamDay, VietnamDay) {
        let (year, month, _) = VietnamDay(containing: Date()).components
        let first = VietnamDay(year: year, month: month, day: 1)
        return (first, PeriodStepper(granularity: .month).next(after: first))
    }

    /// A member's uptime from Monitoring's own history, computed here the simple way: the time CONNECTED or
    /// DEGRADED over the time CONNECTED, DEGRADED or DISCONNECTED, between `from` and `to`.
    static func uptime(
        of organisationID: String, in changes: [Vdxp_Monitoring_V1_ConnectionChange], from: Date, to: Date
    ) -> Double? {
        let own = changes.filter { $0.organisationID == organisationID }.sorted { $0.changeID < $1.changeID }
        var (up, expected) = (0.0, 0.0)
        for (index, change) in own.enumerated() {
            let start = max(change.changeTime.date, from)
            let end = min(index + 1 < own.count ? own[index + 1].changeTime.date : to, to)
            guard end > start else { continue }
            let seconds = end.timeIntervalSince(start)
            if [.connected, .degraded].contains(change.state) { up += seconds }
            if [.connected, .degraded, .disconnected].contains(change.state) { expected += seconds }
        }
        return expected > 0 ? up / expected : nil
    }

    @Test(
        "uptime equals a recount of Monitoring's history, tickets equal Ticket's figures; per member and province, members see their own; CSV and the quarterly report carry them"
    )
    func figuresFromMonitoringAndTicket() async throws {
        try await TestPlatform.with { platform in
            // Monitoring's clock an hour behind, so that the connection lost 20 minutes after it starts lies in the
            // past when Report measures up to now.
            let clock = ManualClock(now: Date().addingTimeInterval(-3600))
            let settings = [
                "VDXP_MONITORING_DEGRADED_AFTER_SECONDS": "600", "VDXP_MONITORING_DISCONNECTED_AFTER_SECONDS": "1200",
            ]
            try await platform.withMonitoring(clock: clock, channels: .none, settings: settings) { monitoring in
                try await TestMonitoring.eventually("every member is evaluated") {
                    try await monitoring.operatorClient.monitoring {
                        try await $0.listMemberConnections(.init()).connections.count == 3
                    }
                }
                _ = try await monitoring.member(TestPlatform.sender).monitoring { try await $0.heartbeat(.init()) }
                clock.advance(by: 21 * 60)
                try await TestMonitoring.eventually("the silent recipient is disconnected") {
                    try await monitoring.operatorClient.monitoring {
                        try await $0.getMemberConnection(
                            .with { $0.organisationID = TestPlatform.recipient.organisationID }
                        ).state == .disconnected
                    }
                }
                try await platform.withTicket { ticket in
                    // Two clocks of Art. 18.2: connection tickets (48 h) and a provided-service ticket (24 h).
                    let opened: [(DevelopmentMember, Vdxp_Ticket_V1_TicketCategory)] = [
                        (TestPlatform.sender, .connection), (TestPlatform.recipient, .connection),
                        (TestPlatform.recipient, .providedService),
                    ]
                    for (member, category) in opened {
                        _ = try await ticket.call(as: .operator) {
                            try await $0.openTicket(
                                .with {
                                    $0.organisationID = member.organisationID
                                    $0.category = category
                                    $0.channel = .hotline
                                    $0.subject = "Mất kết nối tới Trục"
                                    $0.description_p = "Máy chủ bảo mật báo lỗi TLS từ 7 giờ."
                                    $0.reportedBy = "Nguyễn Văn An, 024 3825 1234"
                                })
                        }
                    }
                    let sources = [
                        "VDXP_MONITORING_ADDRESS": monitoring.address.description,
                        "VDXP_TICKET_ADDRESS": ticket.address.description, "VDXP_REPORT_SOURCES_SECONDS": "1",
                    ]
                    try await platform.withReport(settings: sources) { report in
                        try await checkFigures(report, monitoring: monitoring, ticket: ticket)
                    }
                }
            }
        }
    }

    private func checkFigures(
        _ report: TestReport, monitoring: TestMonitoring, ticket: TicketTestService
    ) async throws {
        let (from, to) = Self.thisMonth()
        func summary(_ client: PlatformClient, _ scope: Vdxp_Report_V1_Scope = .init()) async throws
            -> Vdxp_Report_V1_Summary
        {
            try await client.report {
                try await $0.getSummary(
                    .with {
                        $0.scope = scope
                        $0.startTime = .init(date: from.start)
                        $0.endTime = .init(date: to.start)
                    })
            }
        }
        try await TestMonitoring.eventually("Report has read Monitoring and Ticket", within: .seconds(300)) {
            let answer = try await summary(report.operatorClient)
            return answer.sourcesMissing.isEmpty && answer.operation.ticketsReceived == 3
        }
        let platformWide = try await summary(report.operatorClient)
        let changes = try await monitoring.operatorClient.monitoring {
            try await $0.listConnectionChanges(.with { $0.pageSize = 1_000 }).changes
        }
        let now = Date()
        let members = [TestPlatform.sender, TestPlatform.recipient, TestPlatform.stranger]
        let recounted = members.compactMap {
            Self.uptime(of: $0.organisationID, in: changes, from: from.start, to: min(now, to.start))
        }
        #expect(!recounted.isEmpty)
        let average = recounted.reduce(0, +) / Double(recounted.count)
        #expect(abs(platformWide.operation.connectionUptime - average) < 0.01)
        #expect(platformWide.operation.connectionUptime < 1, "the recipient was lost for most of the last hour")
        let connections = try await monitoring.operatorClient.monitoring {
            try await $0.listMemberConnections(.init()).connections
        }
        #expect(
            platformWide.operation.membersDisconnected
                == Int64(connections.filter { $0.state == .disconnected }.count))
        #expect(platformWide.operation.membersConnected == Int64(connections.filter { $0.state == .connected }.count))

        // Tickets: Ticket's own figures for the month.
        let sla = try await ticket.call(as: .operator) {
            try await $0.getSlaFigures(
                .with {
                    $0.startTime = .init(date: from.start)
                    $0.endTime = .init(date: to.start)
                })
        }
        let categories = sla.members.flatMap(\.categories)
        #expect(platformWide.operation.ticketsReceived == categories.map(\.received).reduce(0, +))
        #expect(platformWide.operation.ticketsOpen == categories.map(\.open).reduce(0, +))
        #expect(platformWide.operation.ticketsBreached == categories.map(\.breached).reduce(0, +))
        // Each clock apart (Art. 18.2.a and b), as Ticket counts it.
        #expect(platformWide.operation.ticketsByCategory.map(\.category) == [.providedService, .connection])
        for figures in platformWide.operation.ticketsByCategory {
            let own = categories.filter { $0.category == figures.category }
            #expect(figures.received == own.map(\.received).reduce(0, +), "\(figures.category)")
            #expect(figures.open == own.map(\.open).reduce(0, +), "\(figures.category)")
            #expect(figures.breached == own.map(\.breached).reduce(0, +), "\(figures.category)")
        }
        #expect(platformWide.operation.ticketsByCategory.map(\.received) == [1, 2])

        // A member reads its own: its uptime and its tickets only.
        let recipient = try await summary(report.member(TestPlatform.recipient))
        let recipientUptime = try #require(
            Self.uptime(
                of: TestPlatform.recipient.organisationID, in: changes, from: from.start, to: min(now, to.start)))
        #expect(abs(recipient.operation.connectionUptime - recipientUptime) < 0.01)
        #expect(recipient.operation.ticketsReceived == 2)
        #expect(recipient.operation.ticketsByCategory.map(\.received) == [1, 1])
        #expect(recipient.operation.membersDisconnected == 1)
        #expect(recipient.operation.membersConnected + recipient.operation.membersDegraded == 0)
        let refused = await #expect(throws: RPCError.self) {
            try await summary(
                report.member(TestPlatform.recipient), .with { $0.organisationID = TestPlatform.sender.organisationID }
            )
        }
        #expect(refused?.code == .permissionDenied)

        // By province and by member.
        func breakdown(_ dimension: Vdxp_Report_V1_Dimension) async throws -> Vdxp_Report_V1_Breakdown {
            try await report.operatorClient.report {
                try await $0.getBreakdown(
                    .with {
                        $0.startTime = .init(date: from.start)
                        $0.endTime = .init(date: to.start)
                        $0.dimension = dimension
                    })
            }
        }
        let byMember = try await breakdown(.member)
        #expect(byMember.sourcesMissing.isEmpty)
        #expect(byMember.operationTotal.ticketsReceived == 3)
        // No document was sent: the rows are the members and units Monitoring and Ticket know.
        let recipientRow = try #require(byMember.rows.first { $0.key == TestPlatform.recipient.organisationID })
        #expect(recipientRow.operation.ticketsReceived == 2)
        #expect(abs(recipientRow.operation.connectionUptime - recipientUptime) < 0.01)
        #expect(recipientRow.measures.documentsSent == 0)
        let byUnit = try await breakdown(.level1Unit)
        let hanoi = try #require(byUnit.rows.first { $0.key == "H26" })
        #expect(hanoi.operation.ticketsReceived == 2)
        #expect(byUnit.rows.first { $0.key == "G22" }?.operation.ticketsReceived == 1)

        // The CSV by province carries the columns; the quarterly report the uptime and SLA section.
        let csv = try await report.operatorClient.report {
            try await $0.exportCsv(
                .with {
                    $0.breakdown = .with {
                        $0.startTime = .init(date: from.start)
                        $0.endTime = .init(date: to.start)
                        $0.dimension = .member
                    }
                }
            ) { response in
                var data = Data()
                for try await chunk in response.messages { data += chunk.data }
                return String(decoding: data.dropFirst(3), as: UTF8.self)
            }
        }
        #expect(
            csv.split(separator: "\r\n").first?.hasSuffix(
                ",connection_uptime,tickets_received,ticket_sla_met_rate,ticket_sla_met_rate_provided_service,"
                    + "ticket_sla_met_rate_connection,ticket_sla_met_rate_account,ticket_sla_met_rate_other") == true)
        let (year, month, _) = from.components
        let html = try await report.operatorClient.report {
            try await $0.renderQuarterlyReport(
                .with {
                    $0.year = Int32(year)
                    $0.quarter = Int32((month - 1) / 3 + 1)
                }
            ) { response in
                var data = Data()
                for try await chunk in response.messages { data += chunk.data }
                return String(decoding: data, as: UTF8.self)
            }
        }
        #expect(html.contains("Thời gian kết nối"))
        #expect(html.contains("Hỗ trợ đúng hạn"))
        #expect(html.contains("Kết nối, kỹ thuật liên thông"), "the connection clock apart (Art. 18.2.b)")
        #expect(html.contains("Dịch vụ do Trục cung cấp"), "the provided-service clock apart (Art. 18.2.a)")
    }

    @Test("without Monitoring and Ticket configured, the summary names both as missing and has no operation figures")
    func sourcesMissing() async throws {
        try await TestPlatform.with { platform in
            try await platform.withReport { report in
                let (from, to) = Self.thisMonth()
                let summary = try await report.operatorClient.report {
                    try await $0.getSummary(
                        .with {
                            $0.startTime = .init(date: from.start)
                            $0.endTime = .init(date: to.start)
                        })
                }
                #expect(summary.sourcesMissing == ["monitoring", "ticket"])
                #expect(!summary.hasOperation)
            }
        }
    }
}
