/// How urgent a document is (độ khẩn; `DocumentHeader.priority`).
///
/// The codes 0 to 4 are edXML's (QCVN 102:2016/BTTTT, element `OtherInfo/Priority`), which the contract carries
/// unchanged: the raw values are edXML's numbers. QĐ 28 names the levels (Art. 10.2.k: khẩn, thượng khẩn, hỏa tốc)
/// and requires an urgent document to be marked, sent immediately after signing and handled first (QĐ 28 Art. 6.2;
/// the regulation's Art. 13.1); recipients receive higher priorities first (`FetchInbox` orders by priority, then
/// age).
///
/// ```swift
/// let priority = Priority(rawValue: header.priority)   // nil outside 0...4
/// priority?.vietnameseName                             // "hỏa tốc"
/// priority?.isFlash                                    // true
/// ```
public enum Priority: Int32, CaseIterable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 0 — normal (thường).
    case normal = 0
    /// 1 — urgent (khẩn).
    case urgent = 1
    /// 2 — very urgent (thượng khẩn).
    case veryUrgent = 2
    /// 3 — flash (hỏa tốc).
    case flash = 3
    /// 4 — flash at a set time (hỏa tốc hẹn giờ).
    case flashTimed = 4

    /// The Vietnamese name printed on the document, e.g. "thượng khẩn".
    public var vietnameseName: String {
        switch self {
        case .normal: return "thường"
        case .urgent: return "khẩn"
        case .veryUrgent: return "thượng khẩn"
        case .flash: return "hỏa tốc"
        case .flashTimed: return "hỏa tốc hẹn giờ"
        }
    }

    /// The English name, e.g. "very urgent".
    public var englishName: String {
        switch self {
        case .normal: return "normal"
        case .urgent: return "urgent"
        case .veryUrgent: return "very urgent"
        case .flash: return "flash"
        case .flashTimed: return "flash at a set time"
        }
    }

    /// True for the two flash priorities (hỏa tốc, hỏa tốc hẹn giờ): 3 and 4.
    public var isFlash: Bool {
        self >= .flash
    }

    /// True for every priority above normal: the "văn bản khẩn" that Art. 13.1 says must be sent immediately after
    /// signing rather than within the signing day.
    public var isUrgent: Bool {
        self > .normal
    }

    /// The number and both names, e.g. `2 (very urgent, thượng khẩn)`.
    public var description: String {
        "\(self.rawValue) (\(self.englishName), \(self.vietnameseName))"
    }

    /// Orders by urgency: normal first, flash at a set time last.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
