import Foundation

/// The text of an SMS as the gateway receives it: Vietnamese without diacritics, typographic punctuation made plain —
/// what Vietnamese brand-name SMS carry, in the GSM 7-bit alphabet.
///
/// A letter with a diacritic forces the whole message into UCS-2: 70 characters a message (67 a part when split)
/// instead of 160 (153), so an alert's 300-character summary took five parts instead of two — five times the cost,
/// and past what some gateways take at all. Central writes its own SMS this way already; this keeps every SMS so.
/// Characters outside the alphabet that have no plain form (other scripts) are kept: the gateway then sends UCS-2.
enum SMSText {
    /// `text` folded: `Mất kết nối — đề nghị «kiểm tra»` → `Mat ket noi - de nghi "kiem tra"`.
    static func plain(_ text: String) -> String {
        var folded = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if (0x0300...0x036F).contains(scalar.value) { continue }  // combining diacritics
            switch scalar {
            case "đ": folded.append("d")
            case "Đ": folded.append("D")
            case "«", "»", "“", "”", "„", "″": folded.append("\"")
            case "‘", "’", "‚", "′": folded.append("'")
            case "–", "—", "−", "‐", "‑": folded.append("-")
            case "…": folded.append(contentsOf: "...".unicodeScalars)
            case "→": folded.append(contentsOf: "->".unicodeScalars)
            case "·", "•": folded.append(".")
            case "\u{00A0}", "\u{2007}", "\u{202F}": folded.append(" ")
            default: folded.append(scalar)
            }
        }
        return String(folded).precomposedStringWithCanonicalMapping
    }
}
