import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

/// Art. 13.2: "the sender checks and follows the state of the package … and must handle documents not sent
/// successfully within the working day". A document nobody acknowledges is reported to the sender the same working
/// day — after the configured time, by the end of the recipient's working day at the latest, and at once when the
/// recipient can no longer receive it.
@Suite("Exchange undelivered documents reported the same working day (Art. 13.2)", .serialized)
struct ExchangeUndeliveredTests {
    /// Failures are checked every second.
    static let settings = [
        "VDXP_EXCHANGE_FAILURE_CHECK_SECONDS": "1", "VDXP_EXCHANGE_ACKNOWLEDGE_WITHIN_MINUTES": "60",
    ]

    @Test(
        "a document the recipient never fetches fails at its deadline, not acknowledged in time, and the sender sees it"
    )
    func unfetchedDocumentFailsAtItsDeadline() async throws {
        let clock = ManualClock()
        try await TestPlatform.with(exchangeSettings: Self.settings, exchangeClock: clock.wallClock) { platform in
            clock.advance(by: Date().timeIntervalSince(clock.now))  // the platform's start took a while
            let header = TestPlatform.header(number: "1301")
            let sent = try await platform.sendDocument(header)
            let expected = AcknowledgementDeadline(acknowledgeWithin: 3600, workingDayEndSeconds: 17 * 3600)
                .deadline(sentAt: clock.now, calendar: try Settings([:]).businessCalendar())
            let waiting = try #require(sent.recipient(TestPlatform.recipient))
            #expect(
                abs(waiting.acknowledgeDeadline.date.timeIntervalSince(expected)) < 0.001,
                "the sender sees by when the recipient must confirm")
            #expect(waiting.failReason == .unspecified)

            // An hour passes on Exchange's clock: not yet.
            clock.advance(by: expected.timeIntervalSince(clock.now) - 1)
            try await Task.sleep(for: .seconds(2.5))
            #expect(
                try await platform.document(header.documentID).recipient(TestPlatform.recipient)?.deliveryState
                    == .queued)

            clock.advance(by: 1)
            let failed = try await Self.failure(of: header.documentID, on: platform)
            #expect(failed.failReason == .notAcknowledgedInTime)
            #expect(failed.successorOrganisationID.isEmpty)
            #expect(failed.attemptCount == 0, "never fetched")
            #expect(try await platform.inbox(of: TestPlatform.recipient).isEmpty, "a failed delivery is not handed out")

            let event = try #require(try await Self.failures(on: platform).first)
            #expect(event.reason == .notAcknowledgedInTime)
            #expect(abs(event.acknowledgeDeadline.date.timeIntervalSince(expected)) < 0.001)
            #expect(event.recipientOrganisationID == TestPlatform.recipient.organisationID)
            let handleBy = try Settings([:]).businessCalendar().addingWorkingDays(0, to: CalendarDate(clock.now))
            #expect(event.handleByDate == handleBy.iso8601, "the day by which the sender handles it, journalled")

            // The sender retries: a fresh deadline counted from the retry.
            let retried = try await platform.member(TestPlatform.sender).exchange {
                try await $0.retryDelivery(.with { $0.deliveryID = failed.deliveryID })
            }
            #expect(retried.deliveryState == .queued)
            #expect(retried.failReason == .unspecified)
            #expect(retried.acknowledgeDeadline.date > expected)
            let again = try await platform.receiveAll(as: TestPlatform.recipient)
            #expect(again.map(\.documentID) == [header.documentID])
            clock.advance(by: 86_400)
            try await Task.sleep(for: .seconds(2.5))
            #expect(
                try await platform.document(header.documentID).recipient(TestPlatform.recipient)?.deliveryState
                    == .acknowledged, "an acknowledged delivery never fails")
        }
    }

    @Test(
        "the working day caps the deadline: sent Friday 16:30 fails at 17:00, sent Friday 17:30 fails next working day"
    )
    func workingDayEndCapsTheDeadline() async throws {
        // A month to acknowledge: only the end of the recipient's working day can come first.
        let settings = [
            "VDXP_EXCHANGE_FAILURE_CHECK_SECONDS": "1", "VDXP_EXCHANGE_ACKNOWLEDGE_WITHIN_MINUTES": "43200",
        ]
        let clock = ManualClock()
        try await TestPlatform.with(exchangeSettings: settings, exchangeClock: clock.wallClock) { platform in
            try await platform.waitForExchangeConfiguration()
            let calendar = try #require(platform.exchangeHost.globalConfiguration.current()).calendar
            // The next Friday that is a working day on the calendar Central published.
            let friday = try #require(
                (1...60).lazy.map { CalendarDate(Date()).addingDays($0) }
                    .first { $0.isoWeekday == 5 && calendar.isWorkingDay($0) })
            func at(_ day: CalendarDate, _ hour: Int, _ minute: Int = 0) -> Date {
                day.instant(atSecondsIntoDay: hour * 3600 + minute * 60)
            }
            func state(_ header: Vdxp_Exchange_V1_DocumentHeader) async throws -> Vdxp_Exchange_V1_DeliveryState? {
                try await platform.document(header.documentID).recipient(TestPlatform.recipient)?.deliveryState
            }

            clock.advance(by: at(friday, 16, 30).timeIntervalSince(clock.now))
            let early = TestPlatform.header(number: "1305")
            let earlyDeadline = try #require(try await platform.sendDocument(early).recipient(TestPlatform.recipient))
                .acknowledgeDeadline.date
            #expect(earlyDeadline == at(friday, 17), "16:30 + a month, capped at the end of Friday's working day")

            clock.advance(by: at(friday, 17, 30).timeIntervalSince(clock.now))
            let late = TestPlatform.header(number: "1306")
            let lateDeadline = try #require(try await platform.sendDocument(late).recipient(TestPlatform.recipient))
                .acknowledgeDeadline.date
            let nextWorkingDay = calendar.nextWorkingDay(after: friday)
            #expect(nextWorkingDay >= friday.addingDays(3), "the weekend is skipped")
            #expect(lateDeadline == at(nextWorkingDay, 17), "sent after hours: by the end of the next working day")

            // Friday 17:00 has passed on Exchange's clock: the first fails, the second waits over the weekend.
            let failed = try await Self.failure(of: early.documentID, on: platform)
            #expect(failed.failReason == .notAcknowledgedInTime)
            clock.advance(by: at(friday.addingDays(1), 17).timeIntervalSince(clock.now))
            try await Task.sleep(for: .seconds(2.5))
            #expect(try await state(late) == .queued, "Saturday is not the recipient's working day")

            clock.advance(by: at(nextWorkingDay, 17).timeIntervalSince(clock.now))
            #expect(try await Self.failure(of: late.documentID, on: platform).failReason == .notAcknowledgedInTime)
        }
    }

    @Test("a recipient that suspends itself before fetching: its waiting deliveries fail at once, not connected")
    func suspendedRecipientFailsAtOnce() async throws {
        try await TestPlatform.with(exchangeSettings: Self.settings) { platform in
            let header = TestPlatform.header(number: "1307")
            try await platform.sendDocument(header)
            _ = try await platform.member(TestPlatform.recipient, service: platform.central).central {
                try await $0.suspendMember(
                    .with {
                        $0.organisationID = TestPlatform.recipient.organisationID
                        $0.reason = "Nâng cấp hệ thống quản lý văn bản"
                        $0.expectedResumeDate = "2099-01-05"
                    })
            }
            try await platform.waitForExchangeConfiguration()
            let failed = try await Self.failure(of: header.documentID, on: platform)
            #expect(failed.failReason == .recipientNotConnected)
            #expect(failed.successorOrganisationID.isEmpty)
        }
    }

    @Test("a recipient cut off before fetching: its waiting deliveries fail at once, recipient not connected")
    func cutOffRecipientFailsAtOnce() async throws {
        try await TestPlatform.with(exchangeSettings: Self.settings) { platform in
            let header = TestPlatform.header(number: "1302")
            try await platform.sendDocument(header)
            _ = try await platform.operatorClient.central {
                try await $0.cutOffMember(
                    .with {
                        $0.organisationID = TestPlatform.recipient.organisationID
                        $0.incident = "Phát hiện mã độc trên máy chủ văn bản"
                    })
            }
            try await platform.waitForExchangeConfiguration()
            let failed = try await Self.failure(of: header.documentID, on: platform)
            #expect(failed.failReason == .recipientNotConnected)
            #expect(failed.successorOrganisationID.isEmpty)
            let refused = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.sender).exchange {
                    try await $0.retryDelivery(.with { $0.deliveryID = failed.deliveryID })
                }
            }
            #expect(refused?.code == .failedPrecondition, "a retry waits until the recipient is connected again")
        }
    }

    @Test("a recipient closed before acknowledging: the delivery fails at once naming the successor to resend to")
    func closedRecipientNamesItsSuccessor() async throws {
        try await TestPlatform.with(exchangeSettings: Self.settings) { platform in
            let header = TestPlatform.header(number: "1303")
            try await platform.sendDocument(header)
            // Fetched, not acknowledged: a lease does not save it.
            #expect(try await platform.inbox(of: TestPlatform.recipient).count == 1)
            _ = try await platform.operatorClient.central {
                try await $0.closeOrganisationId(
                    .with {
                        $0.organisationID = TestPlatform.recipient.organisationID
                        $0.successorOrganisationID = TestPlatform.stranger.organisationID
                        $0.reason = "Hợp nhất đơn vị hành chính"
                    })
            }
            try await platform.waitForExchangeConfiguration()
            let failed = try await Self.failure(of: header.documentID, on: platform)
            #expect(failed.failReason == .recipientClosed)
            #expect(failed.successorOrganisationID == TestPlatform.stranger.organisationID)
            let event = try #require(try await Self.failures(on: platform).first)
            #expect(event.reason == .recipientClosed)
            #expect(event.successorOrganisationID == TestPlatform.stranger.organisationID)

            let retry = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.sender).exchange {
                    try await $0.retryDelivery(.with { $0.deliveryID = failed.deliveryID })
                }
            }
            #expect(retry?.message.contains("its successor is \(TestPlatform.stranger.organisationID)") == true)
            // Art. 13.3: documents go only to valid ids; a send to the closed id is refused naming the successor.
            let send = await #expect(throws: RPCError.self) {
                try await platform.sendDocument(TestPlatform.header(number: "1304"))
            }
            #expect(send?.code == .failedPrecondition)
            #expect(send?.message.contains("its successor is \(TestPlatform.stranger.organisationID)") == true)
        }
    }

    /// The recipient's state once its delivery of `documentID` FAILED (10 s at most).
    static func failure(
        of documentID: String, on platform: TestPlatform
    ) async throws -> Vdxp_Exchange_V1_RecipientState {
        for _ in 0..<100 {
            let state = try await platform.document(documentID).recipient(TestPlatform.recipient)
            if let state, state.deliveryState == .failed { return state }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestPlatformError("the delivery of \(documentID) did not fail within 10 s")
    }

    /// The journal's "delivery.failed" events, in chain order (read until the first, or 15 s).
    static func failures(on platform: TestPlatform) async throws -> [Vdxp_Exchange_V1_DeliveryFailed] {
        try await platform.service("search", address: platform.exchange).exchange { exchange in
            try await withThrowingTaskGroup(of: [Vdxp_Exchange_V1_DeliveryFailed].self) { group in
                group.addTask {
                    try await exchange.streamJournal(.init()) { response in
                        for try await entry in response.messages where entry.eventType == "delivery.failed" {
                            return [try Vdxp_Exchange_V1_JournalEvent(serializedBytes: entry.payload).deliveryFailed]
                        }
                        return []
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(15))
                    return []
                }
                let first = try await group.next() ?? []
                group.cancelAll()
                return first
            }
        }
    }
}
