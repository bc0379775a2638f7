import Foundation
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPLocalCluster
import VDXPProto
import VDXPRuntime

/// The commands that change the platform at once ask before they act: without a terminal (as here, and in any script)
/// they do nothing and exit 2 unless given `--yes`.
@Suite("vdxp destructive commands ask first: --yes without a terminal", .serialized)
struct DestructiveCommandCLITests {
    @Test("org cut-off without --yes and without a terminal exits 2 and changes nothing; with --yes it cuts off")
    func cutOffNeedsYes() async throws {
        try await TestPlatform.with { platform in
            try await CommandFailureCLITests.withCluster(
                central: platform.central.description, pki: platform.pki, databaseURL: platform.databaseURL
            ) { cluster in
                let city = TestPlatform.recipient.organisationID
                func state() async throws -> Vdxp_Central_V1_MemberState {
                    try await platform.operatorClient.central {
                        try await $0.getMember(.with { $0.organisationID = city })
                    }.state
                }
                let before = try await state()
                #expect(before != .cutOff)

                let cutOff = ["org", "cut-off", city, "--incident", "INC-7: khóa bị lộ"]
                let (refused, message) = try await TicketCLITests.vdxp(cutOff, cluster: cluster)
                #expect(refused == 2, "\(message)")
                #expect(message.contains("cut off \(city)"), "it says what it would do: \(message)")
                #expect(message.contains("--yes"), "it says how to go ahead: \(message)")
                #expect(try await state() == before, "nothing changed")

                let (status, output) = try await TicketCLITests.vdxp(cutOff + ["--yes"], cluster: cluster)
                #expect(status == 0, "\(output)")
                #expect(try await state() == .cutOff, "\(output)")
            }
        }
    }

    /// Runs `vdxp` with `arguments` on a terminal (util-linux `script` gives it a pseudo-terminal) and `typed` as
    /// what the person types; returns its exit status and what the terminal showed.
    static func onTerminal(_ arguments: [String], typing typed: String) async throws -> (status: Int32, output: String)
    {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("vdxp").path
        let command = ([binary] + arguments).map { "'\($0.replacingOccurrences(of: "'", with: "'\\''"))'" }
            .joined(separator: " ")
        let script = "printf '%s\\n' '\(typed)' | script -qec \"\(command)\" /dev/null"
        let completed = try await ChildProcess.run("/bin/sh", arguments: ["-c", script], errors: .merged)
        return (completed.termination.code, completed.standardOutput)
    }

    @Test("on a terminal, org cut-off asks for the member's id: another answer changes nothing, the id cuts it off")
    func cutOffAsksOnATerminal() async throws {
        try await TestPlatform.with { platform in
            try await CommandFailureCLITests.withCluster(
                central: platform.central.description, pki: platform.pki, databaseURL: platform.databaseURL
            ) { cluster in
                let city = TestPlatform.recipient.organisationID
                func state() async throws -> Vdxp_Central_V1_MemberState {
                    try await platform.operatorClient.central {
                        try await $0.getMember(.with { $0.organisationID = city })
                    }.state
                }
                let before = try await state()
                let cutOff = ["org", "cut-off", city, "--incident", "INC-8", "--cluster", cluster]
                let (refused, message) = try await Self.onTerminal(cutOff, typing: "yes")
                #expect(refused == 2, "\(message)")
                #expect(message.contains("type \(city) to confirm"), "\(message)")
                #expect(message.contains("not confirmed"), "\(message)")
                #expect(try await state() == before, "nothing changed")

                let (status, output) = try await Self.onTerminal(cutOff, typing: city)
                #expect(status == 0, "\(output)")
                #expect(try await state() == .cutOff, "\(output)")
            }
        }
    }
}
