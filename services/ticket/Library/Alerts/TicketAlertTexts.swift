import Foundation
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPStore

/// The words of the alerts Ticket hands to Monitoring, in Vietnamese as members and operators read them.
enum TicketAlertTexts {
    /// The member's receipt of a new ticket.
    static func opened(_ ticket: TicketRecord) -> String {
        """
        Hệ thống hỗ trợ đã tiếp nhận yêu cầu \(ticket.ticketID) (\(ticket.category.vietnamese)).
        Nội dung: \(ticket.subject)
        Thời hạn hỗ trợ theo Điều 18.2: \(ticket.clock.policy.targetSeconds / 3600) giờ kể từ khi tiếp nhận.
        """
    }

    /// The member is answered (acknowledged, asked for something, commented).
    static func answered(_ ticket: TicketRecord, text: String) -> String {
        "Yêu cầu \(ticket.ticketID) (\(ticket.subject)) có phản hồi từ đơn vị vận hành:\n\(text)"
    }

    /// The ticket is resolved.
    static func resolved(_ ticket: TicketRecord) -> String {
        """
        Yêu cầu \(ticket.ticketID) (\(ticket.subject)) đã được xử lý.
        Cách xử lý: \(ticket.resolution)
        Nếu chưa được khắc phục, mở lại yêu cầu trong thời hạn quy định.
        """
    }

    /// The operator group is warned before the deadline, or told of the breach.
    static func clock(_ ticket: TicketRecord, breached: Bool, due: Date) -> String {
        let what = breached ? "đã quá thời hạn hỗ trợ" : "sắp đến thời hạn hỗ trợ"
        return """
            Yêu cầu \(ticket.ticketID) của \(ticket.organisationID) \(what) (hạn: \(VietnamTime.text(due))).
            Nội dung: \(ticket.subject)
            Trạng thái: \(ticket.state.word); người xử lý: \(ticket.assignee.isEmpty ? "chưa phân công" : ticket.assignee)
            """
    }
}

extension Vdxp_Ticket_V1_TicketCategory {
    /// The category in Vietnamese.
    var vietnamese: String {
        switch self {
        case .providedService: "khó khăn khi sử dụng dịch vụ"
        case .connection: "kết nối, kỹ thuật"
        case .account: "tài khoản"
        case .other: "khác"
        case .unspecified, .UNRECOGNIZED: "không xác định"
        }
    }
}

extension Vdxp_Ticket_V1_TicketPriority {
    /// The priority's name as the contract spells it.
    var word: String {
        switch self {
        case .low: "LOW"
        case .normal: "NORMAL"
        case .high: "HIGH"
        case .urgent: "URGENT"
        case .unspecified: "UNSPECIFIED"
        case .UNRECOGNIZED(let number): "priority \(number)"
        }
    }
}
