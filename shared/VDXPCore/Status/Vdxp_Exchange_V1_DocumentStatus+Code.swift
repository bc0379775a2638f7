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
        case .retractRequested: return "13 RETRACT_REQUESTED"
        case .retractAccepted: return "15 RETRACT_ACCEPTED"
        case .retractRefused: return "16 RETRACT_REFUSED"
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
        case .retractRequested: return "đề nghị lấy lại"
        case .retractAccepted: return "đồng ý lấy lại"
        case .retractRefused: return "từ chối lấy lại"
        case .UNRECOGNIZED: return "không xác định"
        }
    }

    /// True for the statuses after which nothing may follow: ``rejected`` (02, Art. 15.2), ``completed`` (06) and
    /// ``retractAccepted`` (15, the document was taken back, Art. 15.1). A sender's `WatchDocumentStatus` stream ends
    /// once every recipient is final.
    public var isFinal: Bool {
        switch self {
        case .rejected, .completed, .retractAccepted: return true
        default: return false
        }
    }

    /// The status for a two-digit edXML code, e.g. `"03"` → ``registered``, `"15"` → ``retractAccepted``; `nil` for
    /// any code the contract does not define (`"00"`, `"07"` to `"12"`, `"14"`, `"17"` and above) or any text that is
    /// not exactly two digits.
    ///
    /// - Parameter code: The code: `"01"` to `"06"`, `"13"`, `"15"` or `"16"`.
    public init?(code: String) {
        guard code.utf8.count == 2, code.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let raw = Int(code), (1...6).contains(raw) || [13, 15, 16].contains(raw)
        else {
            return nil
        }
        self.init(rawValue: raw)
    }
}
