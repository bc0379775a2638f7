public import VDXPProto

/// Rewrites the dates and times of a document header in ISO 8601, as `Document.header` shows them: the legacy edXML
/// forms (`yyyy/MM/dd`, `dd/MM/yyyy`, `yyyy/MM/dd HH:mm:ss`, `dd/MM/yyyy HH:mm:ss`) become `yyyy-MM-dd` and
/// `yyyy-MM-ddTHH:mm:ss+07:00` (QĐ 28 Art. 14.4; "Dates and times" in `document.proto`).
///
/// Only the copy shown to people and systems changes: the signed bytes are never touched.
///
/// ```swift
/// // header.promulgation.date == "03/09/2026", header.signingTime == "2026/09/03 17:00:00"
/// let shown = DocumentHeaderNormaliser.normalised(header)
/// shown.promulgation.date     // "2026-09-03"
/// shown.signingTime           // "2026-09-03T17:00:00+07:00"
/// ```
public enum DocumentHeaderNormaliser {
    /// A copy of `header` with `promulgation.date` and `due_date` written `yyyy-MM-dd`, and `signing_time` written
    /// `yyyy-MM-ddTHH:mm:ss+07:00` in Vietnam time (to the whole second). A value ``EdXMLDate`` cannot read — empty,
    /// or in no accepted form — is left as it is; every other field is copied unchanged.
    ///
    /// - Parameter header: The header, as parsed from the signed bytes (and validated).
    /// - Returns: The header to show.
    public static func normalised(_ header: Vdxp_Exchange_V1_DocumentHeader) -> Vdxp_Exchange_V1_DocumentHeader {
        var header = header
        if header.hasPromulgation, let date = EdXMLDate.calendarDate(header.promulgation.date) {
            header.promulgation.date = date.iso8601
        }
        if let date = EdXMLDate.calendarDate(header.dueDate) {
            header.dueDate = date.iso8601
        }
        if let instant = EdXMLDate.instant(header.signingTime) {
            header.signingTime = EdXMLDate.iso8601VietnamTime(instant)
        }
        return header
    }
}
