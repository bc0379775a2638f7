import Foundation
import VDXPProto

extension DocumentHeaderValidator {
    /// `promulgation.date` (field 5.2): required, a real day in one of the three forms of ``EdXMLDate``, not after
    /// today in Vietnam time.
    static func checkPromulgationDate(_ text: String, today: CalendarDate, into check: inout HeaderChecker) {
        if text.isEmpty {
            check.add("promulgation.date", "is required: the promulgation date, written yyyy-MM-dd")
        } else if let date = EdXMLDate.calendarDate(text) {
            if date > today {
                check.add("promulgation.date", "must not be after today, \(today) in Vietnam time; got \(date)")
            }
        } else {
            check.add("promulgation.date", Self.badDate(text))
        }
    }

    /// The year group of `document_id` (Art. 12.2.b, *năm ban hành văn bản*): the year of `promulgation.date`, once
    /// both are valid. An UPDATE that keeps its document's id (`document_id` equal to `related_document_id`) is
    /// exempt: it corrects the document the id names, whose year of issue does not change when it is corrected in a
    /// later year.
    static func checkYearOfIssue(_ header: Vdxp_Exchange_V1_DocumentHeader, into check: inout HeaderChecker) {
        guard check.isValid("document_id"), check.isValid("promulgation.date"),
            let documentID = try? DocumentID(validating: header.documentID),
            let promulgated = EdXMLDate.calendarDate(header.promulgation.date)
        else { return }
        let keepsItsID = header.businessType == .update && header.relatedDocumentID == header.documentID
        if documentID.year != promulgated.year, !keepsItsID {
            check.add(
                "document_id",
                "its year \(documentID.year) must be the year of issue, the year of promulgation.date "
                    + "\(promulgated) (Art. 12.2.b): write \(documentID.organisationID),\(promulgated.year),"
                    + "\(documentID.numberAndNotation), or correct the promulgation date"
            )
        }
    }

    /// `due_date` (field 10): empty, or a real day in one of the three forms of ``EdXMLDate``.
    static func checkDueDate(_ text: String, into check: inout HeaderChecker) {
        if !text.isEmpty, EdXMLDate.calendarDate(text) == nil {
            check.add("due_date", Self.badDate(text) + ", or empty when there is none")
        }
    }

    /// `signing_time` (field 20): required, an instant ``EdXMLDate`` reads, not more than ``signingTimeTolerance``
    /// after `now`.
    static func checkSigningTime(_ text: String, now: Date, into check: inout HeaderChecker) {
        if text.isBlank {
            check.add(
                "signing_time",
                "is required: when the competent person signed the document, e.g. 2026-09-03T17:00:00+07:00"
            )
        } else if let signed = EdXMLDate.instant(text) {
            if signed.timeIntervalSince(now) > Self.signingTimeTolerance {
                check.add(
                    "signing_time",
                    "must not be more than \(Int(Self.signingTimeTolerance / 60)) minutes after the platform "
                        + "received the document, at "
                        + "\(EdXMLDate.iso8601VietnamTime(now)); got \(EdXMLDate.iso8601VietnamTime(signed)): "
                        + "check the clock of the signing system"
                )
            }
        } else {
            check.add(
                "signing_time",
                "must be a time written in ISO 8601 with its UTC offset, e.g. 2026-09-03T17:00:00+07:00 or "
                    + "2026-09-03T10:00:00Z, or in a legacy edXML form yyyy/MM/dd HH:mm:ss or dd/MM/yyyy HH:mm:ss "
                    + "(read as Vietnam time); got \(text.quotedForMessage())"
            )
        }
    }

    /// The rule a date in none of the accepted forms breaks, naming the three forms.
    private static func badDate(_ text: String) -> String {
        "must be a calendar date written yyyy-MM-dd (e.g. 2026-03-15), or in a legacy edXML form yyyy/MM/dd "
            + "(2026/03/15) or dd/MM/yyyy (15/03/2026); got \(text.quotedForMessage())"
    }
}
