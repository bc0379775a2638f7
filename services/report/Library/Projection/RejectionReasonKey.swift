import Foundation

/// How rejection reasons are grouped (Art. 15.2): trimmed, inner white space collapsed, case and accents folded
/// (`đ` as `d`), so that "Sai thẩm quyền " and "sai tham quyen" count as one reason.
enum RejectionReasonKey {
    /// The grouping key of `reason`.
    static func normalise(_ reason: String) -> String {
        let folded = reason.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        return folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
