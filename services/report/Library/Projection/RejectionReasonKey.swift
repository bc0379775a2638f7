import Foundation
import VDXPTrust

/// How rejection reasons are grouped (Art. 15.2): trimmed, inner white space collapsed, case and accents folded
/// (`đ` as `d`), so that "Sai thẩm quyền " and "sai tham quyen" count as one reason. A key is part of the primary
/// key of `report.rejection_reasons`, and a btree key holds at most ~2,700 bytes, while a reason may have 2,000
/// characters (8,000 bytes): a longer key is cut and ends with the SHA-256 of the whole, so that it still groups
/// exactly the reasons that normalise alike. (A reason of 900 CJK characters stopped the projection for good: its
/// batch was refused and tried again for ever.)
enum RejectionReasonKey {
    /// The most UTF-8 bytes of a key.
    static let maximumBytes = 512

    /// The grouping key of `reason`.
    static func normalise(_ reason: String) -> String {
        let folded = reason.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        let key = folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard key.utf8.count > maximumBytes else { return key }
        let suffix = " #" + Hex.sha256(of: key)
        var prefix = ""
        for character in key {
            guard prefix.utf8.count + character.utf8.count + suffix.utf8.count <= maximumBytes else { break }
            prefix.append(character)
        }
        return prefix + suffix
    }
}
