import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPMonitoring
import VDXPProto
import VDXPRuntime

@testable import VDXPTicket

/// Art. 18.2.b: the operator announces a planned stop to every connected member at least 5 working days ahead
/// (Vietnamese working days, counted as Central counts the 3 of Art. 17.2); Art. 9.4, 17.3, 21.5: the operator's
/// notices, read and acknowledged by the members.
@Suite("Ticket maintenance and notices (Art. 18.2.b, 9.4, 17.3, 21.5)", .serialized)
struct TicketMaintenanceTests {
    static let sender = TestPlatform.sender
    static let recipient = TestPlatform.recipient
    // Tết Đinh Mùi 2027 (Saturday 6 February 2027) as Central computes and publishes it with no calendar settings:
    // Friday 5 to Tuesday 9 February, and Wednesday 10 and Thursday 11 in lieu of the Saturday and the Sunday.

    static func vietnam(_ day: String, hour: Int) -> Date {
        CalendarDate(iso8601: day)!.instant(atSecondsIntoDay: hour * 3600)
    }

    static func announce(_ ticket: TicketTestService, start: Date, hours: Double = 4) async throws
        -> Vdxp_Ticket_V1_MaintenanceWindow
    {
        try await ticket.call(as: .operator) {
            try await $0.announceMaintenance(
                .with {
                    $0.title = "Nâng cấp cơ sở dữ liệu Trục liên thông"
                    $0.description_p = "Trục dừng nhận và giao văn bản; văn bản gửi trong thời gian này được giữ lại."
                    $0.startTime = Google_Protobuf_Timestamp(date: start)
                    $0.endTime = Google_Protobuf_Timestamp(date: start.addingTimeInterval(hours * 3600))
                    $0.components = ["exchange"]
                })
        }
    }

    @Test("announced on Wednesday 3 February 2027, a stop may start on the 5th working day after Tết: 17 February")
    func fiveWorkingDaysAcrossTet() async throws {
        let clock = ManualClock(now: Self.vietnam("2027-02-03", hour: 10))
        try await TestPlatform.with { platform in
            try await platform.withTicket(clock: clock) { ticket in
                let tooSoon = await rpcError {
                    _ = try await Self.announce(ticket, start: Self.vietnam("2027-02-16", hour: 22))
                }
                #expect(tooSoon?.code == .failedPrecondition)
                #expect(tooSoon?.message.contains("2027-02-17") == true, "the message names the earliest start")

                let window = try await Self.announce(ticket, start: Self.vietnam("2027-02-17", hour: 22))
                #expect(window.windowID == "MW-2027-0001")
                #expect(window.state == .scheduled)
                #expect(window.announcedBy.name == "admin")

                let memberAnnounces = await rpcError {
                    _ = try await ticket.call(as: .member(Self.sender)) {
                        try await $0.announceMaintenance(.init())
                    }
                }
                #expect(memberAnnounces?.code == .permissionDenied)
                let tooLong = await rpcError {
                    _ = try await Self.announce(ticket, start: Self.vietnam("2027-02-18", hour: 22), hours: 73)
                }
                #expect(tooLong?.badRequestFields == ["end_time"])

                // Every member, the operator and the platform's services see upcoming windows.
                for caller: TicketTestService.Caller in [.member(Self.recipient), .operator, .service("monitoring")] {
                    let listed = try await ticket.call(as: caller) { try await $0.listMaintenanceWindows(.init()) }
                    #expect(listed.windows.map(\.windowID) == [window.windowID])
                }

                clock.advance(by: 14 * 86400 + 12 * 3600)
                let underWay = try await ticket.call(as: .member(Self.sender)) {
                    try await $0.listMaintenanceWindows(.init())
                }
                #expect(underWay.windows.first?.state == .inProgress)
                let notCancellable = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.cancelMaintenance(
                            .with {
                                $0.windowID = window.windowID
                                $0.reason = "hoãn"
                            })
                    }
                }
                #expect(notCancellable?.code == .failedPrecondition)

                let announced = try await ticket.outbox().map(\.alert).filter { $0.kind == .maintenanceAnnounced }
                #expect(announced.map(\.idempotencyKey) == ["maintenance/MW-2027-0001/announced"])
                #expect(announced.allSatisfy { $0.organisationID.isEmpty && !$0.toOperators }, "to every member")
            }
        }
    }

    @Test(
        "a day off Central publishes after Tết moves the earliest start; a calendar set on Ticket itself counts for nothing"
    )
    func calendarFromCentral() async throws {
        let clock = ManualClock(now: Self.vietnam("2027-02-03", hour: 10))
        // The Government's notice adds Friday 12 February to the break: set on Central only, published in the signed
        // global configuration. Ticket's own VDXP_PUBLIC_HOLIDAYS would move the start further: it is not read.
        try await TestPlatform.with(centralSettings: ["VDXP_PUBLIC_HOLIDAYS": "2027-02-12"]) { platform in
            try await platform.withTicket(
                settings: ["VDXP_PUBLIC_HOLIDAYS": "2027-02-15,2027-02-16,2027-02-17,2027-02-18"], clock: clock
            ) { ticket in
                let tooSoon = await rpcError {
                    _ = try await Self.announce(ticket, start: Self.vietnam("2027-02-17", hour: 22))
                }
                #expect(tooSoon?.code == .failedPrecondition)
                #expect(tooSoon?.message.contains("2027-02-18") == true, "12 February no longer counts")
                let window = try await Self.announce(ticket, start: Self.vietnam("2027-02-18", hour: 1))
                #expect(window.state == .scheduled)
            }
        }
    }

    @Test(
        "a window announced in an ordinary week is cancelled before it begins, once however often the call is retried, and then listed only as past"
    )
    func cancelled() async throws {
        // Monday 1 March 2027: 2, 3, 4, 5 and 8 March are the 5 working days of notice; the 10th may begin.
        let clock = ManualClock(now: Self.vietnam("2027-03-01", hour: 10))
        try await TestPlatform.with { platform in
            try await platform.withTicket(clock: clock) { ticket in
                let window = try await Self.announce(ticket, start: Self.vietnam("2027-03-10", hour: 22))
                let cancelled = try await ticket.call(as: .operator) {
                    try await $0.cancelMaintenance(
                        .with {
                            $0.windowID = window.windowID
                            $0.reason = "Dời lịch sau Tết"
                        })
                }
                #expect(cancelled.state == .cancelled)
                #expect(cancelled.cancelReason == "Dời lịch sau Tết")
                // A retry whose answer was lost succeeds; the first reason stands and nobody is told twice.
                let retried = try await ticket.call(as: .operator) {
                    try await $0.cancelMaintenance(
                        .with {
                            $0.windowID = window.windowID
                            $0.reason = "Lý do khác"
                        })
                }
                #expect(retried == cancelled)
                let upcoming = try await ticket.call(as: .member(Self.sender)) {
                    try await $0.listMaintenanceWindows(.init())
                }
                #expect(upcoming.windows.isEmpty)
                let all = try await ticket.call(as: .member(Self.sender)) {
                    try await $0.listMaintenanceWindows(.with { $0.includePast = true })
                }
                #expect(all.windows.map(\.state) == [.cancelled])
                let unknown = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.cancelMaintenance(
                            .with {
                                $0.windowID = "MW-2027-0099"
                                $0.reason = "x"
                            })
                    }
                }
                #expect(unknown?.code == .notFound)
                let keys = try await ticket.outbox().map(\.alert.idempotencyKey)
                #expect(keys.filter { $0 == "maintenance/\(window.windowID)/cancelled" }.count == 1)
            }
        }
    }

    @Test(
        "a remediation demand reaches one member, a security update all; each member acknowledges what is addressed to it"
    )
    func notices() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                let due = Google_Protobuf_Timestamp(date: ticket.clock.now.addingTimeInterval(30 * 86400))
                let demand = try await ticket.call(as: .operator) {
                    try await $0.sendNotice(
                        .with {
                            $0.kind = .remediationDemand
                            $0.organisationID = Self.sender.organisationID
                            $0.subject = "Yêu cầu khắc phục hạ tầng kết nối"
                            $0.body = "Máy chủ bảo mật chưa đáp ứng yêu cầu về an toàn truyền dẫn (Điều 9.4)."
                            $0.dueTime = due
                        })
                }
                #expect(demand.noticeID.hasPrefix("NT-"))
                let update = try await ticket.call(as: .operator) {
                    try await $0.sendNotice(
                        .with {
                            $0.kind = .securityUpdate
                            $0.subject = "Bản vá máy chủ bảo mật 2.3.1"
                            $0.body = "Cập nhật trước hạn (Điều 17.3)."
                            $0.dueTime = due
                        })
                }
                let noDue = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.sendNotice(
                            .with {
                                $0.kind = .remediationDemand
                                $0.organisationID = Self.sender.organisationID
                                $0.subject = "x"
                                $0.body = "y"
                            })
                    }
                }
                #expect(noDue?.badRequestFields == ["due_time"])
                let followUpWithoutTicket = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.sendNotice(
                            .with {
                                $0.kind = .rootCauseFollowUp
                                $0.organisationID = Self.sender.organisationID
                                $0.subject = "x"
                                $0.body = "y"
                            })
                    }
                }
                #expect(followUpWithoutTicket?.badRequestFields == ["ticket_id"])
                let memberSends = await rpcError {
                    _ = try await ticket.call(as: .member(Self.sender)) { try await $0.sendNotice(.init()) }
                }
                #expect(memberSends?.code == .permissionDenied)

                let senderSees = try await ticket.call(as: .member(Self.sender)) { try await $0.listNotices(.init()) }
                #expect(senderSees.notices.map(\.noticeID) == [update.noticeID, demand.noticeID])
                let recipientSees = try await ticket.call(as: .member(Self.recipient)) {
                    try await $0.listNotices(.init())
                }
                #expect(recipientSees.notices.map(\.noticeID) == [update.noticeID])

                let acknowledged = try await ticket.call(as: .member(Self.sender)) {
                    try await $0.acknowledgeNotice(.with { $0.noticeID = demand.noticeID })
                }
                #expect(acknowledged.hasAcknowledgeTime)
                #expect(acknowledged.acknowledgedBy.kind == .memberSystem)
                let pending = try await ticket.call(as: .member(Self.sender)) {
                    try await $0.listNotices(.with { $0.unacknowledgedOnly = true })
                }
                #expect(pending.notices.map(\.noticeID) == [update.noticeID])
                let notTheirs = await rpcError {
                    _ = try await ticket.call(as: .member(Self.recipient)) {
                        try await $0.acknowledgeNotice(.with { $0.noticeID = demand.noticeID })
                    }
                }
                #expect(notTheirs?.code == .notFound)
                let operatorAcknowledges = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.acknowledgeNotice(.with { $0.noticeID = demand.noticeID })
                    }
                }
                #expect(operatorAcknowledges?.code == .permissionDenied)

                let alerts = try await ticket.outbox().map(\.alert).filter { $0.kind == .operatorNotice }
                #expect(alerts.map(\.organisationID) == [Self.sender.organisationID, ""])
            }
        }
    }

    /// `token` (base64url JSON) with `text` replaced by `replacement` in its JSON, or nil when it does not hold it.
    static func editToken(_ token: String, replacing text: String, with replacement: String) -> String? {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let json = String(data: data, encoding: .utf8),
            json.contains(text)
        else { return nil }
        return Data(json.replacingOccurrences(of: text, with: replacement).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test("a window cancelled between two pages of one listing is shown once, in the group its first page put it in")
    func cancelledBetweenPages() async throws {
        let clock = ManualClock(now: Self.vietnam("2027-03-01", hour: 10))
        try await TestPlatform.with { platform in
            try await platform.withTicket(clock: clock) { ticket in
                let first = try await Self.announce(ticket, start: Self.vietnam("2027-03-10", hour: 22)).windowID
                let second = try await Self.announce(ticket, start: Self.vietnam("2027-03-11", hour: 22)).windowID
                let member = TicketTestService.Caller.member(Self.sender)
                var shown: [String] = []
                var token = ""
                repeat {
                    let page = try await ticket.call(as: member) { [token] in
                        try await $0.listMaintenanceWindows(
                            .with {
                                $0.includePast = true
                                $0.pageSize = 1
                                $0.pageToken = token
                            })
                    }
                    shown += page.windows.map(\.windowID)
                    token = page.nextPageToken
                    if shown.count == 1 {
                        clock.advance(by: 60)
                        _ = try await ticket.call(as: .operator) {
                            try await $0.cancelMaintenance(
                                .with {
                                    $0.windowID = first
                                    $0.reason = "Dời lịch"
                                })
                        }
                    }
                } while !token.isEmpty && shown.count < 10
                #expect(shown == [first, second])
            }
        }
    }

    @Test("windows and notices page by keyset; a page token works only for its caller and its query")
    func keysetPagesBoundToCallerAndQuery() async throws {
        let clock = ManualClock(now: Self.vietnam("2027-03-01", hour: 10))
        try await TestPlatform.with { platform in
            try await platform.withTicket(clock: clock) { ticket in
                var ids: [String] = []
                for day in ["2027-03-10", "2027-03-11", "2027-03-12"] {
                    ids.append(try await Self.announce(ticket, start: Self.vietnam(day, hour: 22)).windowID)
                }
                _ = try await ticket.call(as: .operator) { [id = ids[1]] in
                    try await $0.cancelMaintenance(
                        .with {
                            $0.windowID = id
                            $0.reason = "Gộp vào đợt 12/3"
                        })
                }
                let member = TicketTestService.Caller.member(Self.sender)
                var shown: [String] = []
                var token = ""
                var tokens: [String] = []
                repeat {
                    let page = try await ticket.call(as: member) { [token] in
                        try await $0.listMaintenanceWindows(
                            .with {
                                $0.includePast = true
                                $0.pageSize = 1
                                $0.pageToken = token
                            })
                    }
                    shown += page.windows.map(\.windowID)
                    token = page.nextPageToken
                    if !token.isEmpty { tokens.append(token) }
                } while !token.isEmpty && shown.count < 10
                #expect(shown == [ids[0], ids[2], ids[1]], "upcoming soonest first, then the cancelled one")

                for (caller, includePast) in [
                    (TicketTestService.Caller.member(Self.recipient), true), (.operator, true), (member, false),
                ] {
                    let refused = await rpcError {
                        _ = try await ticket.call(as: caller) { [token = tokens[0]] in
                            try await $0.listMaintenanceWindows(
                                .with {
                                    $0.includePast = includePast
                                    $0.pageToken = token
                                })
                        }
                    }
                    #expect(refused?.badRequestFields == ["page_token"], "\(caller), include_past \(includePast)")
                }
                // The token edited to claim the other member's listing, and used by the sender.
                let forgedToken = try #require(
                    Self.editToken(
                        tokens[0], replacing: Self.sender.organisationID, with: Self.recipient.organisationID))
                let forged = await rpcError {
                    _ = try await ticket.call(as: member) { [token = forgedToken] in
                        try await $0.listMaintenanceWindows(
                            .with {
                                $0.includePast = true
                                $0.pageToken = token
                            })
                    }
                }
                #expect(forged?.badRequestFields == ["page_token"])
                // The token's time edited to one no database takes: refused, and Ticket keeps serving (binding it
                // to PostgreSQL trapped the process).
                for time in ["1e300", "-1e300", "1e17"] {
                    let farToken = try #require(PageTokenEdit.cursor(tokens[0], field: "asOf", to: time))
                    let far = await rpcError {
                        _ = try await ticket.call(as: member) { [token = farToken] in
                            try await $0.listMaintenanceWindows(
                                .with {
                                    $0.includePast = true
                                    $0.pageToken = token
                                })
                        }
                    }
                    #expect(far?.code == .invalidArgument, "asOf \(time)")
                    #expect(far?.badRequestFields == ["page_token"], "asOf \(time)")
                }
                let afterwards = try await ticket.call(as: member) {
                    try await $0.listMaintenanceWindows(.with { $0.includePast = true })
                }
                #expect(afterwards.windows.count == 3)

                // Notices, newest first, three of them issued within the same minute.
                var notices: [String] = []
                for number in 1...3 {
                    let notice = try await ticket.call(as: .operator) {
                        try await $0.sendNotice(
                            .with {
                                $0.kind = .securityUpdate
                                $0.subject = "Bản vá máy chủ bảo mật 2.3.\(number)"
                                $0.body = "Cập nhật trước hạn (Điều 17.3)."
                                $0.dueTime = Google_Protobuf_Timestamp(date: clock.now.addingTimeInterval(30 * 86400))
                            })
                    }
                    notices.append(notice.noticeID)
                }
                let first = try await ticket.call(as: member) { try await $0.listNotices(.with { $0.pageSize = 2 }) }
                let second = try await ticket.call(as: member) { [token = first.nextPageToken] in
                    try await $0.listNotices(
                        .with {
                            $0.pageSize = 2
                            $0.pageToken = token
                        })
                }
                #expect(first.notices.map(\.noticeID) + second.notices.map(\.noticeID) == notices.reversed())
                #expect(second.nextPageToken.isEmpty)
                let otherQuery = await rpcError {
                    _ = try await ticket.call(as: member) { [token = first.nextPageToken] in
                        try await $0.listNotices(
                            .with {
                                $0.unacknowledgedOnly = true
                                $0.pageToken = token
                            })
                    }
                }
                #expect(otherQuery?.badRequestFields == ["page_token"])
                let otherMember = await rpcError {
                    _ = try await ticket.call(as: .member(Self.recipient)) { [token = first.nextPageToken] in
                        try await $0.listNotices(.with { $0.pageToken = token })
                    }
                }
                #expect(otherMember?.badRequestFields == ["page_token"])
            }
        }
    }

    @Test("an announced window reaches every connected member's inbox in the real Monitoring")
    func announcementReachesEveryMember() async throws {
        let clock = ManualClock(now: Self.vietnam("2027-03-01", hour: 10))
        try await TestPlatform.with { platform in
            try await platform.withMonitoring(clock: clock, channels: .none) { monitoring in
                try await platform.withTicket(clock: clock) { ticket in
                    let window = try await Self.announce(ticket, start: Self.vietnam("2027-03-10", hour: 22))
                    #expect(try await TicketAlertDispatchTests.dispatch(ticket, to: monitoring.address) == 1)
                    for member in [Self.sender, Self.recipient] {
                        let alerts = try await monitoring.member(member).monitoring {
                            try await $0.listAlerts(.init()).alerts
                        }
                        let announced = alerts.filter { $0.kind == .maintenanceAnnounced }
                        #expect(announced.map(\.reference) == [window.windowID], "\(member.organisationID)")
                    }
                }
            }
        }
    }

    /// The idempotency keys of the outbox's alerts to the operator group about a late maintenance notice.
    static func lateNotices(_ ticket: TicketTestService) async throws -> [String] {
        try await ticket.outbox().map(\.alert.idempotencyKey).filter { $0.hasSuffix("/notice-late") }
    }

    @Test(
        "a notice Monitoring could take only 3 days later, now under 5 working days before the stop, is still sent and the operators are told (Art. 18.2.b)"
    )
    func lateNoticeToldToOperators() async throws {
        // Monday 1 March 2027: a stop on Monday 8 March is 5 working days ahead, and no more.
        let clock = ManualClock(now: Self.vietnam("2027-03-01", hour: 10))
        try await TestPlatform.with { platform in
            try await platform.withMonitoring(clock: clock, channels: .none) { monitoring in
                try await platform.withTicket(clock: clock) { ticket in
                    let window = try await Self.announce(ticket, start: Self.vietnam("2027-03-08", hour: 22))
                    let onTime = try await Self.announce(ticket, start: Self.vietnam("2027-03-22", hour: 22))
                    // Monitoring could not be reached until Thursday 4 March.
                    clock.advance(by: 3 * 86_400)
                    #expect(try await TicketAlertDispatchTests.dispatch(ticket, to: monitoring.address) == 2)
                    let late = try await Self.lateNotices(ticket)
                    #expect(late == ["maintenance/\(window.windowID)/notice-late"], "\(late); not \(onTime.windowID)")

                    // The operators' alert goes out in the next round, into the operators' inbox, naming the window.
                    #expect(try await TicketAlertDispatchTests.dispatch(ticket, to: monitoring.address) == 1)
                    let alerts = try await monitoring.operatorClient.monitoring {
                        try await $0.listAlerts(.init()).alerts
                    }
                    let told = try #require(alerts.first { $0.summary.contains("muộn") }, "\(alerts.map(\.summary))")
                    #expect(told.reference == window.windowID)
                    #expect(told.detail.contains("2027-03-11"), "the first day a new notice allows: \(told.detail)")
                    let members = try await monitoring.member(Self.recipient).monitoring {
                        try await $0.listAlerts(.init()).alerts
                    }
                    #expect(
                        members.filter { $0.kind == .maintenanceAnnounced }.map(\.reference).sorted()
                            == [window.windowID, onTime.windowID].sorted(),
                        "the members' notices went out, late or not; the operators' alert is not theirs")
                    #expect(try await TicketAlertDispatchTests.dispatch(ticket, to: monitoring.address) == 0)
                }
            }
        }
    }

    @Test("a notice taken on time, or the notice of a window cancelled meanwhile, tells the operators nothing")
    func noticeOnTimeOrCancelled() async throws {
        let clock = ManualClock(now: Self.vietnam("2027-03-01", hour: 10))
        try await TestPlatform.with { platform in
            try await platform.withMonitoring(clock: clock, channels: .none) { monitoring in
                try await platform.withTicket(clock: clock) { ticket in
                    _ = try await Self.announce(ticket, start: Self.vietnam("2027-03-08", hour: 22))
                    #expect(try await TicketAlertDispatchTests.dispatch(ticket, to: monitoring.address) == 1)
                    let cancelled = try await Self.announce(ticket, start: Self.vietnam("2027-03-09", hour: 22))
                    try await ticket.call(as: .operator) {
                        _ = try await $0.cancelMaintenance(
                            .with {
                                $0.windowID = cancelled.windowID
                                $0.reason = "Dời lịch"
                            })
                    }
                    clock.advance(by: 3 * 86_400)
                    _ = try await TicketAlertDispatchTests.dispatch(ticket, to: monitoring.address)
                    #expect(try await Self.lateNotices(ticket).isEmpty)
                }
            }
        }
    }
}
