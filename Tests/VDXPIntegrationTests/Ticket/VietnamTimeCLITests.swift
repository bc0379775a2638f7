import Foundation
import Testing
import VDXPDevelopment

/// The times `vdxp` prints for people are Vietnam time (QĐ 28 Art. 14.4), `+07:00` shown, whatever the machine's own
/// time zone; `--json` keeps the RFC 3339 UTC times of the protobuf JSON mapping.
@Suite("vdxp prints times in Vietnam time", .serialized)
struct VietnamTimeCLITests {
    /// `date` as the CLI writes it: ISO 8601 to the second, at UTC+7.
    static func vietnam(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        return formatter.string(from: date)
    }

    @Test("a maintenance window's start and end and a ticket's SLA due time are listed at +07:00, never +0000")
    func ticketAndMaintenanceTimes() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                try await TicketCLITests.withCluster(platform, ticket) { _, path in
                    let member = TestPlatform.sender.organisationID
                    func run(_ arguments: String...) async throws -> String {
                        let (status, output) = try await TicketCLITests.vdxp(["ticket"] + arguments, cluster: path)
                        #expect(status == 0, "vdxp ticket \(arguments.joined(separator: " ")): \(output)")
                        return output
                    }

                    _ = try await run(
                        "open", "--as", member, "--category", "provided_service", "--subject", "Chậm nhận",
                        "--description", "Từ 8 giờ sáng nay")
                    let tickets = try await run("list")
                    #expect(!tickets.contains("+0000"), "\(tickets)")
                    let due = try Regex(#" due \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00 "#)
                    #expect(tickets.contains(due), "the SLA due time in Vietnam time: \(tickets)")

                    // 22:00 in Hanoi is 15:00 UTC: the window is listed as the operator announced it.
                    let start = ticket.clock.now.addingTimeInterval(20 * 86400)
                    let utc = ISO8601DateFormatter()
                    _ = try await run(
                        "maintenance", "announce", "--title", "Nâng cấp CSDL", "--description", "Dừng 4 giờ",
                        "--start", utc.string(from: start), "--end",
                        utc.string(from: start.addingTimeInterval(4 * 3600)))
                    let windows = try await run("maintenance", "list")
                    #expect(!windows.contains("+0000"), "\(windows)")
                    #expect(
                        windows.contains(
                            "\(Self.vietnam(start)) → \(Self.vietnam(start.addingTimeInterval(4 * 3600)))"),
                        "\(windows)")

                    // Scripts still read RFC 3339 UTC.
                    let json = try await run("maintenance", "list", "--json")
                    #expect(json.contains("Z\""), "\(json)")
                    #expect(!json.contains("+07:00"), "\(json)")
                }
            }
        }
    }
}
