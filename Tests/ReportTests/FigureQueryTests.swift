import Foundation
import SwiftProtobuf
import Testing
import VDXPProto
import VDXPRuntime

@testable import VDXPReport

/// Who sees which figures, and the periods a request may name (Vietnam time, at most 5 years).
@Suite("Report's requests")
struct FigureQueryTests {
    static let july = Google_Protobuf_Timestamp(date: JournalBuilder.time("2026-07-01T00:00:00+07:00"))
    static let october = Google_Protobuf_Timestamp(date: JournalBuilder.time("2026-10-01T00:00:00+07:00"))

    func query(
        _ scope: Vdxp_Report_V1_Scope = .init(), start: Google_Protobuf_Timestamp? = FigureQueryTests.july,
        end: Google_Protobuf_Timestamp? = FigureQueryTests.october, filter: Vdxp_Report_V1_DocumentFilter = .init(),
        caller: CallerIdentity? = .operator(name: "admin")
    ) throws(ReportError) -> FigureQuery {
        try FigureQuery(scope: scope, start: start, end: end, filter: filter, caller: caller)
    }

    /// The field a refusal names.
    func field(_ body: () throws -> FigureQuery) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as ReportError {
            if case .invalidField(let field, _) = error { return field }
            return "not a field violation: \(error)"
        } catch {
            return "not a ReportError: \(error)"
        }
    }

    @Test(
        "a month-aligned period reads the monthly rollups: per member without a document filter, per member and document dimensions with one or by a document dimension; any other period the daily ones"
    )
    func rollupChosen() throws {
        #expect(try FigureStore.source(query()).table == "report.monthly_figures")
        let priorities = try query(filter: .with { $0.priorities = [1, 2] })
        #expect(try FigureStore.source(priorities).table == "report.monthly_dimension_figures")
        #expect(try FigureStore.source(priorities).conditions.sql.contains("priority = ANY($3)"))
        #expect(try FigureStore.source(query(), byDocumentDimension: true).table == "report.monthly_dimension_figures")
        let midMonth = Google_Protobuf_Timestamp(date: JournalBuilder.time("2026-07-15T00:00:00+07:00"))
        #expect(
            try FigureStore.source(query(start: midMonth, filter: .with { $0.priorities = [1] })).table
                == "report.daily_figures")
    }

    @Test("a member with an empty scope gets its own figures")
    func memberEmptyScopeIsItself() throws {
        let query = try query(caller: .member(organisationID: "000.00.00.G22"))
        #expect(query.organisationID == "000.00.00.G22")
        #expect(query.level1Unit == nil)
    }

    @Test("a member asking for another member's or a province's figures is refused")
    func memberIsolation() {
        #expect(throws: ReportError.self) {
            try query(.with { $0.organisationID = "000.00.00.H29" }, caller: .member(organisationID: "000.00.00.G22"))
        }
        #expect(throws: ReportError.self) {
            try query(.with { $0.level1UnitID = "H29" }, caller: .member(organisationID: "000.00.00.G22"))
        }
    }

    @Test("the operator reads a province by its QĐ 20 id or its code")
    func level1UnitByIdOrCode() throws {
        #expect(try query(.with { $0.level1UnitID = "000.00.00.H29" }).level1Unit == "H29")
        #expect(try query(.with { $0.level1UnitID = "H29" }).level1Unit == "H29")
        #expect(field { try query(.with { $0.level1UnitID = "h29 " }) } == "scope.level1_unit_id")
    }

    @Test("a period must run from 00:00 +07 to a later 00:00 +07, at most 5 years on")
    func periodRules() {
        #expect(field { try query(start: nil) } == "start_time")
        #expect(field { try query(end: nil) } == "end_time")
        let utcMidnight = Google_Protobuf_Timestamp(date: JournalBuilder.time("2026-07-01T00:00:00Z"))
        #expect(field { try query(start: utcMidnight) } == "start_time")
        #expect(field { try query(start: Self.october, end: Self.july) } == "end_time")
        let far = Google_Protobuf_Timestamp(date: JournalBuilder.time("2032-07-01T00:00:00+07:00"))
        #expect(field { try query(end: far) } == "end_time")
    }

    @Test("each bad filter value is refused by its field path")
    func filterRules() {
        #expect(field { try query(filter: .with { $0.priorities = [0, 5] }) } == "filter.priorities[1]")
        #expect(field { try query(filter: .with { $0.documentTypeNames = [""] }) } == "filter.document_type_names[0]")
        #expect(field { try query(filter: .with { $0.legalValues = [.unspecified] }) } == "filter.legal_values[0]")
        #expect(field { try query(.with { $0.organisationID = "not an id" }) } == "scope.organisation_id")
    }

    @Test("a quarter is 1 July 00:00 +07 to 1 October 00:00 +07 (17:00 UTC the day before)")
    func quarterBoundaries() throws {
        let query = try query()
        #expect(query.from == VietnamDay(year: 2026, month: 7, day: 1))
        #expect(query.to == VietnamDay(year: 2026, month: 10, day: 1))
        #expect(query.to.start == JournalBuilder.time("2026-09-30T17:00:00Z"))
        #expect(
            VietnamDay(containing: JournalBuilder.time("2026-09-30T16:59:59Z"))
                == VietnamDay(year: 2026, month: 9, day: 30))
    }

    @Test("weeks begin on Monday, quarters on the first of January, April, July and October")
    func periodSteps() {
        let weeks = PeriodStepper(granularity: .week)
        #expect(weeks.begins(on: VietnamDay(year: 2026, month: 6, day: 29)))  // a Monday
        #expect(!weeks.begins(on: VietnamDay(year: 2026, month: 7, day: 1)))
        let quarters = PeriodStepper(granularity: .quarter)
        #expect(
            quarters.starts(
                from: VietnamDay(year: 2026, month: 1, day: 1), to: VietnamDay(year: 2027, month: 1, day: 1))
                == [1, 4, 7, 10].map { VietnamDay(year: 2026, month: $0, day: 1) })
        #expect(!quarters.begins(on: VietnamDay(year: 2026, month: 8, day: 1)))
    }
}
