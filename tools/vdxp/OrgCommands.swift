import SwiftProtobuf
import ArgumentParser
import Foundation
import VDXPProto
import VDXPRuntime
import VDXPTrust

/// `vdxp org …`: the member registry in Central, as the operator.
struct Org: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage members in Central (as the operator).",
        subcommands: [List.self, Show.self, Create.self, AddCertificate.self, Disable.self, Enable.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List members.")
        @OptionGroup var options: ClusterOptions
        func run() async throws {
            let response = try await options.load().operatorClient("central").central {
                try await $0.listMembers(.with { $0.pageSize = 1000 })
            }
            if options.json { return try printJSON(response) }
            for member in response.members {
                print("\(member.organisationID)  \(String(describing: member.state))  \(member.displayName)  (\(member.certificates.count) certificates)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one member.")
        @OptionGroup var options: ClusterOptions
        @Argument var organisationID: String
        func run() async throws {
            let id = organisationID
            let member = try await options.load().operatorClient("central").central {
                try await $0.getMember(.with { $0.organisationID = id })
            }
            if options.json { return try printJSON(member) }
            print("\(member.organisationID)  \(member.displayName)  \(String(describing: member.state)) \(member.stateReason)")
            for certificate in member.certificates {
                print("  \(String(describing: certificate.usage))  \(certificate.fingerprintSha256)  \(certificate.subject)")
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a member.")
        @OptionGroup var options: ClusterOptions
        @Argument var organisationID: String
        @Option(help: "The organisation's official name.") var name: String
        func run() async throws {
            let (id, name) = (organisationID, self.name)
            let member = try await options.load().operatorClient("central").central {
                try await $0.createMember(.with { $0.member = .with { $0.organisationID = id; $0.displayName = name } })
            }
            if options.json { try printJSON(member) } else { print("registered \(member.organisationID)") }
        }
    }

    struct AddCertificate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a PEM certificate to a member.")
        @OptionGroup var options: ClusterOptions
        @Argument var organisationID: String
        @Option(help: "PEM file of the certificate.") var certificate: String
        @Option(help: "connection or signing.") var usage: String
        func run() async throws {
            let usageValue: Vdxp_Central_V1_CertificateUsage
            switch usage {
            case "connection": usageValue = .connection
            case "signing": usageValue = .signing
            default: throw CLIError("--usage must be connection or signing")
            }
            let der = Data(try PEM.loadCertificateChain(pemFile: certificate)[0].derEncodedBytes)
            let id = organisationID
            let added = try await options.load().operatorClient("central").central {
                try await $0.addMemberCertificate(.with { $0.organisationID = id; $0.certificateDer = der; $0.usage = usageValue })
            }
            if options.json { try printJSON(added) } else { print("registered \(added.fingerprintSha256)") }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a member from exchanging documents.")
        @OptionGroup var change: StateChange
        func run() async throws { try await change.apply(enable: false) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled member exchange documents again.")
        @OptionGroup var change: StateChange
        func run() async throws { try await change.apply(enable: true) }
    }

    /// The arguments of `disable` and `enable`, and the call they make.
    struct StateChange: ParsableArguments {
        @OptionGroup var options: ClusterOptions
        @Argument var organisationID: String
        @Option(help: "Why (recorded in the audit log).") var reason: String

        func apply(enable: Bool) async throws {
            let (id, reason) = (organisationID, self.reason)
            let member = try await options.load().operatorClient("central").central { central in
                enable
                    ? try await central.enableMember(.with { $0.organisationID = id; $0.reason = reason })
                    : try await central.disableMember(.with { $0.organisationID = id; $0.reason = reason })
            }
            if options.json { try printJSON(member) } else { print("\(enable ? "enabled" : "disabled") \(member.organisationID)") }
        }
    }
}
