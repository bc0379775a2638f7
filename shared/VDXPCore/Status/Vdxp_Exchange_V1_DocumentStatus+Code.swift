public import VDXPProto

extension Vdxp_Exchange_V1_DocumentStatus {
    /// The two-digit edXML status code (QĐ 28 Art. 10.2.h), e.g. `"03"` for ``registered``; `"00"` for
    /// ``unspecified``. A number the contract does not define is written with at least two digits, e.g. `"07"`.
    public var code: String {
        let raw = self.rawValue
        return (0..<10).contains(raw) ? "0\(raw)" : String(raw)
    }

    /// The code and the English name, as error messages and logs show them, e.g. `"04 ASSIGNED"`.
    public var label: String {
        switch self {
        case .unspecified: return "00 UNSPECIFIED"
        case .arrived: return "01 ARRIVED"
        case .rejected: return "02 REJECTED"
        case .registered: return "03 REGISTERED"
        case .assigned: return "04 ASSIGNED"
        case .processing: return "05 PROCESSING"
        case .completed: return "06 COMPLETED"
        case .UNRECOGNIZED: return "\(self.code) UNKNOWN"
        }
    }

    /// The Vietnamese name used by document-management systems, e.g. "tiếp nhận, vào sổ" for ``registered``.
    public var vietnameseName: String {
        switch self {
        case .unspecified: return "chưa có trạng thái"
        case .arrived: return "đã đến"
        case .rejected: return "từ chối"
        case .registered: return "tiếp nhận, vào sổ"
        case .assigned: return "phân công"
        case .processing: return "đang xử lý"
        case .completed: return "hoàn thành"
        case .UNRECOGNIZED: return "không xác định"
        }
    }

    /// True for the statuses after which nothing may follow: ``rejected`` (02, Art. 15.2) and ``completed`` (06).
    /// A sender's `WatchDocumentStatus` stream ends once every recipient is final.
    public var isFinal: Bool {
        switch self {
        case .rejected, .completed: return true
        default: return false
        }
    }

    /// The status for a two-digit edXML code, e.g. `"03"` → ``registered``; `nil` for any code the contract does
    /// not define (including the retract codes 13, 15 and 16, which are not business statuses here).
    ///
    /// - Parameter code: The code, `"01"` to `"06"`.
    public init?(code: String) {
        guard code.utf8.count == 2, let raw = Int(code), (1...6).contains(raw) else {
            return nil
        }
        self.init(rawValue: raw)
    }
}
