import Testing
import VDXPCore
import VDXPProto

/// The dates and times of a header (QĐ 28 Art. 14.4): ISO 8601, or the legacy edXML forms read as Vietnam time.
extension DocumentHeaderValidatorTests {
    // MARK: - Promulgation and due dates

    @Test(
        "the promulgation date may be today or earlier",
        arguments: [("2026-03-15", 2026), ("2026-03-14", 2026), ("1990-01-01", 1990)]
    )
    func promulgationDatePast(date: String, year: Int) {
        #expect(Fixtures.violations { Self.promulgate(&$0, on: date, idYear: year) }.isEmpty)
    }

    @Test(
        "the promulgation date may be written in the legacy edXML forms yyyy/MM/dd and dd/MM/yyyy",
        arguments: [("2026/03/15", 2026), ("15/03/2026", 2026), ("14/03/2026", 2026), ("1990/01/01", 1990)]
    )
    func promulgationDateLegacy(date: String, year: Int) {
        #expect(Fixtures.violations { Self.promulgate(&$0, on: date, idYear: year) }.isEmpty)
    }

    // MARK: - The year of issue in the document id (Art. 12.2.b)

    @Test(
        "the document id's year must be the year of promulgation, in any of the date's forms",
        arguments: ["2025-12-31", "2025/12/31", "31/12/2025"]
    )
    func yearOfIssueMismatch(date: String) {
        let violations = Fixtures.violations { $0.promulgation.date = date }
        #expect(violations.map(\.field) == ["document_id"])
        #expect(
            violations.first?.rule
                == "its year 2026 must be the year of issue, the year of promulgation.date 2025-12-31 "
                + "(Art. 12.2.b): write 000.00.00.G22,2025,7816/VPCP-TTĐT, or correct the promulgation date"
        )
    }

    @Test("a document promulgated last year whose id carries last year is accepted")
    func yearOfIssueLastYear() {
        #expect(Fixtures.violations { Self.promulgate(&$0, on: "2025-12-31", idYear: 2025) }.isEmpty)
    }

    @Test("an UPDATE that keeps its document's id keeps the id's year, whatever its promulgation date")
    func yearOfIssueKeptByUpdate() {
        let kept = Fixtures.violations {
            Self.promulgate(&$0, on: "2026-03-15", idYear: 2025)
            $0.businessType = .update
            $0.relatedDocumentID = $0.documentID
            $0.businessReason = "Bổ sung phụ lục"
        }
        #expect(kept.isEmpty)

        let renumbered = Fixtures.violations {
            Self.promulgate(&$0, on: "2026-03-15", idYear: 2025)
            $0.businessType = .update
            $0.relatedDocumentID = "000.00.00.G22,2025,7000/VPCP-TTĐT"
            $0.businessReason = "Sửa đổi nội dung"
        }
        #expect(renumbered.map(\.field) == ["document_id"], "an UPDATE under a new id is a new act of its year")
    }

    @Test("a document id or a date that is itself invalid is reported once, without a year mismatch on top")
    func yearOfIssueOnlyForValidParts() {
        let badDate = Fixtures.violations { $0.promulgation.date = "2025-02-30" }
        #expect(badDate.map(\.field) == ["promulgation.date"])
        let badID = Fixtures.violations {
            $0.documentID = "000.00.00.G22,1900,7816/VPCP-TTĐT"
            $0.promulgation.date = "2025-01-01"
        }
        #expect(badID.map(\.field) == ["document_id"])
        #expect(badID.first?.rule.contains("year of issue") == false)
    }

    /// Sets the promulgation date to `date` and the year group of the document id to `idYear`.
    private static func promulgate(_ header: inout Vdxp_Exchange_V1_DocumentHeader, on date: String, idYear: Int) {
        header.promulgation.date = date
        header.documentID = "000.00.00.G22,\(idYear),7816/VPCP-TTĐT"
    }

    @Test("a promulgation date in a legacy form after today in Vietnam time is refused, shown in ISO 8601")
    func promulgationDateLegacyFuture() {
        let violations = Fixtures.violations { $0.promulgation.date = "16/03/2026" }
        #expect(violations.map(\.field) == ["promulgation.date"])
        #expect(violations.first?.rule == "must not be after today, 2026-03-15 in Vietnam time; got 2026-03-16")
    }

    @Test("a promulgation date after today in Vietnam time is refused")
    func promulgationDateFuture() {
        let violations = Fixtures.violations { $0.promulgation.date = "2026-03-16" }
        #expect(violations.map(\.field) == ["promulgation.date"])
        #expect(violations.first?.rule == "must not be after today, 2026-03-15 in Vietnam time; got 2026-03-16")
    }

    @Test(
        "a promulgation date must be a real day written yyyy-MM-dd, yyyy/MM/dd or dd/MM/yyyy",
        arguments: [
            "", "15-03-2026", "2026-3-15", "15/3/2026", "2026-02-29", "29/02/2026", "2026-03-15T08:00:00+07:00",
            "15/03/2026 08:00:00", "hôm nay",
        ]
    )
    func promulgationDateForm(date: String) {
        let violations = Fixtures.violations { $0.promulgation.date = date }
        #expect(violations.map(\.field) == ["promulgation.date"])
    }

    @Test("a promulgation date in no accepted form is refused with a message listing the three forms")
    func promulgationDateMessage() {
        let violations = Fixtures.violations { $0.promulgation.date = "15.03.2026" }
        #expect(
            violations.first?.rule
                == "must be a calendar date written yyyy-MM-dd (e.g. 2026-03-15), or in a legacy edXML form "
                + "yyyy/MM/dd (2026/03/15) or dd/MM/yyyy (15/03/2026); got \"15.03.2026\""
        )
    }

    @Test(
        "the due date may be empty or a date written yyyy-MM-dd, yyyy/MM/dd or dd/MM/yyyy",
        arguments: ["", "2026-04-30", "2025-01-01", "2026/04/30", "30/04/2026"]
    )
    func dueDateValid(date: String) {
        #expect(Fixtures.violations { $0.dueDate = date }.isEmpty)
    }

    @Test(
        "a due date in any other form is refused",
        arguments: ["30-04-2026", "2026-04-31", "31/04/2026", "2026/4/30", "2026-04", " ", "30/04/2026 "]
    )
    func dueDateInvalid(date: String) {
        let violations = Fixtures.violations { $0.dueDate = date }
        #expect(violations.map(\.field) == ["due_date"])
        #expect(violations.first?.rule.contains("yyyy-MM-dd") == true)
        #expect(violations.first?.rule.contains("yyyy/MM/dd") == true)
        #expect(violations.first?.rule.contains("dd/MM/yyyy") == true)
        #expect(violations.first?.rule.hasSuffix(", or empty when there is none") == true)
    }

    // MARK: - Signing time (Art. 13.1)

    @Test(
        "the signing time may be written in ISO 8601 with an offset or in a legacy edXML form read as Vietnam time",
        arguments: [
            "2026-03-15T09:00:00+07:00", "2026-03-15T02:00:00Z", "2026-03-15T02:00:00.123456789Z",
            "2026-03-14T21:00:00-05:00", "2026/03/15 09:00:00", "15/03/2026 09:00:00", "2025-12-31T23:59:59+07:00",
        ]
    )
    func signingTimeForms(text: String) {
        #expect(Fixtures.violations { $0.signingTime = text }.isEmpty)
    }

    @Test("the signing time is required")
    func signingTimeRequired() {
        for text in ["", " "] {
            let violations = Fixtures.violations { $0.signingTime = text }
            #expect(violations.map(\.field) == ["signing_time"])
            #expect(violations.first?.rule.hasPrefix("is required: when the competent person signed") == true)
        }
    }

    @Test(
        "a signing time in no accepted form is refused, naming the forms",
        arguments: [
            "2026-03-15T09:00:00", "2026-03-15 09:00:00", "2026/03/15 24:00:00", "31/02/2026 09:00:00",
            "2026-03-15T09:00:00+0700", "2026/03/15", "09:00 15/03/2026",
        ]
    )
    func signingTimeForm(text: String) {
        let violations = Fixtures.violations { $0.signingTime = text }
        #expect(violations.map(\.field) == ["signing_time"])
        #expect(violations.first?.rule.hasPrefix("must be a time written in ISO 8601 with its UTC offset") == true)
        #expect(violations.first?.rule.contains("yyyy/MM/dd HH:mm:ss or dd/MM/yyyy HH:mm:ss") == true)
    }

    @Test("a signing time up to 5 minutes after the platform received the document is accepted (clock skew)")
    func signingTimeSkew() {
        #expect(Fixtures.violations { $0.signingTime = "2026-03-15T10:05:00+07:00" }.isEmpty)
        #expect(Fixtures.violations { $0.signingTime = "2026-03-15T03:05:00Z" }.isEmpty)
        #expect(DocumentHeaderValidator.signingTimeTolerance == 300)
    }

    @Test("a signing time more than 5 minutes after the platform received the document is refused")
    func signingTimeFuture() {
        let violations = Fixtures.violations { $0.signingTime = "2026/03/15 10:05:01" }
        #expect(violations.map(\.field) == ["signing_time"])
        #expect(
            violations.first?.rule
                == "must not be more than 5 minutes after the platform received the document, at "
                + "2026-03-15T10:00:00+07:00; got 2026-03-15T10:05:01+07:00: check the clock of the signing system"
        )
    }
}
