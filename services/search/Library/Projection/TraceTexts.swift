import VDXPProto

/// The Vietnamese sentences of a trace (`TraceEvent.description`), one per journal event.
enum TraceTexts {
    static func sent(
        by sender: String, to recipients: [String], businessType: Vdxp_Exchange_V1_BusinessType, related: String,
        version: Int
    ) -> String {
        let what: String
        switch businessType {
        case .revoke: what = "văn bản thu hồi \(related)"
        case .update: what = "văn bản cập nhật \(related) (phiên bản \(version))"
        case .replace: what = "văn bản thay thế \(related)"
        default: what = "văn bản"
        }
        return "\(sender) đã gửi \(what) đến \(recipients.count) nơi nhận: " + recipients.joined(separator: ", ")
    }

    static func status(_ status: Vdxp_Exchange_V1_DocumentStatus, by recipient: String) -> String {
        "\(recipient): \(statusLabel(status))"
    }

    static func retractRequested(from recipient: String) -> String {
        "Bên gửi yêu cầu \(recipient) trả lại văn bản"
    }

    static func retracted(from recipient: String) -> String {
        "Văn bản đã được lấy lại từ \(recipient)"
    }

    static func revoked(by revoking: String) -> String {
        "Văn bản bị thu hồi bởi văn bản \(revoking)"
    }

    static func superseded(by newer: String, version: Int) -> String {
        "Văn bản được thay bằng \(newer) (phiên bản \(version))"
    }

    static func revocationConfirmed(by recipient: String) -> String {
        "\(recipient) đã xác nhận xử lý việc thu hồi"
    }

    static func failed(to recipient: String, attempts: Int) -> String {
        "Gửi đến \(recipient) không thành công sau \(attempts) lần"
    }

    static func retried(to recipient: String) -> String {
        "Bên gửi đã gửi lại văn bản đến \(recipient)"
    }

    /// The status as people read it (QĐ 28 codes).
    static func statusLabel(_ status: Vdxp_Exchange_V1_DocumentStatus) -> String {
        switch status {
        case .arrived: "Đã đến"
        case .rejected: "Từ chối tiếp nhận"
        case .registered: "Đã vào sổ"
        case .assigned: "Đã phân công"
        case .processing: "Đang xử lý"
        case .completed: "Hoàn thành"
        case .retractRequested: "Yêu cầu lấy lại"
        case .retractAccepted: "Đồng ý trả lại"
        case .retractRefused: "Từ chối trả lại"
        default: "Chưa đến"
        }
    }

    /// The priority as people read it (edXML codes).
    static func priorityLabel(_ priority: Int) -> String {
        switch priority {
        case 0: "Thường"
        case 1: "Khẩn"
        case 2: "Thượng khẩn"
        case 3: "Hỏa tốc"
        case 4: "Hỏa tốc hẹn giờ"
        default: String(priority)
        }
    }
}
