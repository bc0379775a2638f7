import SwiftProtobuf
import Testing
import VDXPCore
import VDXPProto

@Suite("The header as shown: dates and times normalised to ISO 8601 in Vietnam time (QĐ 28 Art. 14.4)")
struct DocumentHeaderNormaliserTests {
    /// The fixture header with its dates and signing time written as given.
    static func header(promulgated: String, due: String, signed: String) -> Vdxp_Exchange_V1_DocumentHeader {
        var header = Fixtures.header()
        header.promulgation.date = promulgated
        header.dueDate = due
        header.signingTime = signed
        return header
    }

    @Test(
        "each legacy edXML form is rewritten in ISO 8601",
        arguments: [
            ("03/09/2026", "2026/09/30", "2026/09/03 17:00:00"),
            ("2026/09/03", "30/09/2026", "03/09/2026 17:00:00"),
            ("2026-09-03", "2026-09-30", "2026-09-03T10:00:00Z"),
            ("2026-09-03", "2026-09-30", "2026-09-03T12:00:00.75+02:00"),
        ]
    )
    func legacyForms(promulgated: String, due: String, signed: String) {
        let shown = DocumentHeaderNormaliser.normalised(Self.header(promulgated: promulgated, due: due, signed: signed))
        #expect(shown.promulgation.date == "2026-09-03")
        #expect(shown.dueDate == "2026-09-30")
        #expect(shown.signingTime == "2026-09-03T17:00:00+07:00")
    }

    @Test("a header already in ISO 8601 in Vietnam time is unchanged")
    func alreadyNormal() {
        let header = Fixtures.header()
        #expect(DocumentHeaderNormaliser.normalised(header) == header)
    }

    @Test("values that do not parse are left as they are, and every other field is copied")
    func unreadableValuesKept() {
        var header = Self.header(promulgated: "31/02/2026", due: "", signed: "2026-09-03T17:00:00")
        header.businessType = .update
        header.relatedDocumentID = "000.00.00.G22,2026,7000/VPCP-TTĐT"
        header.businessReason = "Bổ sung phụ lục"
        #expect(DocumentHeaderNormaliser.normalised(header) == header)

        var noPromulgation = Fixtures.header()
        noPromulgation.clearPromulgation()
        #expect(!DocumentHeaderNormaliser.normalised(noPromulgation).hasPromulgation)
    }
}
