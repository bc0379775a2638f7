import Foundation
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPLocalCluster
import VDXPRuntime
import VDXPTrust

/// Interoperability: a client in another language, built from `proto/` and its comments alone, against the real
/// Exchange. The client is `Tests/Interop/python/vdxp_client.py` (Python grpcio + cryptography); it reports one JSON
/// line per step and exits 0 only if every expectation held.
@Suite("Foreign-language client", .serialized)
struct ForeignClientTests {
    /// Who sends to whom; the sender's seal decides the signature scheme.
    struct Direction: Sendable, CustomTestStringConvertible {
        let sender: DevelopmentMember
        let recipient: DevelopmentMember
        /// A unit registered under `sender` that the client sends for (`--acting-for`, Art. 8.2.b), with `sender`'s
        /// connection and seal.
        var actingFor: DevelopmentMember? = nil

        var testDescription: String {
            let unit = actingFor.map { " for \($0.organisationID)" } ?? ""
            return "\(sender.organisationID)\(unit) (\(sender.signingAlgorithm.rawValue)) → \(recipient.organisationID)"
        }
    }

    static let directions = [
        Direction(sender: TestPlatform.sender, recipient: TestPlatform.recipient),  // RSA-PSS SHA-256
        Direction(sender: TestPlatform.recipient, recipient: TestPlatform.sender),  // ECDSA P-256
        Direction(
            sender: TestPlatform.recipient, recipient: TestPlatform.sender,
            actingFor: ExchangeRepresentedUnitTests.department),  // the city's system for its department
    ]

    /// The steps the client must report, and for each refusal a word its message must contain, so that a refusal
    /// for another reason (e.g. an unregistered seal instead of an untrusted CA) does not pass.
    static let requiredSteps = [
        "send", "send answer names the acknowledge deadline and the legal value", "resend identical", "fetch inbox",
        "verify received signature", "download attachment 0", "acknowledge", "register",
        "06 after 03 is refused, naming 05", "listed as received", "sender sees REGISTERED",
        "retract after registration is a request",
        "retract request reaches the inbox as a notice", "recipient refuses the retract request",
        "update makes a new version", "an update keeps the document id as its next version",
        "acknowledging the revoking document does not confirm the revocation",
        "revocation is confirmed back to the sender", "refuse a seal signing twice",
        "retry refuses a delivery that did not fail",
        "a status_time outside years 1-9999 is INVALID_ARGUMENT naming it",
        "a lease 1 ns past one hour is INVALID_ARGUMENT",
        "Exchange still serves after bad input",
    ]
    static let refusals = [
        "refuse changed header byte": "signature",
        "refuse changed attachment byte": "sha256",
        "refuse changed signature byte": "signature",
        "refuse untrusted CA": "certificate_chain",
    ]

    @Test(
        "a Python client using only the proto files sends, receives, retracts, updates and revokes, and Exchange refuses tampered or untrusted documents",
        arguments: directions)
    func pythonClient(_ direction: Direction) async throws {
        let python = try await Self.pythonWithPackages()
        try await TestPlatform.with { platform in
            let pki = platform.pki
            let sender = pki.members[direction.sender.organisationID]!
            let recipient = pki.members[direction.recipient.organisationID]!
            var unitArguments: [String] = []
            if let unit = direction.actingFor {
                try await ExchangeRepresentedUnitTests.registerDepartment(in: platform)
                unitArguments = ["--acting-for", unit.organisationID]
            }
            let author = direction.actingFor ?? direction.sender
            let result = try await Self.run(
                python,
                arguments: [
                    RepositoryFiles.root.appendingPathComponent("Tests/Interop/python/vdxp_client.py").path,
                    "--exchange", "127.0.0.1:\(platform.exchange.port)",
                    "--ca", pki.platformCA,
                    "--cert", sender.connectionCertificate, "--key", sender.connectionKey,
                    "--signing-key", sender.signingKey, "--signing-chain", sender.signingChain,
                    "--algorithm", sender.signingAlgorithm.rawValue,
                    "--sender", "\(author.organisationID)=\(author.name)",
                    "--recipient", "\(direction.recipient.organisationID)=\(direction.recipient.name)",
                    "--recipient-cert", recipient.connectionCertificate, "--recipient-key", recipient.connectionKey,
                    "--signing-ca", pki.memberCA,
                    "--proto", RepositoryFiles.root.appendingPathComponent("proto").path,
                ] + unitArguments,
                timeout: .seconds(300))
            let transcript =
                "\(python.joined(separator: " ")) vdxp_client.py exited \(result.termination.code)"
                + (result.timedOut ? " (killed after the timeout)" : "")
                + "\n--- stdout\n\(result.standardOutput)--- stderr\n\(result.standardError)"
            #expect(result.termination.code == 0, "the Python client failed:\n\(transcript)")

            let steps = Self.steps(in: result.standardOutput)
            func describe(_ name: String) -> String {
                guard let step = steps[name], let json = try? JSONSerialization.data(withJSONObject: step) else {
                    return "step '\(name)' is missing (see the client's output above)"
                }
                return "step '\(name)': " + String(decoding: json, as: UTF8.self)
            }
            for name in Self.requiredSteps {
                #expect(steps[name]?["ok"] as? Bool == true, "\(describe(name))")
            }
            for (name, word) in Self.refusals {
                let step = steps[name]
                #expect(step?["ok"] as? Bool == true, "\(describe(name))")
                #expect(step?["code"] as? String == "INVALID_ARGUMENT", "\(describe(name))")
                #expect(
                    (step?["message"] as? String)?.contains(word) == true,
                    "should be refused for its \(word): \(describe(name))")
                #expect(
                    steps["\(name): nothing stored"]?["ok"] as? Bool == true, "\(describe("\(name): nothing stored"))")
            }
        }
    }

    // MARK: - Running the client

    /// The Python interpreter (as a command line) that has grpcio, grpcio-tools and cryptography: the `.venv` that
    /// `scripts/install-dependencies.sh` prepares, else `python3` on the PATH. Fails the test when there is none.
    static func pythonWithPackages() async throws -> [String] {
        let venv = RepositoryFiles.root.appendingPathComponent(".venv/bin/python3").path
        let candidates =
            (FileManager.default.isExecutableFile(atPath: venv) ? [[venv]] : []) + [["/usr/bin/env", "python3"]]
        var problems: [String] = []
        for candidate in candidates {
            let check = try await run(
                candidate, arguments: ["-c", "import grpc, grpc_tools, cryptography, google.rpc.status_pb2"],
                timeout: .seconds(60))
            if check.termination.code == 0 { return candidate }
            problems.append(
                "\(candidate.joined(separator: " ")): exit \(check.termination.code) \(check.standardError.suffix(400))"
            )
        }
        throw PythonMissing(
            description: """
                No Python 3 with grpcio, grpcio-tools, cryptography and googleapis-common-protos was found: run \
                scripts/install-dependencies.sh (it prepares .venv), or \
                `pip install grpcio grpcio-tools cryptography googleapis-common-protos`.
                \(problems.joined(separator: "\n"))
                """)
    }

    struct PythonMissing: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs a program to completion without blocking a concurrency thread (Exchange runs in this process too).
    /// Output goes to temporary files, so a chatty child can never block on a full pipe.
    static func run(
        _ command: [String], arguments: [String], timeout: Duration
    ) async throws -> ChildProcess.Completed {
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        environment["PYTHONIOENCODING"] = "utf-8"
        return try await ChildProcess.run(
            command[0], arguments: Array(command.dropFirst()) + arguments, environment: environment, timeout: timeout)
    }

    /// The client's JSON lines, by step name (the last line of each name wins).
    static func steps(in output: String) -> [String: [String: Any]] {
        var steps: [String: [String: Any]] = [:]
        for line in output.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let name = object["step"] as? String
            else { continue }
            steps[name] = object
        }
        return steps
    }
}
