import Foundation
import SwiftProtobuf
import Testing
import VDXPCore
import VDXPProto

@testable import VDXPReport

/// The projection from Exchange's journal to Report's rollups (QĐ 28 Art. 11.1, 14.3, 15.1), checked against a
/// brute-force recount over the same generated journal.
@Suite("Report's rollups")
struct RollupProjectionTests {
    @Test("the rollups equal a brute-force recount of a generated journal, member by member and day by day")
    func rollupsEqualBruteForce() {
        let journal = GeneratedJournal(seed: 42, documents: 600)
        let rollups = RollupReplay.replay(journal.entries)
        let recount = BruteForceRecount.count(journal.entries)
        #expect(recount.values.contains { $0[.failuresHandledSameDay] > 0 })
        #expect(recount.values.contains { $0[.rejected] > 0 })
        #expect(recount.values.contains { $0[.retracted] > 0 })
        #expect(recount.values.contains { $0[.overdue] > 0 })
        #expect(
            journal.entries.contains {
                $0.payload.count > 0
                    && (try? Vdxp_Exchange_V1_JournalEvent(serializedBytes: $0.payload))?.documentRevoked
                        .recipientOrganisationIds.isEmpty == false
            })
        #expect(recount.keys.count > 20)
        let counted = rollups.byMemberAndDay
        #expect(Set(counted.keys) == Set(recount.keys))
        let differences = recount.keys.filter { counted[$0] != recount[$0] }
            .sorted { ($0.organisationID, $0.day) < ($1.organisationID, $1.day) }
            .map { key in
                let measures = Measure.allCases.filter { counted[key]?[$0] != recount[key]?[$0] }
                return "\(key.organisationID) \(key.day): "
                    + measures.map { "\($0.rawValue) \(counted[key]?[$0] ?? 0) ≠ \(recount[key]?[$0] ?? 0)" }
                    .joined(separator: ", ")
            }
        #expect(differences.isEmpty, "rollups ≠ recount: \(differences.prefix(5).joined(separator: "; "))")
    }

    @Test("replaying the journal from zero gives identical figures")
    func replayIsIdentical() {
        let journal = GeneratedJournal(seed: 7, documents: 300)
        let first = RollupReplay.replay(journal.entries)
        let second = RollupReplay.replay(journal.entries)
        #expect(first.byKey == second.byKey)
        #expect(first.deliveries == second.deliveries)
    }

    @Test("a repeated status counts once per delivery (did 01, 03, 05, 06 arrive — Art. 14.3)")
    func repeatedStatusCountsOnce() {
        var journal = JournalBuilder()
        let sent = journal.send(from: "000.00.00.G22", to: ["000.00.00.H29"], at: "2026-08-03T09:00:00+07:00")
        journal.status(.registered, delivery: sent[0], at: "2026-08-03T10:00:00+07:00")
        journal.status(.registered, delivery: sent[0], at: "2026-08-03T11:00:00+07:00")
        let rollups = RollupReplay.replay(journal.entries)
        let recipient = rollups.total(of: "000.00.00.H29")
        #expect(recipient[.withStatusRegistered] == 1)
        #expect(recipient[.documentsReceived] == 1)
        #expect(rollups.total(of: "000.00.00.G22")[.documentsSent] == 1)
    }

    @Test(
        "04 (assigned to a handler) is counted like the other statuses of Art. 14.3: once per copy, for its recipient")
    func assignedCountsOnce() {
        var journal = JournalBuilder()
        let sent = journal.send(
            from: "000.00.00.G22", to: ["000.00.00.H29", "000.00.00.G01"], at: "2026-08-03T09:00:00+07:00")
        journal.status(.registered, delivery: sent[0], at: "2026-08-03T10:00:00+07:00")
        journal.status(.assigned, delivery: sent[0], at: "2026-08-03T10:30:00+07:00")
        journal.status(.assigned, delivery: sent[0], at: "2026-08-04T08:00:00+07:00")
        let rollups = RollupReplay.replay(journal.entries)
        #expect(rollups.total(of: "000.00.00.H29")[.withStatusAssigned] == 1)
        #expect(rollups.total(of: "000.00.00.G01")[.withStatusAssigned] == 0)
        #expect(rollups.total(of: "000.00.00.G22")[.withStatusAssigned] == 0)
        #expect(rollups.deliveries[sent[0]]?.assignmentTime != nil)
    }

    @Test("a document sent at 23:59 +07 on 30 September counts in Q3, one at 00:00 +07 on 1 October in Q4")
    func quarterEndsAtMidnightVietnamTime() {
        var journal = JournalBuilder()
        _ = journal.send(from: "000.00.00.G22", to: ["000.00.00.H29"], at: "2026-09-30T23:59:59+07:00")
        _ = journal.send(from: "000.00.00.G22", to: ["000.00.00.H29"], at: "2026-10-01T00:00:00+07:00")
        let rollups = RollupReplay.replay(journal.entries)
        let days = rollups.byMemberAndDay.filter { $0.key.organisationID == "000.00.00.G22" }
            .mapValues { $0[.documentsSent] }
        #expect(days[.init(organisationID: "000.00.00.G22", day: VietnamDay(year: 2026, month: 9, day: 30))] == 1)
        #expect(days[.init(organisationID: "000.00.00.G22", day: VietnamDay(year: 2026, month: 10, day: 1))] == 1)
    }

    @Test("a failure retried the same Vietnam day counts as handled; one retried the next day does not (Art. 13.2)")
    func failureHandledSameDay() {
        var journal = JournalBuilder()
        let sent = journal.send(
            from: "000.00.00.G22", to: ["000.00.00.H29", "000.00.00.H01"], at: "2026-08-03T09:00:00+07:00")
        journal.fail(sent[0], at: "2026-08-04T15:00:00+07:00")
        journal.retry(sent[0], at: "2026-08-04T23:30:00+07:00")
        journal.fail(sent[1], at: "2026-08-04T23:00:00+07:00")
        journal.retry(sent[1], at: "2026-08-05T00:10:00+07:00")
        let sender = RollupReplay.replay(journal.entries).total(of: "000.00.00.G22")
        #expect(sender[.failedDeliveries] == 2)
        #expect(sender[.failuresHandledSameDay] == 1)
    }

    @Test(
        "a copy not completed by the end of its due date (24:00 +07) counts overdue once, at the journal's next day; completed on the due day, rejected or taken back, it does not (QĐ 28 10.2.o)"
    )
    func overdueAgainstTheDueDate() {
        var journal = JournalBuilder()
        let recipients = ["000.00.00.H29", "000.00.00.H01", "000.00.00.G12", "000.01.02.H29"]
        let sent = journal.send(
            from: "000.00.00.G22", to: recipients, at: "2026-08-03T09:00:00+07:00", due: "05/08/2026")
        let undated = journal.send(from: "000.00.00.G22", to: ["000.00.00.H29"], at: "2026-08-03T09:30:00+07:00")
        journal.status(.completed, delivery: sent[1], at: "2026-08-05T23:59:00+07:00")  // on the due day: in time
        journal.status(.rejected, delivery: sent[2], at: "2026-08-04T10:00:00+07:00")
        journal.retract(sent[3], at: JournalBuilder.time("2026-08-04T11:00:00+07:00"))
        let beforeMidnight = RollupReplay.replay(journal.entries)
        #expect(beforeMidnight.total(of: "000.00.00.H29")[.overdue] == 0, "not overdue until its due day has ended")
        // The next entry, on 6 August (Vietnam time), makes the open copy overdue; it is completed later still.
        journal.status(.completed, delivery: sent[0], at: "2026-08-06T00:00:30+07:00")
        journal.status(.completed, delivery: undated[0], at: "2026-09-30T10:00:00+07:00")
        journal.acknowledge(sent[0], at: JournalBuilder.time("2026-08-07T09:00:00+07:00"))
        let rollups = RollupReplay.replay(journal.entries)
        #expect(rollups.total(of: "000.00.00.H29")[.overdue] == 1)
        #expect(rollups.total(of: "000.00.00.H01")[.overdue] == 0)
        #expect(rollups.total(of: "000.00.00.G12")[.overdue] == 0)
        #expect(rollups.total(of: "000.01.02.H29")[.overdue] == 0)
        #expect(rollups.total(of: "000.00.00.G22")[.overdue] == 0, "overdue belongs to the recipient")
        let day = rollups.byMemberAndDay[
            .init(organisationID: "000.00.00.H29", day: VietnamDay(year: 2026, month: 8, day: 3))]
        #expect(day?[.overdue] == 1, "counted on the day the document was accepted")
        #expect(rollups.deliveries[sent[0]]?.overdue == true)
    }

    @Test(
        "a failure counts as handled until the end of its working day: Friday's failure retried on Saturday does not, Saturday's retried on Monday does, and a holiday Monday carries it to Tuesday (Art. 13.2)"
    )
    func failureHandledSameWorkingDay() {
        var journal = JournalBuilder()
        // 7 August 2026 is a Friday; Monday 10 August is made a holiday below.
        let sent = journal.send(
            from: "000.00.00.G22", to: ["000.00.00.H29", "000.00.00.H01", "000.00.00.G12"],
            at: "2026-08-07T09:00:00+07:00")
        journal.fail(sent[0], at: "2026-08-07T15:00:00+07:00")
        journal.retry(sent[0], at: "2026-08-08T09:00:00+07:00")  // Saturday: Friday's working day has ended
        journal.fail(sent[1], at: "2026-08-08T10:00:00+07:00")  // Saturday
        journal.retry(sent[1], at: "2026-08-10T16:00:00+07:00")  // Monday
        journal.fail(sent[2], at: "2026-08-09T10:00:00+07:00")  // Sunday
        journal.retry(sent[2], at: "2026-08-11T16:00:00+07:00")  // Tuesday
        let plain = RollupReplay.replay(journal.entries).total(of: "000.00.00.G22")
        #expect(plain[.failedDeliveries] == 3)
        #expect(plain[.failuresHandledSameDay] == 1, "only Saturday's failure, retried on Monday")
        var holidays = RollupReplay.calendar.holidays
        holidays.insert(CalendarDate(year: 2026, month: 8, day: 10)!)
        let withHoliday = RollupReplay.replay(journal.entries, calendar: BusinessCalendar(holidays: holidays))
        #expect(withHoliday.total(of: "000.00.00.G22")[.failuresHandledSameDay] == 2, "Monday off: Tuesday counts")
        #expect(
            BruteForceRecount.count(journal.entries, calendar: BusinessCalendar(holidays: holidays)).values
                .reduce(0) { $0 + $1[.failuresHandledSameDay] } == 2)
    }

    @Test(
        "the handle-by day Exchange journalled with a failure decides, not a calendar published since: live and in a rebuild (Art. 13.2)"
    )
    func journalledHandleByDayDecides() {
        var journal = JournalBuilder()
        let sent = journal.send(
            from: "000.00.00.G22", to: ["000.00.00.H29", "000.00.00.H01"], at: "2026-08-07T09:00:00+07:00")
        // Saturday's failure when Monday 10 August was a holiday: handled in time until Tuesday's end.
        journal.fail(sent[0], at: "2026-08-08T10:00:00+07:00", handleBy: "2026-08-11")
        journal.retry(sent[0], at: "2026-08-11T16:00:00+07:00")
        // Saturday's failure when Monday was a working day: Tuesday is too late, whatever is published later.
        journal.fail(sent[1], at: "2026-08-08T11:00:00+07:00", handleBy: "2026-08-10")
        journal.retry(sent[1], at: "2026-08-11T16:00:00+07:00")

        var holidays = RollupReplay.calendar.holidays
        holidays.insert(CalendarDate(year: 2026, month: 8, day: 10)!)
        for calendar in [RollupReplay.calendar, BusinessCalendar(holidays: holidays)] {
            let sender = RollupReplay.replay(journal.entries, calendar: calendar).total(of: "000.00.00.G22")
            #expect(sender[.failedDeliveries] == 2)
            #expect(sender[.failuresHandledSameDay] == 1, "the first failure only, with either calendar")
        }
        let pending = RollupReplay.replay(Array(journal.entries.prefix(2)))
        #expect(pending.deliveries[sent[0]]?.pendingFailureHandleBy == VietnamDay(year: 2026, month: 8, day: 11))
        #expect(RollupReplay.replay(journal.entries).deliveries[sent[0]]?.pendingFailureHandleBy == nil)
    }

    @Test(
        "a copy revoked, or superseded or removed by a newer version, is not overdue — the recipient may no longer complete it — while the new version's copy is (Art. 15.3–15.4, QĐ 28 10.2.o)"
    )
    func disposedCopiesAreNotOverdue() {
        var journal = JournalBuilder()
        let sender = "000.00.00.G22"
        let due = "05/08/2026"
        // Revoked on 4 August, due on the 5th: neither copy can be completed any more.
        journal.send(from: sender, to: ["000.00.00.H29", "000.00.00.H01"], at: "2026-08-03T09:00:00+07:00", due: due)
        journal.append(
            .with {
                $0.documentRevoked = .with {
                    $0.revokingDocumentID = "\(sender),2026/9"
                    $0.recipientOrganisationIds = ["000.00.00.H29", "000.00.00.H01"]
                }
            }, documentID: "\(sender),2026/1", at: JournalBuilder.time("2026-08-04T10:00:00+07:00"))
        // Updated under its own id on the 4th: version 2 goes to H29 alone (its copy of version 1 superseded, G12's
        // removed); version 2 is due on the 5th too, and H29 does not complete it.
        journal.send(from: sender, to: ["000.00.00.H29", "000.00.00.G12"], at: "2026-08-03T09:30:00+07:00", due: due)
        let updated = "\(sender),2026/2"
        let updateTime = JournalBuilder.time("2026-08-04T11:00:00+07:00")
        journal.append(
            .with {
                $0.documentSent = .with {
                    $0.senderOrganisationID = sender
                    $0.documentTypeName = "Công văn"
                    $0.sendTime = .init(date: updateTime)
                    $0.businessType = .update
                    $0.version = 2
                    $0.dueDate = due
                    $0.timeliness = .with { $0.onTime = true }
                    $0.deliveries = [
                        .with {
                            $0.recipientOrganisationID = "000.00.00.H29"
                            $0.deliveryID = "v2-0"
                        }
                    ]
                }
            }, documentID: updated, at: updateTime)
        journal.append(
            .with {
                $0.documentSuperseded = .with {
                    $0.newDocumentID = updated
                    $0.businessType = .update
                    $0.supersededRecipientOrganisationIds = ["000.00.00.H29"]
                    $0.removedRecipientOrganisationIds = ["000.00.00.G12"]
                    $0.previousVersion = 1
                    $0.newVersion = 2
                }
            }, documentID: updated, at: updateTime)
        // The journal's clock passes the due day.
        journal.acknowledge("v2-0", at: JournalBuilder.time("2026-08-07T09:00:00+07:00"))

        let rollups = RollupReplay.replay(journal.entries)
        #expect(rollups.total(of: "000.00.00.H01")[.overdue] == 0, "revoked")
        #expect(rollups.total(of: "000.00.00.G12")[.overdue] == 0, "removed by the update")
        #expect(rollups.total(of: "000.00.00.H29")[.overdue] == 1, "only version 2's copy, still open")
        #expect(rollups.deliveries["v2-0"]?.overdue == true)
        #expect(rollups.deliveries["d2-0"]?.disposed == true && rollups.deliveries["d2-0"]?.overdue == false)
        #expect(rollups.byMemberAndDay == BruteForceRecount.count(journal.entries))
    }

    @Test("a status for a delivery Report never saw counts nothing")
    func unknownDeliveryCountsNothing() {
        var journal = JournalBuilder()
        journal.status(.completed, delivery: "not-seen", at: "2026-08-03T10:00:00+07:00")
        #expect(RollupReplay.replay(journal.entries).byKey.isEmpty)
    }

    @Test("rejection reasons group by trimmed, case- and accent-folded text")
    func rejectionReasonsGroup() {
        #expect(RejectionReasonKey.normalise("  Sai thẩm quyền ") == RejectionReasonKey.normalise("sai tham  quyen"))
        #expect(RejectionReasonKey.normalise("Đã nhận") == RejectionReasonKey.normalise("da nhan"))
        #expect(RejectionReasonKey.normalise("Sai thẩm quyền") != RejectionReasonKey.normalise("Thiếu chữ ký"))
    }

    @Test("a reason of 2,000 CJK characters keys within a btree entry, still grouped exactly")
    func longRejectionReasonKey() {
        let long = String(repeating: "不属于本机关职权范围", count: 200)
        let key = RejectionReasonKey.normalise(long)
        #expect(key.utf8.count <= RejectionReasonKey.maximumBytes, "\(key.utf8.count) bytes")
        #expect(RejectionReasonKey.normalise("  " + long + " ") == key, "alike reasons share the key")
        #expect(RejectionReasonKey.normalise(long + "了") != key, "reasons that differ after the cut do not")
        #expect(RejectionReasonKey.normalise("Sai thẩm quyền") == "sai tham quyen", "a short key is the text")
    }
}
