import Foundation
import SwiftProtobuf
import Testing
import VDXPProto

@testable import VDXPSearch

/// Search's pure rules, without a platform: how a journal entry changes the index, how matches are marked, and how
/// a search request is checked.
@Suite("Search: projection, highlighting and request rules")
struct SearchRulesTests {
    static func entry(
        sequence: Int64, documentID: String = "000.00.00.G22,2026,7816/VPCP-TTĐT",
        _ event: Vdxp_Exchange_V1_JournalEvent.OneOf_Event
    ) throws -> Vdxp_Exchange_V1_JournalEntry {
        let payload = Vdxp_Exchange_V1_JournalEvent.with { $0.event = event }
        return .with {
            $0.sequence = sequence
            $0.documentID = documentID
            $0.eventType = "test"
            $0.recordTime = Google_Protobuf_Timestamp(date: Date(timeIntervalSince1970: 1_800_000_000))
            $0.payload = try! payload.serializedData()
            $0.hash = Data(repeating: 7, count: 32)
        }
    }

    @Test("a sent document is indexed with its number and notation from its id and every recipient queued")
    func documentSent() throws {
        let projection = try JournalProjection(
            entry: Self.entry(
                sequence: 5,
                .documentSent(
                    .with {
                        $0.senderOrganisationID = "000.00.00.G22"
                        $0.subject = "Quyết định phê duyệt"
                        $0.documentTypeName = "Quyết định"
                        $0.priority = 3
                        $0.version = 1
                        $0.legalValue = .legallyValid
                        $0.deliveries = [
                            .with { $0.recipientOrganisationID = "000.00.00.H26" },
                            .with { $0.recipientOrganisationID = "000.01.31.G12" },
                        ]
                    })))
        guard case .document(let fields, let recipients) = try #require(projection.changes.first) else {
            Issue.record("no document change")
            return
        }
        #expect(fields.numberAndNotation == "7816/VPCP-TTĐT")
        #expect(fields.issueYear == 2026)
        #expect(fields.senderLevel1 == "G22")
        #expect(fields.priority == 3)
        #expect(recipients == ["000.00.00.H26", "000.01.31.G12"])
        #expect(JournalProjection.level1(of: "000.01.31.G12") == "G12")
        #expect(projection.event.actorID == "000.00.00.G22")
        #expect(projection.event.sequence == 5)
        #expect(projection.event.description.contains("2 nơi nhận"))
    }

    @Test(
        "a sent document's QĐ 28 Art. 10.2 metadata reaches the index, legacy dates as yyyy-MM-dd; an entry without it leaves it empty"
    )
    func articleTenTwoFields() throws {
        let sent = Vdxp_Exchange_V1_DocumentSent.with {
            $0.senderOrganisationID = "000.00.00.G22"
            $0.senderOrganisationName = "Văn phòng Chính phủ"
            $0.documentTypeCode = 1
            $0.documentTypeName = "Quyết định"
            $0.signer = .with {
                $0.competence = "KT. Bộ trưởng"
                $0.position = "Thứ trưởng"
                $0.fullName = "Nguyễn Thị Hoà"
            }
            $0.promulgation = .with {
                $0.place = "Hà Nội"
                $0.date = "20/02/2026"
            }
            $0.dueDate = "2026/03/15"
            $0.responseFor = ["000.00.00.H29,2026,12/UBND-VP"]
        }
        let projection = try JournalProjection(entry: Self.entry(sequence: 1, .documentSent(sent)))
        guard case .document(let fields, _)? = projection.changes.first else {
            Issue.record("no document change")
            return
        }
        #expect(fields.typeCode == 1)
        #expect(fields.senderName == "Văn phòng Chính phủ")
        #expect(
            [fields.signerCompetence, fields.signerPosition, fields.signerName] == [
                "KT. Bộ trưởng", "Thứ trưởng", "Nguyễn Thị Hoà",
            ])
        #expect(fields.promulgationPlace == "Hà Nội")
        #expect(fields.promulgationDate == "2026-02-20")
        #expect(fields.dueDate == "2026-03-15")
        #expect(fields.responseFor == ["000.00.00.H29,2026,12/UBND-VP"])

        let old = try JournalProjection(
            entry: Self.entry(sequence: 2, .documentSent(.with { $0.senderOrganisationID = "000.00.00.G22" })))
        guard case .document(let bare, _)? = old.changes.first else {
            Issue.record("no document change")
            return
        }
        #expect(bare.typeCode == 0 && bare.signerName.isEmpty && bare.promulgationDate == nil && bare.dueDate == nil)
    }

    @Test("acknowledgement, status, failure and retract each change only the recipient they name")
    func recipientChanges() throws {
        func change(_ event: Vdxp_Exchange_V1_JournalEvent.OneOf_Event) throws
            -> (Vdxp_Exchange_V1_DeliveryState?, Vdxp_Exchange_V1_DocumentStatus?, String)
        {
            let projection = try JournalProjection(entry: Self.entry(sequence: 1, event))
            guard case .recipient(_, let recipient, let state, let status, _) = try #require(projection.changes.first)
            else { throw CancellationError() }
            return (state, status, recipient)
        }
        let h26 = "000.00.00.H26"
        #expect(
            try change(.deliveryAcknowledged(.with { $0.recipientOrganisationID = h26 })) == (
                .acknowledged, .arrived, h26
            ))
        #expect(
            try change(
                .statusChanged(
                    .with {
                        $0.recipientOrganisationID = h26
                        $0.change.status = .processing
                    })) == (nil, .processing, h26))
        #expect(try change(.deliveryFailed(.with { $0.recipientOrganisationID = h26 })) == (.failed, nil, h26))
        #expect(try change(.deliveryRetried(.with { $0.recipientOrganisationID = h26 })) == (.queued, nil, h26))
        #expect(
            try change(.documentRetracted(.with { $0.recipientOrganisationID = h26 })) == (
                .withdrawn, .retractAccepted, h26
            ))
        #expect(
            try change(
                .retractAnswered(
                    .with {
                        $0.recipientOrganisationID = h26
                        $0.accepted = false
                    })) == (nil, .retractRefused, h26))
    }

    @Test("matches are marked accent-insensitively, neighbouring words together, typos only when nothing matches")
    func highlighting() {
        #expect(
            Highlighter.highlight("Quyết định phê duyệt Đề án", query: "quyet dinh") == "«Quyết định» phê duyệt Đề án")
        #expect(Highlighter.highlight("Quyết định phê duyệt Đề án", query: "de an") == "Quyết định phê duyệt «Đề án»")
        #expect(Highlighter.highlight("Quyết định phê duyệt", query: "quyet dihn") == "«Quyết định» phê duyệt")
        #expect(Highlighter.highlight("7816/VPCP-TTĐT", query: "7816") == "«7816»/VPCP-TTĐT")
        #expect(Highlighter.highlight("Về việc hội nghị", query: "") == "Về việc hội nghị")
        #expect(Highlighter.highlight("Về việc hội nghị", query: "ngân sách") == "Về việc hội nghị")
        // Folding as the index folds: lower case, no accents, đ and Đ as d, ASCII only lower-cased.
        #expect(
            Highlighter.fold("ĐỒNG Ý Đường Ứng dụng đ QĐ-TTg ABC 2027") == "dong y duong ung dung d qd-ttg abc 2027")
        #expect(Highlighter.fold("VPCP-TTDT") == "vpcp-ttdt")
    }

    @Test("a search request is refused naming the field it breaks")
    func requestRules() throws {
        func field(_ request: Vdxp_Search_V1_SearchDocumentsRequest) -> String? {
            do {
                _ = try SearchRequestValidator.query(request, viewer: nil)
                return nil
            } catch {
                if case .invalidField(let field, _) = error { return field }
                return "?"
            }
        }
        #expect(field(.with { $0.text = "  quyết định  " }) == nil)
        #expect(field(.with { $0.text = String(repeating: "ạ", count: 201) }) == "text")
        #expect(field(.with { $0.filter.priorities = [0, 5] }) == "filter.priorities[1]")
        #expect(field(.with { $0.filter.documentTypes = [2] }) == nil)
        #expect(field(.with { $0.filter.documentTypes = [2, 5] }) == "filter.document_types[1]")
        #expect(field(.with { $0.filter.dueFrom = "31/02/2026" }) == "filter.due_from")
        #expect(field(.with { $0.filter.promulgatedTo = "2026-9-3" }) == "filter.promulgated_to")
        #expect(
            try SearchRequestValidator.query(.with { $0.filter.dueTo = "03/09/2026" }, viewer: nil).dueTo
                == "2026-09-03")
        #expect(field(.with { $0.filter.level1UnitIds = ["G12"] }) == "filter.level1_unit_ids[0]")
        #expect(field(.with { $0.filter.statuses = [.registered, .unspecified] }) == "filter.statuses[1]")
        let query = try SearchRequestValidator.query(
            .with {
                $0.text = " quyết định "
                $0.filter.level1UnitIds = ["000.00.00.G12", "000.01.31.H26"]
            }, viewer: "000.00.00.H26")
        #expect(query.text == "quyết định")
        #expect(query.level1Units == ["G12", "H26"])
        #expect(query.viewer == "000.00.00.H26")
        #expect(throws: SearchError.self) { try SearchRequestValidator.facets(["sender", "colour"]) }
        #expect(try SearchRequestValidator.facets(["sender", "sender", "send_month"]) == [.sender, .sendMonth])
    }
}
