import ArgumentParser
import Foundation
import SwiftProtobuf
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPTrust

/// `vdxp org …`: the member registry in Central, as the operator.
struct Org: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage members in Central (as the operator).",
        subcommands: [
            List.self, Show.self, Create.self, AddCertificate.self, Trial.self, Official.self, CutOff.self,
            Reconnect.self, Suspend.self, Resume.self, Close.self, Endpoint.self, Contact.self, RetireCA.self,
            Audit.self,
            Directory.self, Units.self, Authorities.self, UploadCRL.self, CRLURL.self,
        ])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List members.")
        @OptionGroup var options: ClusterOptions
        func run() async throws {
            let members = try await options.load().operatorClient("central").central { central in
                try await everyPage(
                    { token in
                        try await central.listMembers(
                            .with {
                                $0.pageSize = 200
                                $0.pageToken = token
                            })
                    }, items: \.members, next: \.nextPageToken)
            }
            let response = Vdxp_Central_V1_ListMembersResponse.with { $0.members = members }
            if options.json { return try printJSON(response) }
            for member in response.members {
                print(
                    "\(member.organisationID)  \(member.state.word)  \(member.displayName)  (\(member.certificates.count) certificates)"
                )
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
            print("\(member.organisationID)  \(member.displayName)  \(member.state.word)  \(member.stateReason)")
            if !member.successorOrganisationID.isEmpty { print("  successor: \(member.successorOrganisationID)") }
            if member.hasEndpoint {
                print("  gateway: \(member.endpoint.address) since \(member.endpoint.effectiveDate)")
            }
            if member.hasPendingEndpointChange {
                let change = member.pendingEndpointChange.endpoint
                print("  gateway change announced: \(change.address) from \(change.effectiveDate)")
            }
            for certificate in member.certificates {
                print(
                    "  \(String(describing: certificate.usage))  \(certificate.fingerprintSha256)  \(certificate.subject)"
                )
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a member with its connection request (state REQUESTED, Art. 8.1).")
        @OptionGroup var options: ClusterOptions
        @Argument var organisationID: String
        @Option(help: "The organisation's official name.") var name: String
        @Option(help: "What the member will use the platform for.") var purpose: String
        @Option(help: "Which documents and partners the connection covers.") var scope: String
        @Option(help: "How conformity was established; giving it declares conformity.") var conformity: String
        @Option(help: "Contact e-mail for notices; required before the trial starts (Art. 19.2).") var email = ""
        @Option(help: "Contact phone for SMS; required before the trial starts (Art. 19.2).") var phone = ""
        func run() async throws {
            let (id, name, purpose, scope, conformity) = (
                organisationID, self.name, self.purpose, self.scope, self.conformity
            )
            let (email, phone) = (self.email, self.phone)
            let member = try await options.load().operatorClient("central").central {
                try await $0.createMember(
                    .with {
                        $0.member = .with {
                            $0.organisationID = id
                            $0.displayName = name
                            $0.connectionRequest = .with {
                                $0.purpose = purpose
                                $0.scope = scope
                                $0.declaresConformity = true
                                $0.conformityStatement = conformity
                            }
                            if !email.isEmpty || !phone.isEmpty {
                                $0.contact = .with {
                                    $0.email = email
                                    $0.phone = phone
                                }
                            }
                        }
                    })
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
                try await $0.addMemberCertificate(
                    .with {
                        $0.organisationID = id
                        $0.certificateDer = der
                        $0.usage = usageValue
                    })
            }
            if options.json { try printJSON(added) } else { print("registered \(added.fingerprintSha256)") }
        }
    }
}
