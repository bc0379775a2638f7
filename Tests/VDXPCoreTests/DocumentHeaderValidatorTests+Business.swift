import Testing
import VDXPCore
import VDXPProto

/// The fields that say what a document does to an earlier one (Art. 15.3–15.4).
extension DocumentHeaderValidatorTests {
    /// An earlier document the Government Office sent.
    static let earlierDocument = "000.00.00.G22,2026,7000/VPCP-TTĐT"

    /// The fixture header turned into a document that does `type` to ``earlierDocument``, for `reason`.
    static func violations(
        _ type: Vdxp_Exchange_V1_BusinessType,
        related: String = Self.earlierDocument,
        reason: String = "Sửa lỗi trích yếu"
    ) -> [FieldViolation] {
        Fixtures.violations {
            $0.businessType = type
            $0.relatedDocumentID = related
            $0.businessReason = reason
        }
    }

    // MARK: - Business type (Art. 15.3–15.4)

    @Test(
        "a document may revoke, update or replace a document its sender sent earlier, giving a reason",
        arguments: [Vdxp_Exchange_V1_BusinessType.revoke, .update, .replace]
    )
    func revokeUpdateReplace(type: Vdxp_Exchange_V1_BusinessType) {
        #expect(Self.violations(type).isEmpty)
        #expect(Self.violations(type, reason: Fixtures.text(2000)).isEmpty)
        #expect(Self.violations(type, related: "000.00.00.G22,2025,20/2025/QĐ-TTg").isEmpty)
    }

    @Test("business_type must be one of the edXML codes 0 NEW, 1 REVOKE, 2 UPDATE, 3 REPLACE")
    func unknownBusinessType() {
        let violations = Self.violations(.UNRECOGNIZED(4))
        #expect(violations.map(\.field) == ["business_type"])
        #expect(
            violations.first?.rule
                == "must be 0 NEW, 1 REVOKE (Art. 15.3), 2 UPDATE or 3 REPLACE (Art. 15.4), the edXML codes of "
                + "BussinessDocType; got 4"
        )
    }

    @Test(
        "a revoking, updating or replacing document must name the document it acts on",
        arguments: [Vdxp_Exchange_V1_BusinessType.revoke, .update, .replace]
    )
    func relatedDocumentRequired(type: Vdxp_Exchange_V1_BusinessType) {
        for related in ["", "  "] {
            let violations = Self.violations(type, related: related)
            #expect(violations.map(\.field) == ["related_document_id"])
            #expect(violations.first?.rule.hasPrefix("is required when business_type is \(type.rawValue) ") == true)
        }
    }

    @Test("a new document must not name a related document or give a business reason")
    func newDocumentRelatesToNothing() {
        let violations = Self.violations(.new)
        #expect(violations.map(\.field) == ["related_document_id", "business_reason"])
        #expect(
            violations.first?.rule.hasPrefix(
                "must be empty for a new document (business_type 0 NEW): to revoke, update or replace a document you "
                    + "sent earlier, set business_type to 1 REVOKE, 2 UPDATE or 3 REPLACE"
            ) == true
        )
        #expect(Self.violations(.new, related: "", reason: " ").map(\.field) == ["business_reason"])
    }

    @Test("the related document must be a valid document id")
    func relatedDocumentForm() {
        let violations = Self.violations(.update, related: "000.00.00.G22-2026-7000/VPCP-TTĐT")
        #expect(violations.map(\.field) == ["related_document_id"])
        #expect(violations.first?.rule.contains("is not a valid document id") == true)
    }

    @Test("the related document may have at most 100 characters")
    func relatedDocumentLength() {
        let related = "000.00.00.G22,2026,7000/" + String(repeating: "A", count: 77)
        let violations = Self.violations(.replace, related: related)
        #expect(violations.map(\.field) == ["related_document_id"])
        #expect(violations.first?.rule == "has 101 characters; at most 100 are allowed")
    }

    @Test("a document cannot revoke or replace itself")
    func relatedDocumentIsNotItself() {
        let violations = Self.violations(.revoke, related: Fixtures.header().documentID)
        #expect(violations.map(\.field) == ["related_document_id"])
        #expect(
            violations.first?.rule.hasPrefix("must differ from document_id: a document cannot revoke itself") == true
        )
        #expect(
            Self.violations(.replace, related: Fixtures.header().documentID).map(\.field) == ["related_document_id"])
    }

    @Test("an update keeps its document's number and id (Art. 15.4): it may name itself as the document it updates")
    func updateKeepsTheID() {
        #expect(Self.violations(.update, related: Fixtures.header().documentID).isEmpty)
    }

    @Test("only the sender of a document may revoke, update or replace it")
    func relatedDocumentOfTheSender() {
        let violations = Self.violations(.revoke, related: "000.00.00.H26,2026,120/UBND-KGVX")
        #expect(violations.map(\.field) == ["related_document_id"])
        #expect(
            violations.first?.rule
                == "must start with your own organisation id 000.00.00.G22: only the sender of a document may revoke, "
                + "update or replace it; got a document of 000.00.00.H26"
        )
    }

    @Test(
        "a revoking, updating or replacing document must say why, in at most 2000 characters",
        arguments: [
            (Vdxp_Exchange_V1_BusinessType.revoke, "1 REVOKE"), (.update, "2 UPDATE"), (.replace, "3 REPLACE"),
        ]
    )
    func businessReason(type: Vdxp_Exchange_V1_BusinessType, label: String) {
        let missing = Self.violations(type, reason: "")
        #expect(missing.map(\.field) == ["business_reason"])
        #expect(missing.first?.rule == "is required when business_type is \(label) (1 to 2000 characters)")
        #expect(Self.violations(type, reason: " \n").map(\.field) == ["business_reason"])
        let long = Self.violations(type, reason: Fixtures.text(2001))
        #expect(long.map(\.field) == ["business_reason"])
        #expect(long.first?.rule == "has 2001 characters; at most 2000 are allowed")
    }

    // MARK: - Every new rule at once

    @Test("a header breaking every date and business rule reports each, in field order")
    func everyDateAndBusinessRule() throws {
        var header = Fixtures.header()
        header.promulgation.date = "2026-3-15"
        header.dueDate = "31/04/2026"
        header.businessType = .revoke
        header.relatedDocumentID = "000.00.00.H26,2026,120/UBND-KGVX"
        header.businessReason = Fixtures.text(2001)
        header.signingTime = "2026-03-15T09:00:00"
        let error = #expect(throws: HeaderValidationError.self) {
            try DocumentHeaderValidator().validate(header, caller: Fixtures.office, now: Fixtures.now)
        }
        #expect(
            error?.violations.map(\.field)
                == ["promulgation.date", "due_date", "related_document_id", "business_reason", "signing_time"]
        )
        #expect(error?.message.hasPrefix("5 problems: promulgation.date: must be a calendar date") == true)

        header.businessType = .replace
        header.relatedDocumentID = header.documentID
        header.businessReason = ""
        header.signingTime = "2026-03-16T09:00:00+07:00"
        let second = Fixtures.violations(header)
        #expect(
            second.map(\.field)
                == ["promulgation.date", "due_date", "related_document_id", "business_reason", "signing_time"]
        )
        #expect(second[2].rule.contains("a document cannot replace itself"))
        #expect(second[4].rule.hasPrefix("must not be more than 5 minutes after"))

        header.businessType = .UNRECOGNIZED(9)
        #expect(Fixtures.violations(header).map(\.field).contains("business_type"))
    }
}
