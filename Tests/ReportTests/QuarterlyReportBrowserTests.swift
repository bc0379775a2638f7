import Foundation
import SwiftProtobuf
import Testing
import VDXPLocalCluster
import VDXPProto

@testable import VDXPReport

/// The quarterly report as a browser sees it: headless Chromium parses the page, lays it out and draws it.
@Suite("The quarterly report in a browser")
struct QuarterlyReportBrowserTests {
    /// Where Chromium is installed (`scripts/install-dependencies.sh` installs it), if it is.
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// A quarter with ministries, provinces and rejection reasons.
    static let page = QuarterlyReportPage(
        year: 2026, quarter: 3, scopeLabel: "Toàn hệ thống",
        total: .with {
            $0.documentsSent = 1_200
            $0.sentOnTime = 1_150
            $0.sentLate = 50
            $0.documentsReceived = 3_000
            $0.withStatusArrived = 2_950
            $0.withStatusCompleted = 2_000
            $0.timeToArrival = .with {
                $0.count = 2_950
                $0.p50 = .init(rounding: 420)
                $0.p90 = .init(rounding: 7_200)
            }
        },
        weeks: (0..<14).map { week in
            .with {
                $0.periodStart = .init(
                    date: VietnamDay(number: VietnamDay(year: 2026, month: 6, day: 29).number + Int32(week * 7)).start)
                $0.measures = .with {
                    $0.documentsSent = Int64(60 + week * 5)
                    $0.documentsReceived = Int64(150 + week * 9)
                }
            }
        },
        ministries: ["G01", "G12", "G22"].enumerated().map { index, key in
            .with {
                $0.key = key
                $0.label = "Bộ \(key)"
                $0.measures = .with { $0.documentsSent = Int64(300 - index * 50) }
            }
        },
        provinces: ["H01", "H26", "H29"].enumerated().map { index, key in
            .with {
                $0.key = key
                $0.label = "UBND tỉnh \(key)"
                $0.measures = .with { $0.documentsSent = Int64(200 - index * 30) }
            }
        },
        priorities: [],
        reasons: [
            .with {
                $0.reason = "Sai thẩm quyền"
                $0.count = 4
            }
        ],
        operation: .with {
            $0.membersConnected = 80
            $0.membersDisconnected = 2
            $0.connectionUptime = 0.987
            $0.ticketsReceived = 40
            $0.ticketSlaMetRate = 0.95
            $0.ticketsByCategory = [
                .with {
                    $0.category = .providedService
                    $0.received = 25
                    $0.slaMetRate = 0.96
                    $0.breached = 1
                },
                .with {
                    $0.category = .connection
                    $0.received = 15
                    $0.slaMetRate = 14.0 / 15.0
                    $0.breached = 1
                },
            ]
        }, sourcesMissing: [], lastSequence: 42, lastEventTime: Date(), generatedAt: Date())

    @Test(
        "headless Chromium renders the page with its charts and tables, asking for nothing outside it",
        .enabled(if: chromium != nil, "Chromium is not installed: run scripts/install-dependencies.sh")
    )
    func rendersInChromium() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vdxp-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(Self.page.fileName)
        try Data(Self.page.html().utf8).write(to: file)
        let screenshot = directory.appendingPathComponent("page.png")

        let dom = try await Self.run([
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--user-data-dir=\(directory.path)/profile",
            "--dump-dom", file.absoluteString,
        ])
        // The browser built the document: every chart and table is in its DOM, and the text is decoded as UTF-8.
        // Three rate rings, two uptime and SLA rings, the weekly chart, two ranked bar charts.
        #expect(dom.components(separatedBy: "<svg").count - 1 == 8)
        #expect(dom.contains("Thời gian kết nối"))
        #expect(dom.contains("Bộ G22"))
        #expect(dom.contains("UBND tỉnh H29"))
        #expect(dom.contains("Sai thẩm quyền"))
        #expect(dom.contains("Điều 18.2.b"), "the connection clock in a row of its own")
        #expect(!dom.lowercased().contains("<script"))

        _ = try await Self.run([
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--user-data-dir=\(directory.path)/profile",
            "--window-size=1100,3000", "--screenshot=\(screenshot.path)", file.absoluteString,
        ])
        let png = try Data(contentsOf: screenshot)
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        #expect(png.count > 10_000)
    }

    /// Runs Chromium with `arguments` and returns its standard output; stopped after two minutes.
    static func run(_ arguments: [String]) async throws -> String {
        let completed = try await ChildProcess.run(
            chromium ?? "/usr/bin/chromium", arguments: arguments, timeout: .seconds(120))
        #expect(!completed.timedOut, "Chromium did not finish within two minutes")
        return completed.standardOutput
    }
}
