import ArgumentParser
import Foundation
import VDXPClient
import VDXPDevelopment
import VDXPRuntime
import VDXPTrust

/// `vdxp pki init|crl`: the development PKI, without starting anything (for compose and Kubernetes dev overlays), and
/// revocation lists of its member CA (the simulated government CA), so that revocation can be tried locally.
struct PKI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The development PKI: platform CA, member CA, service, operator and demo member certificates.",
        subcommands: [Init.self, CRL.self])

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate (or complete) the development PKI and write pki.json describing it.")
        @Option(help: "Where the PKI lives.") var directory = ".vdxp/dev/pki"
        @Flag(help: "Print pki.json instead of a summary.") var json = false

        func run() async throws {
            let pki = try PKI.generate(in: directory)
            if json {
                print(String(decoding: try PKI.encoder.encode(pki), as: UTF8.self))
            } else {
                print("development PKI ready in \(pki.directory) (described by \(pki.directory)/pki.json)")
            }
        }
    }

    struct CRL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Have the development member CA issue a CRL (DER) revoking the given certificates.",
            discussion: """
                Upload it with `vdxp org upload-crl FILE`, or serve it over HTTP and name its URL with \
                `vdxp org crl-url`. Each new list needs a higher --number than the one Central holds.
                """)
        @Option(help: "Where the PKI lives.") var directory = ".vdxp/dev/pki"
        @Option(name: .customLong("revoke"), help: "A PEM certificate to revoke (repeat for several).")
        var revoked: [String] = []
        @Option(help: "The CRL number (cRLNumber): higher than the last list's.") var number: Int64
        @Option(help: "Where to write the CRL (DER).") var output: String

        func run() async throws {
            let pki = try PKI.load(from: directory)
            let crl = try DevelopmentPKI.memberRevocationList(pki, revoking: revoked, number: number)
            try Data(crl).write(to: URL(fileURLWithPath: output))
            print(
                "CRL number \(number) of the member CA, revoking \(revoked.count) certificate(s), written to \(output)")
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Generates the PKI of the local platform and writes `pki.json` beside it.
    static func generate(in directory: String) throws -> DevelopmentPKIPaths {
        let pki = try DevelopmentPKI.generate(
            in: directory, services: Dev.services, operators: ["admin"], auditors: ["inspector"],
            members: Dev.demoMembers)
        try encoder.encode(pki).write(to: URL(fileURLWithPath: pki.directory + "/pki.json"))
        return pki
    }

    /// Reads `pki.json` from `directory`, with every path moved under `directory` (the PKI may have been generated
    /// elsewhere and mounted here, as in a container).
    static func load(from directory: String) throws -> DevelopmentPKIPaths {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        guard let data = FileManager.default.contents(atPath: root + "/pki.json") else {
            throw CLIError("no pki.json in \(root): run `vdxp pki init --directory \(directory)` first")
        }
        let original = try JSONDecoder().decode(DevelopmentPKIPaths.self, from: data)
        let rebased = String(decoding: data, as: UTF8.self).replacingOccurrences(of: original.directory, with: root)
        return try JSONDecoder().decode(DevelopmentPKIPaths.self, from: Data(rebased.utf8))
    }
}

extension Dev {
    /// `vdxp dev seed`: register the demo members in a running Central, as the operator.
    struct Seed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register the member CA and the demo members in a running Central (idempotent).")
        @Option(help: "Central's gRPC address.") var central = "127.0.0.1:7100"
        @Option(help: "The PKI directory (with pki.json).") var pkiDirectory = ".vdxp/dev/pki"

        func run() async throws {
            guard let address = HostAndPort(central) else { throw CLIError("--central must be host:port") }
            let pki = try PKI.load(from: pkiDirectory)
            guard let admin = pki.operators["admin"] else { throw CLIError("the PKI has no operator 'admin'") }
            let client = PlatformClient(
                address: address, certificatePath: admin.certificate, keyPath: admin.key, platformCAPath: pki.platformCA
            )
            var lastError: (any Error)?
            for _ in 0..<60 {
                do {
                    try await DevelopmentSeeder.seed(central: client, pki: pki, members: Dev.demoMembers)
                    print(
                        "registered \(Dev.demoMembers.map(\.organisationID).joined(separator: ", ")) in Central at \(address)"
                    )
                    return
                } catch {
                    lastError = error
                    try await Task.sleep(for: .seconds(2))
                }
            }
            throw CLIError("cannot reach Central at \(address) to seed it: \(String(describing: lastError))")
        }
    }
}
