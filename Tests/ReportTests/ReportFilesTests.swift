import Foundation
import SwiftProtobuf
import Testing
import VDXPProto

@testable import VDXPReport

/// The CSV export and the quarterly report page (QĐ 28 Art. 11.1).
@Suite("Report's files")
struct ReportFilesTests {
    static let row = Vdxp_Report_V1_BreakdownRow.with {
        $0.key = "H29"
        $0.label = "UBND Tỉnh \"Hưng Yên\", <test>"
        $0.measures = .with {
            $0.documentsSent = 12_345
            $0.sentOnTime = 12_000
            $0.documentsReceived = 7
            $0.overdue = 4_321
        }
    }

    @Test("the CSV starts with a byte-order mark and a header, and quotes fields with commas and quotes")
    func csvQuotes() throws {
        let data = CsvTable.breakdown(.with { $0.rows = [Self.row] })
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = try #require(String(data: data.dropFirst(3), encoding: .utf8))
        let lines = text.split(separator: "\r\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("key,label,documents_sent,documents_received,"))
        #expect(lines[1].hasPrefix("H29,\"UBND Tỉnh \"\"Hưng Yên\"\", <test>\",12345,7,"))
        let overdue = try #require(lines[0].split(separator: ",").firstIndex(of: "overdue"))
        #expect(lines[1].split(separator: ",", omittingEmptySubsequences: false)[overdue + 1] == "4321")
    }

    @Test("a key or label a spreadsheet would run as a formula is written as text, after an apostrophe")
    func csvFormulas() throws {
        var row = Self.row
        row.key = "=HYPERLINK(\"http://example.test\",\"Công văn\")"
        row.label = "@SUM(1+1)"
        let data = CsvTable.breakdown(.with { $0.rows = [row] })
        let text = try #require(String(data: data.dropFirst(3), encoding: .utf8))
        let line = String(text.split(separator: "\r\n")[1])
        #expect(
            line.hasPrefix("\"'=HYPERLINK(\"\"http://example.test\"\",\"\"Công văn\"\")\",'@SUM(1+1),12345,"), "\(line)"
        )
        #expect(CsvTable.field("-1") == "'-1")
        #expect(CsvTable.field("Công văn") == "Công văn")
    }

    @Test("files are streamed in chunks of at most 1 MiB, the media type and name in the first only")
    func chunks() {
        let chunks = FileChunks.chunks(
            of: Data(count: FileChunks.maximumSize * 2 + 5), mediaType: "text/csv; charset=utf-8", fileName: "a.csv")
        #expect(chunks.map(\.data.count) == [FileChunks.maximumSize, FileChunks.maximumSize, 5])
        #expect(chunks[0].fileName == "a.csv")
        #expect(chunks[1].fileName.isEmpty && chunks[1].mediaType.isEmpty)
    }

    @Test("the quarterly report is one self-contained page: inline SVG charts, escaped names, no scripts or links")
    func quarterlyPage() {
        let page = QuarterlyReportPage(
            year: 2026, quarter: 3, scopeLabel: "Toàn hệ thống", total: Self.row.measures,
            weeks: [.with { $0.periodStart = .init(date: VietnamDay(year: 2026, month: 6, day: 29).start) }],
            ministries: [], provinces: [Self.row], priorities: [],
            reasons: [
                .with {
                    $0.reason = "Sai thẩm quyền"
                    $0.count = 3
                }
            ], operation: nil, sourcesMissing: ["monitoring", "ticket"], lastSequence: 10, lastEventTime: Date(),
            generatedAt: Date())
        let html = page.html()
        #expect(html.contains("Chưa có số liệu từ dịch vụ giám sát kết nối, hỗ trợ kỹ thuật"))
        #expect(page.fileName == "bao-cao-quy-3-2026.html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(html.contains("UBND Tỉnh &quot;Hưng Yên&quot;, &lt;test&gt;"))
        #expect(!html.contains("<test>"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("href="))
        #expect(html.contains("30/09/2026"))
        #expect(html.contains("12.345"))
        #expect(html.contains("Sai thẩm quyền"))
        #expect(html.contains("Quá hạn xử lý (QĐ 28 10.2.o)<b>4.321</b>"), "the overdue tile")
        #expect(html.contains("<th>Quá hạn</th>"))
        #expect(!html.contains("Doanh nghiệp, cá nhân"), "no such section without such a row")
        // The platform by its name in the regulation, and each basis in the instrument it belongs to.
        #expect(html.contains("<title>Báo cáo quý 3/2026 — Trục liên thông văn bản quốc gia</title>"))
        #expect(!html.contains("Nền tảng"))
        #expect(html.contains("Quyết định số 28/2018/QĐ-TTg, Điều 11 khoản 1; Quy chế quản lý, vận hành"))
    }

    @Test("enterprises and individuals (no level-1 unit) have a table of their own, not the ministries'")
    func enterprisesApart() {
        let rows = ["G22", "H29", "", "G12"].map { key in
            Vdxp_Report_V1_BreakdownRow.with {
                $0.key = key
                $0.label = key.isEmpty ? "Doanh nghiệp, cá nhân" : key
            }
        }
        let sections = QuarterlyReportPage.sections(of: rows)
        #expect(sections.ministries.map(\.key) == ["G22", "G12"])
        #expect(sections.provinces.map(\.key) == ["H29"])
        #expect(sections.others.map(\.key) == [""])
    }
}
