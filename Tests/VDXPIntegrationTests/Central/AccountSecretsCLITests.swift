import Foundation
import Testing
import VDXPDevelopment
import VDXPLocalCluster
import VDXPProto
import VDXPRuntime

/// `vdxp account` keeps passwords and tokens off the command line, where `ps` shows them to every user of the machine:
/// it reads them from files (`--password-file`, `--current-file`, `--new-file`, `--token-file`).
@Suite("vdxp account: passwords and tokens from files, not the command line", .serialized)
struct AccountSecretsCLITests {
    @Test("login reads --password-file (one trailing newline trimmed); passwd reads --current-file and --new-file")
    func passwordFiles() async throws {
        try await TestPlatform.with { platform in
            try await platform.createAccount("admin.g22", of: TestPlatform.sender, roles: [.memberAdmin])
            try await CommandFailureCLITests.withCluster(
                central: platform.central.description, pki: platform.pki, databaseURL: platform.databaseURL
            ) { cluster in
                let member = TestPlatform.sender.organisationID
                let folder = URL(fileURLWithPath: cluster).deletingLastPathComponent()
                func file(_ name: String, _ text: String) throws -> String {
                    let url = folder.appendingPathComponent(name)
                    try Data(text.utf8).write(to: url)
                    return url.path
                }
                let current = try file("current", TestPlatform.password + "\n")
                let login = ["account", "login", "admin.g22", "--as", member]
                let (status, output) = try await TicketCLITests.vdxp(
                    login + ["--password-file", current], cluster: cluster)
                #expect(status == 0, "\(output)")
                #expect(!output.contains("warning"), "\(output)")
                let token = try #require(
                    output.split(separator: "\n").first { !$0.hasPrefix("valid until") }.map(String.init),
                    "the token on standard output; its expiry on standard error")

                // The token from a file too; the new password from a file, the current one from another.
                let tokenFile = try file("token", token + "\n")
                let newPassword = "Mật-khẩu-mới-2026!"
                let new = try file("new", newPassword + "\n")
                let (changed, changeOutput) = try await TicketCLITests.vdxp(
                    [
                        "account", "passwd", "admin.g22", "--as", member, "--token-file", tokenFile,
                        "--current-file", current, "--new-file", new,
                    ], cluster: cluster)
                #expect(changed == 0, "\(changeOutput)")
                let (again, againOutput) = try await TicketCLITests.vdxp(
                    login + ["--password-file", new], cluster: cluster)
                #expect(again == 0, "signed in with the new password: \(againOutput)")

                // The old option still works, with a warning that others can see it.
                let (old, warned) = try await TicketCLITests.vdxp(
                    login + ["--password", newPassword], cluster: cluster)
                #expect(old == 0, "\(warned)")
                #expect(warned.contains("visible to other users"), "\(warned)")
            }
        }
    }

    /// A password typed on a terminal must not show on it: the person beside the operator, a screen share, a
    /// terminal's scrollback. `Tests/Terminal/type_at_prompt.py` runs the command on a pseudo-terminal and types only
    /// once the prompt shows.
    @Test("a password typed at the terminal's prompt is not echoed, and signs in")
    func typedPasswordIsNotEchoed() async throws {
        try await TestPlatform.with { platform in
            try await platform.createAccount("admin.g22", of: TestPlatform.sender, roles: [.memberAdmin])
            try await CommandFailureCLITests.withCluster(
                central: platform.central.description, pki: platform.pki, databaseURL: platform.databaseURL
            ) { cluster in
                let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                    .appendingPathComponent("vdxp").path
                let typist = RepositoryFiles.root.appendingPathComponent("Tests/Terminal/type_at_prompt.py").path
                let login = [
                    binary, "account", "login", "admin.g22", "--as", TestPlatform.sender.organisationID, "--cluster",
                    cluster,
                ]
                let completed = try await ChildProcess.run(
                    "/usr/bin/python3",
                    arguments: [typist, "--prompt", "password for admin.g22: ", "--text", TestPlatform.password, "--"]
                        + login,
                    environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VDXP_ACCOUNT_") },
                    errors: .merged)
                let shown = completed.standardOutput
                #expect(completed.termination.code == 0, "\(shown)")
                #expect(shown.contains("password for admin.g22: "), "the prompt: \(shown)")
                #expect(!shown.contains(TestPlatform.password), "what was typed is not on the terminal: \(shown)")
                #expect(shown.contains("valid until"), "signed in with it: \(shown)")
            }
        }
    }

    @Test("passwd takes its new password from VDXP_ACCOUNT_NEW_PASSWORD, not VDXP_ACCOUNT_PASSWORD (login's)")
    func newPasswordVariable() async throws {
        try await TestPlatform.with { platform in
            try await platform.createAccount("admin.g22", of: TestPlatform.sender, roles: [.memberAdmin])
            try await CommandFailureCLITests.withCluster(
                central: platform.central.description, pki: platform.pki, databaseURL: platform.databaseURL
            ) { cluster in
                let member = TestPlatform.sender.organisationID
                let token = try await platform.login("admin.g22").token
                let newPassword = "Mật-khẩu-mới-2026!"
                var environment = ProcessInfo.processInfo.environment
                environment["VDXP_ACCOUNT_PASSWORD"] = TestPlatform.password
                environment["VDXP_ACCOUNT_NEW_PASSWORD"] = newPassword
                environment["VDXP_ACCOUNT_TOKEN"] = token
                let folder = URL(fileURLWithPath: cluster).deletingLastPathComponent()
                let current = folder.appendingPathComponent("current").path
                try Data(TestPlatform.password.utf8).write(to: URL(fileURLWithPath: current))
                func vdxp(_ arguments: [String]) async throws -> (Int32, String) {
                    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                        .appendingPathComponent("vdxp").path
                    let completed = try await ChildProcess.run(
                        binary, arguments: arguments + ["--cluster", cluster], environment: environment,
                        errors: .merged)
                    return (completed.termination.code, completed.standardOutput)
                }
                let (changed, output) = try await vdxp(
                    ["account", "passwd", "admin.g22", "--as", member, "--current-file", current])
                #expect(changed == 0, "\(output)")
                // Signs in with the new password (from the variable), not with the old one.
                _ = try await platform.login("admin.g22", password: newPassword)
                await #expect(throws: (any Error).self) { try await platform.login("admin.g22") }
            }
        }
    }
}
