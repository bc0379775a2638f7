import VDXPCore

/// Labels for people (Vietnamese, as the quarterly report to the Government is written) of the keys of a breakdown.
enum ReportLabels {
    /// The contract's names of `vdxp.central.v1.OrganisationKind`, by number.
    static let memberKindNames = [
        0: "ORGANISATION_KIND_UNSPECIFIED", 1: "ORGANISATION_KIND_STATE_AGENCY", 2: "ORGANISATION_KIND_ENTERPRISE",
        3: "ORGANISATION_KIND_INDIVIDUAL",
    ]

    /// The contract's names of `vdxp.exchange.v1.BusinessType`, by number.
    static let businessTypeNames = [
        0: "BUSINESS_TYPE_NEW", 1: "BUSINESS_TYPE_REVOKE", 2: "BUSINESS_TYPE_UPDATE", 3: "BUSINESS_TYPE_REPLACE",
    ]

    /// The contract's names of `vdxp.exchange.v1.LegalValue`, by number.
    static let legalValueNames = [
        0: "LEGAL_VALUE_UNSPECIFIED", 1: "LEGAL_VALUE_LEGALLY_VALID", 2: "LEGAL_VALUE_REFERENCE_ONLY",
    ]

    /// "Hỏa tốc" for `3`.
    static func priority(_ key: String) -> String {
        guard let number = Int32(key), let priority = Priority(rawValue: number) else { return key }
        return capitalised(priority.vietnameseName)
    }

    /// "Cơ quan nhà nước" for `ORGANISATION_KIND_STATE_AGENCY`.
    static func memberKind(_ key: String) -> String {
        switch key {
        case "ORGANISATION_KIND_STATE_AGENCY": "Cơ quan nhà nước"
        case "ORGANISATION_KIND_ENTERPRISE": "Doanh nghiệp"
        case "ORGANISATION_KIND_INDIVIDUAL": "Cá nhân"
        default: key
        }
    }

    /// "Thu hồi" for `BUSINESS_TYPE_REVOKE`.
    static func businessType(_ key: String) -> String {
        switch key {
        case "BUSINESS_TYPE_NEW": "Văn bản mới"
        case "BUSINESS_TYPE_REVOKE": "Thu hồi"
        case "BUSINESS_TYPE_UPDATE": "Cập nhật"
        case "BUSINESS_TYPE_REPLACE": "Thay thế"
        default: key
        }
    }

    /// "Có giá trị pháp lý" for `LEGAL_VALUE_LEGALLY_VALID`.
    static func legalValue(_ key: String) -> String {
        switch key {
        case "LEGAL_VALUE_LEGALLY_VALID": "Có giá trị pháp lý"
        case "LEGAL_VALUE_REFERENCE_ONLY": "Chỉ có giá trị tham khảo"
        default: key
        }
    }

    /// `text` with its first letter upper-case.
    static func capitalised(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}
