import Foundation
import Testing
import VDXPCore
import VDXPDevelopment
import VDXPRuntime

@testable import VDXPTicket

/// `vdxp ticket …` as a person runs it: the built `vdxp` binary, as a separate process, against a real Ticket on a
/// throwaway platform, through a cluster file like the one `vdxp dev up` writes.
@Suite("vdxp ticket commands against a real Ticket", .serialized)
struct TicketCLITests {
    /// The cluster file's shape (`tools/vdxp/ClusterFile.swift`), naming only what the ticket commands read.
    struct Cluster: Encodable {
        struct Endpoints: Encodable {
            var grpc: String
            var health: String
            var metrics: String
        }
        var services: [String: Endpoints]
        var databaseURL: String
        var pki: DevelopmentPKIPaths

        enum CodingKeys: String, CodingKey {
            case services
            case databaseURL = "database_url"
            case pki
        }
    }

    /// Runs `vdxp` with `arguments` and the cluster file; returns its exit status and what it printed.
    static func vdxp(_ arguments: [String], cluster: String) async throws -> (status: Int32, output: String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("vdxp")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path), "build the vdxp tool first (swift build)")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments + ["--cluster", cluster]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (status, text)
    }

    @Test("open, list, show, comment, state, events, figures, maintenance and notices work from the command line")
    func everySubcommand() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                let directory = FileManager.default.temporaryDirectory
                    .appendingPathComponent("vdxp-ticket-cli-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: directory) }
                let path = directory.appendingPathComponent("cluster.json").path
                let address = ticket.address.description
                try JSONEncoder().encode(
                    Cluster(
                        services: ["ticket": .init(grpc: address, health: address, metrics: address)],
                        databaseURL: platform.databaseURL, pki: platform.pki)
                ).write(to: URL(fileURLWithPath: path))
                let member = TestPlatform.sender.organisationID

                func run(_ arguments: String...) async throws -> String {
                    let (status, output) = try await Self.vdxp(["ticket"] + arguments, cluster: path)
                    #expect(status == 0, "vdxp ticket \(arguments.joined(separator: " ")): \(output)")
                    return output
                }

                let opened = try await run(
                    "open", "--as", member, "--category", "provided_service", "--subject", "Không nhận được văn bản",
                    "--description", "Từ 8 giờ sáng nay")
                let ticketID = String(opened.split(separator: " ").first ?? "")
                #expect(ticketID.hasPrefix("TK-"), "\(opened)")
                #expect(try await run("list").contains(ticketID))
                #expect(try await run("list", "--as", member).contains(ticketID))
                #expect(try await run("show", ticketID).contains("new"))
                _ = try await run("comment", ticketID, "Đã tiếp nhận")
                #expect(try await run("state", ticketID, "acknowledged").contains("acknowledged"))
                let events = try await run("events", ticketID)
                #expect(events.contains("opened") && events.contains("commented"), "\(events)")
                let today = CalendarDate(ticket.clock.now)
                let figures = try await run(
                    "figures", "--from", today.addingDays(-1).iso8601, "--to", today.addingDays(2).iso8601)
                #expect(figures.contains(member), "a day is accepted as a time: \(figures)")

                // A stop 20 days ahead, listed for the member as a line.
                let start = ticket.clock.now.addingTimeInterval(20 * 86400)
                let formatter = ISO8601DateFormatter()
                let announced = try await run(
                    "maintenance", "announce", "--title", "Nâng cấp CSDL", "--description", "Dừng 4 giờ",
                    "--start", formatter.string(from: start),
                    "--end", formatter.string(from: start.addingTimeInterval(4 * 3600)))
                #expect(announced.contains("MW-"), "\(announced)")
                let windows = try await run("maintenance", "list", "--as", member)
                #expect(windows.contains("MW-") && windows.contains("scheduled"), "\(windows)")

                _ = try await run(
                    "notice", "send", "--kind", "security_update", "--subject", "Bản vá 2.3.1", "--body",
                    "Cập nhật trước hạn", "--due", formatter.string(from: start))
                let notices = try await run("notice", "list", "--as", member)
                #expect(notices.contains("NT-") && notices.contains("all members"), "\(notices)")

                // A mistake a person makes gets a message and a failing status, not a trace.
                let (status, output) = try await Self.vdxp(
                    ["ticket", "state", ticketID, "finished"], cluster: path)
                #expect(status != 0)
                #expect(output.contains("unknown value finished"), "\(output)")
            }
        }
    }
}
