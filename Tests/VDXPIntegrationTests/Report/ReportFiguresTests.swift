import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPReport

/// Report on a real platform: documents sent, received and rejected through Exchange's API are counted from its
/// journal into the figures each caller may read (QĐ 28 Art. 11.1; Art. 14.3, 15.1, 21.2–21.3).
@Suite("Report on a real platform", .serialized)
struct ReportFiguresTests {
    /// Today and tomorrow, 00:00 +07.
    static func today() -> (Google_Protobuf_Timestamp, Google_Protobuf_Timestamp) {
        let day = VietnamDay(containing: Date())
        return (.init(date: day.start), .init(date: VietnamDay(number: day.number + 1).start))
    }

    /// This month, 00:00 +07 of its first day to 00:00 +07 of the next month's.
    static func thisMonth() -> (Google_Protobuf_Timestamp, Google_Protobuf_Timestamp) {
        let (year, month, _) = VietnamDay(containing: Date()).components
        let first = VietnamDay(year: year, month: month, day: 1)
        return (.init(date: first.start), .init(date: PeriodStepper(granularity: .month).next(after: first).start))
    }

    /// 45 days before today to 45 days after: not whole months, but this month whole inside (read from the monthly
    /// rollups, the days around it from the daily ones).
    static func unaligned() -> (Google_Protobuf_Timestamp, Google_Protobuf_Timestamp) {
        let day = VietnamDay(containing: Date())
        return (
            .init(date: VietnamDay(number: day.number - 45).start),
            .init(date: VietnamDay(number: day.number + 45).start)
        )
    }

    static func summary(
        _ client: PlatformClient, _ scope: Vdxp_Report_V1_Scope = .init(), month: Bool = false,
        unaligned: Bool = false
    ) async throws -> Vdxp_Report_V1_Measures {
        let (start, end) = unaligned ? Self.unaligned() : month ? thisMonth() : today()
        return try await client.report {
            try await $0.getSummary(
                .with {
                    $0.scope = scope
                    $0.startTime = start
                    $0.endTime = end
                })
        }.measures
    }

    @Test(
        "documents sent through Exchange are counted for their sender and recipients; members see only their own; a rebuild gives the same figures"
    )
    func figuresFromTheJournal() async throws {
        try await TestPlatform.with { platform in
            try await platform.withReport { report in
                var headers: [Vdxp_Exchange_V1_DocumentHeader] = []
                for number in 1...3 {
                    headers.append(TestPlatform.header(number: "\(number)"))
                    try await platform.sendDocument(headers[number - 1])
                }
                // Due yesterday (QĐ 28 10.2.o): both copies are overdue from the journal's next entry on.
                let wide = {
                    var header = TestPlatform.header(
                        number: "4", to: [TestPlatform.recipient, TestPlatform.stranger], priority: 2)
                    header.dueDate = VietnamDay(number: VietnamDay(containing: Date()).number - 1).description
                    return header
                }()
                try await platform.sendDocument(wide)
                try await platform.receiveAll(as: TestPlatform.recipient)
                // Art. 14.3: the first document registered (03) and assigned to a handler (04), twice; the second
                // registered only.
                for status in [Vdxp_Exchange_V1_DocumentStatus.registered, .assigned, .assigned] {
                    try await platform.report(status, on: headers[0].documentID)
                }
                try await platform.report(.registered, on: headers[1].documentID)
                _ = try await platform.member(TestPlatform.recipient).exchange {
                    try await $0.rejectDocument(
                        .with {
                            $0.documentID = wide.documentID
                            $0.reason = "Không thuộc thẩm quyền"
                            $0.handler = TestPlatform.clerk
                        })
                }
                try await report.caughtUp()

                let platformWide = try await Self.summary(report.operatorClient)
                #expect(platformWide.documentsSent == 4)
                #expect(platformWide.documentsReceived == 5)
                #expect(platformWide.withStatusArrived == 4)
                #expect(platformWide.withStatusRegistered == 2)
                #expect(platformWide.withStatusAssigned == 1, "04 counts once per copy")
                #expect(platformWide.rejected == 1)
                #expect(platformWide.sentOnTime + platformWide.sentLate == 4)
                #expect(platformWide.timeToArrival.count == 4)
                #expect(platformWide.overdue == 2)

                let sender = try await Self.summary(report.member(TestPlatform.sender))
                #expect(sender.documentsSent == 4)
                #expect(sender.documentsReceived == 0)
                let recipient = try await Self.summary(report.member(TestPlatform.recipient))
                #expect(recipient.documentsReceived == 4)
                #expect(recipient.withStatusArrived == 4)
                #expect(recipient.withStatusAssigned == 1)
                #expect(recipient.rejected == 1)
                #expect(recipient.overdue == 1)
                let stranger = try await Self.summary(
                    report.operatorClient, .with { $0.organisationID = TestPlatform.stranger.organisationID })
                #expect(stranger.documentsReceived == 1)
                #expect(stranger.withStatusArrived == 0)
                #expect(stranger.overdue == 1)

                let (start, end) = Self.today()
                let breakdown = try await report.operatorClient.report {
                    try await $0.getBreakdown(
                        .with {
                            $0.startTime = start
                            $0.endTime = end
                            $0.dimension = .level1Unit
                            $0.rankBy = .documentsReceived
                        })
                }
                #expect(breakdown.rows.map(\.key) == ["H26", "H29", "G22"])
                #expect(breakdown.rows.map(\.measures.documentsReceived) == [4, 1, 0])
                #expect(breakdown.total.documentsSent == 4)
                let priorities = try await report.operatorClient.report {
                    try await $0.getBreakdown(
                        .with {
                            $0.startTime = start
                            $0.endTime = end
                            $0.dimension = .priority
                        })
                }
                #expect(priorities.rows.map(\.key) == ["0", "2"])
                #expect(priorities.rows.map(\.measures.documentsSent) == [3, 1])

                let reasons = try await report.operatorClient.report {
                    try await $0.listRejectionReasons(
                        .with {
                            $0.startTime = start
                            $0.endTime = end
                        })
                }
                #expect(reasons.reasons.map(\.reason) == ["Không thuộc thẩm quyền"])
                #expect(reasons.reasons.map(\.count) == [1])

                // The month's figures (read from the monthly rollups) are today's (the daily ones): every document
                // was sent today.
                #expect(try await Self.summary(report.operatorClient, month: true) == platformWide)
                #expect(
                    try await Self.summary(report.member(TestPlatform.recipient), month: true) == recipient)
                // So are those of a period cut inside months (this month from the monthly rollups, the days around
                // it from the daily ones).
                let unaligned = try await Self.summary(report.operatorClient, unaligned: true)
                #expect(unaligned.documentsSent == platformWide.documentsSent)
                #expect(unaligned.documentsReceived == platformWide.documentsReceived)
                #expect(unaligned.overdue == platformWide.overdue)
                #expect(unaligned.rejected == platformWide.rejected)

                // Filtered, the month (read from the monthly rollups by document dimensions) equals the day (the
                // daily ones).
                func measures(
                    _ filter: Vdxp_Report_V1_DocumentFilter, kind: Vdxp_Central_V1_OrganisationKind = .unspecified,
                    month: Bool
                ) async throws -> Vdxp_Report_V1_Measures {
                    let (start, end) = month ? Self.thisMonth() : Self.today()
                    return try await report.operatorClient.report {
                        try await $0.getSummary(
                            .with {
                                $0.startTime = start
                                $0.endTime = end
                                $0.filter = filter
                                $0.scope.memberKind = kind
                            })
                    }.measures
                }
                let flash = Vdxp_Report_V1_DocumentFilter.with { $0.priorities = [2] }
                let filtered = try await measures(flash, month: false)
                #expect(filtered.documentsSent == 1)
                #expect(filtered.documentsReceived == 2)
                #expect(filtered.overdue == 2)
                #expect(try await measures(flash, month: true) == filtered)
                // Business types, legal values (bound as smallint[]) and the member kind (a smallint): the four are
                // new documents of state agencies, sealed by the organisation alone (reference only, Art. 11); none
                // is an update.
                for month in [false, true] {
                    func sent(
                        _ filter: Vdxp_Report_V1_DocumentFilter, kind: Vdxp_Central_V1_OrganisationKind = .unspecified
                    ) async throws -> Int64 {
                        try await measures(filter, kind: kind, month: month).documentsSent
                    }
                    #expect(try await sent(.with { $0.businessTypes = [.new] }) == 4)
                    #expect(try await sent(.with { $0.businessTypes = [.update, .replace] }) == 0)
                    #expect(try await sent(.with { $0.legalValues = [.referenceOnly] }) == 4)
                    #expect(try await sent(.with { $0.legalValues = [.legallyValid] }) == 0)
                    #expect(try await sent(.init(), kind: .stateAgency) == 4)
                    #expect(try await sent(.init(), kind: .enterprise) == 0)
                }
                let flashUnaligned = try await report.operatorClient.report {
                    try await $0.getBreakdown(
                        .with {
                            ($0.startTime, $0.endTime) = Self.unaligned()
                            $0.dimension = .priority
                        })
                }
                #expect(flashUnaligned.rows.map(\.key) == ["0", "2"])
                #expect(flashUnaligned.rows.map(\.measures.documentsSent) == [3, 1])

                // Rebuilding from the journal's first entry gives the same figures.
                let reset = try await report.operatorClient.report { try await $0.rebuildProjection(.init()) }
                #expect(reset.lastSequence == 0)
                try await report.caughtUp()
                #expect(try await Self.summary(report.operatorClient) == platformWide)
                #expect(try await Self.summary(report.operatorClient, month: true) == platformWide)
            }
        }
    }

    @Test("a member asking for another's figures, bad periods and a member asking for the status are refused")
    func refusals() async throws {
        try await TestPlatform.with { platform in
            try await platform.withReport { report in
                let other = await #expect(throws: RPCError.self) {
                    try await Self.summary(
                        report.member(TestPlatform.recipient),
                        .with { $0.organisationID = TestPlatform.sender.organisationID })
                }
                #expect(other?.code == .permissionDenied)
                let province = await #expect(throws: RPCError.self) {
                    try await Self.summary(report.member(TestPlatform.recipient), .with { $0.level1UnitID = "H26" })
                }
                #expect(province?.code == .permissionDenied)
                let status = await #expect(throws: RPCError.self) {
                    try await report.member(TestPlatform.recipient).report { try await $0.getReportStatus(.init()) }
                }
                #expect(status?.code == .permissionDenied)
                let rebuild = await #expect(throws: RPCError.self) {
                    try await report.member(TestPlatform.sender).report { try await $0.rebuildProjection(.init()) }
                }
                #expect(rebuild?.code == .permissionDenied)
                let notMidnight = await #expect(throws: RPCError.self) {
                    try await report.operatorClient.report {
                        try await $0.getSummary(
                            .with {
                                $0.startTime = .init(date: Date(timeIntervalSince1970: 1_782_000_000))
                                $0.endTime = .init(date: Date(timeIntervalSince1970: 1_790_000_000))
                            })
                    }
                }
                #expect(notMidnight?.code == .invalidArgument)
                #expect(notMidnight?.badRequestFields == ["start_time"])
                let noDimension = await #expect(throws: RPCError.self) {
                    let (start, end) = Self.today()
                    return try await report.operatorClient.report {
                        try await $0.getBreakdown(
                            .with {
                                $0.startTime = start
                                $0.endTime = end
                            })
                    }
                }
                #expect(noDimension?.code == .invalidArgument)
                let badQuarter = await #expect(throws: RPCError.self) {
                    try await report.operatorClient.report {
                        try await $0.renderQuarterlyReport(
                            .with {
                                $0.year = 2026
                                $0.quarter = 5
                            }
                        ) { response in
                            var chunks: [Vdxp_Report_V1_FileChunk] = []
                            for try await chunk in response.messages { chunks.append(chunk) }
                            return chunks
                        }
                    }
                }
                #expect(badQuarter?.code == .invalidArgument)
            }
        }
    }

    @Test("a breakdown by member answers at most 1,000 rows; its CSV export carries every member, here 1,100")
    func csvCarriesEveryRow() async throws {
        try await TestPlatform.with { platform in
            // Monitoring named (not reached: the rows below are what its poller would have stored, just now).
            try await platform.withReport(settings: ["VDXP_MONITORING_ADDRESS": "127.0.0.1:1"]) { report in
                let logger = platform.logger
                // 1,100 members Report knows from Monitoring's connections, as its poller stores them.
                try await platform.database { database in
                    _ = try await database.query(
                        """
                        INSERT INTO report.member_connections (organisation_id, level1_unit, member_kind, state)
                        SELECT lpad((300000000 + n)::text, 10, '0'), '', 2, 1 FROM generate_series(1, 1100) AS n
                        """, logger: logger
                    ).collect()
                    _ = try await database.query(
                        """
                        INSERT INTO report.source_positions (source, position, refresh_time)
                        VALUES ('monitoring', now(), now())
                        ON CONFLICT (source) DO UPDATE SET refresh_time = now()
                        """, logger: logger
                    ).collect()
                }
                let today = VietnamDay(containing: Date())
                let request = Vdxp_Report_V1_GetBreakdownRequest.with {
                    $0.startTime = .init(date: today.start)
                    $0.endTime = .init(date: PeriodStepper(granularity: .day).next(after: today).start)
                    $0.dimension = .member
                }
                let answer = try await report.operatorClient.report { try await $0.getBreakdown(request) }
                #expect(answer.rows.count == 1_000)
                let csv = try await report.operatorClient.report {
                    try await $0.exportCsv(.with { $0.breakdown = request }) { response in
                        var data = Data()
                        for try await chunk in response.messages { data += chunk.data }
                        return data
                    }
                }
                let lines = String(decoding: csv.dropFirst(3), as: UTF8.self).split(whereSeparator: \.isNewline)
                #expect(lines.count == 1 + 1_100, "a header line and a line for each member")
            }
        }
    }

    @Test("the time series, the CSV export and the quarterly report carry the documents sent")
    func seriesAndFiles() async throws {
        try await TestPlatform.with { platform in
            try await platform.withReport { report in
                try await platform.sendDocument(TestPlatform.header(number: "1"))
                try await platform.sendDocument(TestPlatform.header(number: "2"))
                try await report.caughtUp()
                let today = VietnamDay(containing: Date())
                let (year, month, _) = today.components
                let monthStart = VietnamDay(year: year, month: month, day: 1)
                let nextMonth = PeriodStepper(granularity: .month).next(after: monthStart)
                let series = try await report.operatorClient.report {
                    try await $0.getTimeSeries(
                        .with {
                            $0.startTime = .init(date: monthStart.start)
                            $0.endTime = .init(date: nextMonth.start)
                            $0.granularity = .day
                        })
                }
                #expect(series.points.count == Int(nextMonth.number - monthStart.number))
                #expect(series.points.map(\.measures.documentsSent).reduce(0, +) == 2)
                #expect(
                    series.points.first { $0.periodStart.date == today.start }?.measures.documentsSent == 2)

                let csv = try await report.member(TestPlatform.sender).report {
                    try await $0.exportCsv(
                        .with {
                            $0.timeSeries = .with {
                                $0.startTime = .init(date: monthStart.start)
                                $0.endTime = .init(date: nextMonth.start)
                                $0.granularity = .month
                            }
                        }
                    ) { response in
                        var chunks: [Vdxp_Report_V1_FileChunk] = []
                        for try await chunk in response.messages { chunks.append(chunk) }
                        return chunks
                    }
                }
                #expect(csv.first?.mediaType == "text/csv; charset=utf-8")
                let text = String(decoding: csv.reduce(into: Data()) { $0 += $1.data }.dropFirst(3), as: UTF8.self)
                #expect(text.hasPrefix("period_start,documents_sent,"))
                #expect(text.contains("\(monthStart),2,0,"))

                let quarter = (month - 1) / 3 + 1
                let html = try await report.operatorClient.report {
                    try await $0.renderQuarterlyReport(
                        .with {
                            $0.year = Int32(year)
                            $0.quarter = Int32(quarter)
                        }
                    ) { response in
                        var chunks: [Vdxp_Report_V1_FileChunk] = []
                        for try await chunk in response.messages { chunks.append(chunk) }
                        return chunks
                    }
                }
                #expect(html.first?.fileName == "bao-cao-quy-\(quarter)-\(year).html")
                let page = String(decoding: html.reduce(into: Data()) { $0 += $1.data }, as: UTF8.self)
                #expect(page.contains("<svg"))
                #expect(page.contains(TestPlatform.sender.organisationID) || page.contains("G22"))
            }
        }
    }
}
