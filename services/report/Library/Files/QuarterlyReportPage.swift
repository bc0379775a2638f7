import Foundation
import SwiftProtobuf
import VDXPProto

/// The quarterly report to the Government (QĐ 28 Art. 11.1; Art. 21.2–21.3) as one self-contained HTML page: the
/// quarter's figures, weekly documents as a chart, the level-1 units ranked as charts, tables by ministry and by
/// province, priorities and the most frequent rejection reasons. Inline CSS and SVG only: no scripts, no external
/// assets, so it can be mailed, archived and printed as it is.
struct QuarterlyReportPage: Sendable {
    /// The year.
    var year: Int
    /// The quarter, 1 to 4.
    var quarter: Int
    /// Whose report, for the title ("Toàn hệ thống", a province's or a member's name).
    var scopeLabel: String
    /// The quarter's figures.
    var total: Vdxp_Report_V1_Measures
    /// One point per ISO week of the quarter.
    var weeks: [Vdxp_Report_V1_SeriesPoint]
    /// Ministries and central bodies (level-1 units other than provinces), by documents sent.
    var ministries: [Vdxp_Report_V1_BreakdownRow]
    /// Provinces (level-1 units `H…`), by documents sent.
    var provinces: [Vdxp_Report_V1_BreakdownRow]
    /// Enterprises and individuals (the row of key `""`: members without a state organisation id, Art. 2.3), whose
    /// figures are neither a ministry's nor a province's.
    var others: [Vdxp_Report_V1_BreakdownRow] = []
    /// By priority.
    var priorities: [Vdxp_Report_V1_BreakdownRow]
    /// The most frequent rejection reasons.
    var reasons: [Vdxp_Report_V1_RejectionReason]
    /// Connection uptime (Monitoring) and support SLA (Ticket) of the scope; nil when both sources are missing.
    var operation: Vdxp_Report_V1_OperationFigures?
    /// The sources whose figures are missing (`monitoring`, `ticket`).
    var sourcesMissing: [String]
    /// The last journal entry counted, and when Exchange recorded it.
    var lastSequence: Int64
    /// When Exchange recorded that entry; nil when none was counted.
    var lastEventTime: Date?
    /// When the page was made.
    var generatedAt: Date

    /// The file name, e.g. `bao-cao-quy-3-2026.html`.
    var fileName: String { "bao-cao-quy-\(quarter)-\(year).html" }

    /// The page.
    func html() -> String {
        let escape = SvgChart.escape
        let title = "Báo cáo quý \(quarter)/\(year) — Trục liên thông văn bản quốc gia"
        let received = Double(total.documentsReceived)
        func share(_ part: Int64, of whole: Double) -> Double { whole == 0 ? 0 : Double(part) / whole }
        let onTime = share(total.sentOnTime, of: Double(total.documentsSent))
        let completed = share(total.withStatusCompleted, of: received)
        let arrived = share(total.withStatusArrived, of: received)
        let weeklyChart = SvgChart.pairedColumns(
            weeks.map { point in
                let day = VietnamDay(containing: point.periodStart.date).components
                return (
                    label: "\(day.day)/\(day.month)", first: Double(point.measures.documentsSent),
                    second: Double(point.measures.documentsReceived)
                )
            }, names: ("Gửi đi", "Lượt nhận"), title: "Văn bản gửi đi và lượt nhận theo tuần")
        var page = """
            <!DOCTYPE html>
            <html lang="vi"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1c2128;background:#f6f8fa}
            main{max-width:1000px;margin:0 auto;padding:24px}
            header{background:#8b0000;color:#fff;padding:24px}
            header h1{margin:0 auto;max-width:1000px;font-size:24px}
            header p{margin:6px auto 0;max-width:1000px;opacity:.9}
            section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px 20px;margin:16px 0}
            h2{font-size:18px;margin:0 0 12px}
            .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px}
            .tile{border:1px solid #d0d7de;border-radius:8px;padding:12px}
            .tile b{display:block;font-size:24px}
            .rings{display:flex;gap:24px;flex-wrap:wrap;justify-content:space-around;text-align:center}
            .ring{width:140px;height:140px}
            .chart{width:100%;height:auto;font-size:12px}
            .chart .small{font-size:10px}
            .muted{fill:#57606a;color:#57606a}
            .big{font-size:20px;font-weight:bold}
            table{border-collapse:collapse;width:100%;font-size:13px}
            th,td{border-bottom:1px solid #d0d7de;padding:6px 8px;text-align:right}
            th:first-child,td:first-child,th:nth-child(2),td:nth-child(2){text-align:left}
            thead th{background:#f6f8fa}
            footer{font-size:12px;color:#57606a;margin:16px 0}
            @media print{body{background:#fff}section{break-inside:avoid}}
            </style></head><body>
            <header><h1>\(escape(title))</h1><p>\(escape(scopeLabel)) · từ \(Self.quarterStart(year, quarter)) đến \
            hết \(Self.quarterEnd(year, quarter)) (giờ Việt Nam, UTC+7)</p></header>
            <main>
            <section><h2>Tổng quan</h2><div class="tiles">
            \(tile("Văn bản gửi đi", total.documentsSent))\(tile("Lượt nhận", total.documentsReceived))\
            \(tile("Gửi muộn (Điều 13.1)", total.sentLate))\(tile("Gửi không thành công (Điều 13.2)", total.failedDeliveries))\
            \(tile("Xử lý trong ngày làm việc", total.failuresHandledSameDay))\(tile("Bị từ chối", total.rejected))\
            \(tile("Lấy lại", total.retracted))\(tile("Thu hồi", total.revoked))\(tile("Cập nhật", total.updated))\
            \(tile("Thay thế", total.replaced))\(tile("Quá hạn xử lý (QĐ 28 10.2.o)", total.overdue))
            </div></section>
            <section><h2>Tỷ lệ</h2><div class="rings">
            <div>\(SvgChart.ring(onTime, title: "Gửi đúng hạn", color: "#1a7f37"))<br>Gửi đúng hạn</div>
            <div>\(SvgChart.ring(arrived, title: "Đã đến (01)", color: "#1f6feb"))<br>Có trạng thái đã đến (01)</div>
            <div>\(SvgChart.ring(completed, title: "Hoàn thành (06)", color: "#8250df"))<br>Có trạng thái hoàn thành (06)</div>
            </div>
            <p>Thời gian từ khi Trục tiếp nhận đến khi nơi nhận báo trạng thái (trung vị / phân vị 90):
            đã đến \(Self.durations(total.timeToArrival)); vào sổ \(Self.durations(total.timeToRegistration));
            hoàn thành \(Self.durations(total.timeToCompletion)).</p></section>
            <section><h2>Văn bản theo tuần</h2>
            \(weeklyChart)
            </section>
            """
        page += operationSection()
        page += chartSection("Bộ, ngành: văn bản gửi đi", ministries, color: "#1f6feb")
        page += chartSection("Tỉnh, thành phố: văn bản gửi đi", provinces, color: "#1a7f37")
        page += tableSection("Số liệu theo bộ, ngành", ministries)
        page += tableSection("Số liệu theo tỉnh, thành phố", provinces)
        if !others.isEmpty { page += tableSection("Doanh nghiệp, cá nhân", others) }
        page += tableSection("Theo độ khẩn", priorities)
        page += "<section><h2>Lý do từ chối thường gặp (Điều 15.2)</h2>"
        if reasons.isEmpty {
            page += "<p class=\"muted\">Không có văn bản bị từ chối.</p>"
        } else {
            page += "<table><thead><tr><th>Lý do</th><th></th><th>Số lần</th></tr></thead><tbody>"
            for reason in reasons {
                page +=
                    "<tr><td>\(escape(reason.reason))</td><td></td><td>\(SvgChart.formatCount(Double(reason.count)))</td></tr>"
            }
            page += "</tbody></table>"
        }
        page += "</section>"
        let counted =
            lastEventTime.map { "đến bút toán \(lastSequence) của nhật ký (ghi lúc \(Self.timestamp($0)))" }
            ?? "chưa có bút toán nào của nhật ký"
        page += """
            <footer>Số liệu tổng hợp tự động từ nhật ký của dịch vụ trao đổi, \(escape(counted)); lập lúc \
            \(Self.timestamp(generatedAt)). Văn bản được tính vào kỳ Trục tiếp nhận nó. Căn cứ: Quyết định số \
            28/2018/QĐ-TTg, Điều 11 khoản 1; Quy chế quản lý, vận hành, khai thác, sử dụng Trục liên thông văn bản \
            quốc gia, Điều 4 khoản 1 điểm g, Điều 14 khoản 3, Điều 15 khoản 1, Điều 21 khoản 2 và 3.</footer>
            </main></body></html>
            """
        return page
    }

    /// Connection uptime and support SLA: rings and tiles, or a note naming what is missing.
    private func operationSection() -> String {
        let missing = sourcesMissing.map { $0 == "monitoring" ? "giám sát kết nối" : "hỗ trợ kỹ thuật" }
        let note =
            missing.isEmpty
            ? ""
            : "<p class=\"muted\">Chưa có số liệu từ dịch vụ \(SvgChart.escape(missing.joined(separator: ", "))).</p>"
        guard let operation else {
            return "<section><h2>Kết nối và hỗ trợ kỹ thuật</h2>\(note)</section>"
        }
        return """
            <section><h2>Kết nối và hỗ trợ kỹ thuật</h2><div class="rings">
            <div>\(SvgChart.ring(operation.connectionUptime, title: "Thời gian kết nối", color: "#1a7f37"))<br>\
            Thời gian kết nối</div>
            <div>\(SvgChart.ring(operation.ticketSlaMetRate, title: "Hỗ trợ đúng hạn", color: "#1f6feb"))<br>\
            Hỗ trợ đúng hạn (Điều 18.2)</div>
            </div><div class="tiles">
            \(tile("Đang kết nối", operation.membersConnected))\(tile("Kết nối chậm", operation.membersDegraded))\
            \(tile("Mất kết nối", operation.membersDisconnected))\(tile("Yêu cầu hỗ trợ", operation.ticketsReceived))\
            \(tile("Quá hạn hỗ trợ", operation.ticketsBreached))\(tile("Đang xử lý", operation.ticketsOpen))
            </div>\(ticketCategoryTable(operation.ticketsByCategory))\(note)</section>
            """
    }

    /// The support figures per ticket category, each under its own clock of Art. 18.2; nothing without tickets.
    private func ticketCategoryTable(_ categories: [Vdxp_Report_V1_TicketCategoryFigures]) -> String {
        guard !categories.isEmpty else { return "" }
        var html = """
            <table><thead><tr><th>Loại yêu cầu</th><th>Thời hạn theo</th><th>Tiếp nhận</th><th>Đúng hạn</th>\
            <th>Quá hạn</th><th>Đang xử lý</th></tr></thead><tbody>
            """
        for figures in categories {
            let (name, clock) = Self.ticketCategory(figures.category)
            let decided = figures.received - figures.open
            let cells = [
                SvgChart.escape(name), SvgChart.escape(clock), SvgChart.formatCount(Double(figures.received)),
                decided == 0 ? "—" : SvgChart.formatPercent(figures.slaMetRate),
                SvgChart.formatCount(Double(figures.breached)), SvgChart.formatCount(Double(figures.open)),
            ]
            html += "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        return html + "</tbody></table>"
    }

    /// A ticket category's name and the article that sets its clock, for people (the hours, and whether a first
    /// response or the resolution meets it, are Ticket's settings).
    static func ticketCategory(_ category: Vdxp_Ticket_V1_TicketCategory) -> (name: String, clock: String) {
        switch category {
        case .providedService: ("Dịch vụ do Trục cung cấp", "Điều 18.2.a")
        case .connection: ("Kết nối, kỹ thuật liên thông", "Điều 18.2.b")
        case .account: ("Tài khoản", "Điều 18.2.a")
        default: ("Khác", "Mục tiêu của đơn vị vận hành")
        }
    }

    /// A figure tile.
    private func tile(_ label: String, _ value: Int64) -> String {
        "<div class=\"tile\">\(SvgChart.escape(label))<b>\(SvgChart.formatCount(Double(value)))</b></div>"
    }

    /// The top 15 rows as a bar chart.
    /// Level-1 unit rows as the report shows them: ministries and central bodies, provinces (`H…`), and enterprises
    /// and individuals (key `""`).
    static func sections(
        of units: [Vdxp_Report_V1_BreakdownRow]
    ) -> (
        ministries: [Vdxp_Report_V1_BreakdownRow], provinces: [Vdxp_Report_V1_BreakdownRow],
        others: [Vdxp_Report_V1_BreakdownRow]
    ) {
        (
            units.filter { !$0.key.isEmpty && !$0.key.hasPrefix("H") }, units.filter { $0.key.hasPrefix("H") },
            units.filter { $0.key.isEmpty }
        )
    }

    private func chartSection(_ title: String, _ rows: [Vdxp_Report_V1_BreakdownRow], color: String) -> String {
        let bars = rows.prefix(15).map { SvgChart.Bar(label: $0.label, value: Double($0.measures.documentsSent)) }
        return
            "<section><h2>\(SvgChart.escape(title))</h2>\(SvgChart.horizontalBars(bars, title: title, color: color))</section>"
    }

    /// Every row as a table; with the connection uptime and the support SLA met rate when `rows` carry them.
    private func tableSection(_ title: String, _ rows: [Vdxp_Report_V1_BreakdownRow]) -> String {
        let withOperation = operation != nil && rows.contains { $0.hasOperation }
        var html = """
            <section><h2>\(SvgChart.escape(title))</h2><table><thead><tr><th>Mã</th><th>Tên</th><th>Gửi đi</th>\
            <th>Đúng hạn</th><th>Lượt nhận</th><th>Đã đến (01)</th><th>Vào sổ (03)</th><th>Hoàn thành (06)</th>\
            <th>Từ chối</th><th>Không thành công</th><th>Quá hạn</th>\(withOperation ? "<th>Thời gian kết nối</th><th>Hỗ trợ đúng hạn</th>" : "")</tr></thead><tbody>
            """
        if rows.isEmpty {
            html += "<tr><td colspan=\"\(withOperation ? 13 : 11)\" class=\"muted\">Không có số liệu</td></tr>"
        }
        for row in rows {
            let m = row.measures
            let onTime =
                m.documentsSent == 0 ? "—" : SvgChart.formatPercent(Double(m.sentOnTime) / Double(m.documentsSent))
            let cells =
                [m.documentsSent].map { SvgChart.formatCount(Double($0)) } + [onTime]
                + [
                    m.documentsReceived, m.withStatusArrived, m.withStatusRegistered, m.withStatusCompleted, m.rejected,
                    m.failedDeliveries, m.overdue,
                ].map { SvgChart.formatCount(Double($0)) }
            let operationCells =
                withOperation
                ? [
                    SvgChart.formatPercent(row.operation.connectionUptime),
                    row.operation.ticketsReceived == 0 ? "—" : SvgChart.formatPercent(row.operation.ticketSlaMetRate),
                ] : []
            html +=
                "<tr><td>\(SvgChart.escape(row.key))</td><td>\(SvgChart.escape(row.label))</td>"
                + (cells + operationCells).map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        return html + "</tbody></table></section>"
    }

    /// "2 giờ 5 phút / 1 ngày 3 giờ", or "chưa có" with no values.
    static func durations(_ percentiles: Vdxp_Report_V1_DurationPercentiles) -> String {
        guard percentiles.count > 0 else { return "chưa có" }
        return "\(duration(percentiles.p50.timeInterval)) / \(duration(percentiles.p90.timeInterval))"
    }

    /// A duration in words.
    static func duration(_ seconds: TimeInterval) -> String {
        let minutes = Int(seconds / 60)
        if minutes < 1 { return "\(Int(seconds)) giây" }
        if minutes < 60 { return "\(minutes) phút" }
        let hours = minutes / 60
        if hours < 24 { return "\(hours) giờ \(minutes % 60) phút" }
        return "\(hours / 24) ngày \(hours % 24) giờ"
    }

    /// `01/07/2026`.
    static func quarterStart(_ year: Int, _ quarter: Int) -> String {
        String(format: "%02d/%02d/%04d", 1, (quarter - 1) * 3 + 1, year)
    }

    /// `30/09/2026`.
    static func quarterEnd(_ year: Int, _ quarter: Int) -> String {
        let next =
            quarter == 4
            ? VietnamDay(year: year + 1, month: 1, day: 1) : VietnamDay(year: year, month: quarter * 3 + 1, day: 1)
        let last = VietnamDay(number: next.number - 1).components
        return String(format: "%02d/%02d/%04d", last.day, last.month, last.year)
    }

    /// `30/09/2026 17:05` in Vietnam time.
    static func timestamp(_ date: Date) -> String {
        let parts = VietnamDay.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%02d/%02d/%04d %02d:%02d", parts.day ?? 0, parts.month ?? 0, parts.year ?? 0, parts.hour ?? 0,
            parts.minute ?? 0)
    }
}
