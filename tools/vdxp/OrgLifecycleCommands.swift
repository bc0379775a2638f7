import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPTrust

/// `vdxp org trial|official|cut-off|reconnect|suspend|resume|close|endpoint|contact|retire-ca|audit|directory`: the
/// connection lifecycle (Art. 8–9), id closing, gateway changes (Art. 17.2), the contact alerts go to (Art. 9.2), the
/// trust list, the audit trail and the public directory (Art. 9.1).
extension Org {
    /// Calls Central as the operator, or as member `as` when given (for the changes a member makes about itself).
    static func central<Result: Sendable>(
        _ options: ClusterOptions, as member: String? = nil,
        _ body:
            @Sendable @escaping (Vdxp_Central_V1_CentralService.Client<HTTP2ClientTransport.Posix>) async throws ->
            Result
    ) async throws -> Result {
        let cluster = try options.load()
        let client = try member.map { try cluster.memberClient("central", as: $0) } ?? cluster.operatorClient("central")
        return try await client.central(body)
    }

    /// The member `id` as it stands, in words (`000.00.00.H26, Ủy ban nhân dân TP Hà Nội, now official`), for the
    /// plan a destructive command prints before it asks.
    static func describe(_ id: String, _ options: ClusterOptions) async throws -> String {
        let member = try await central(options) { try await $0.getMember(.with { $0.organisationID = id }) }
        return "\(id) (\(member.displayName)), now \(member.state.word)"
            + (member.stateReason.isEmpty ? "" : " — \(member.stateReason)")
    }

    static func report(_ member: Vdxp_Central_V1_Member, _ options: ClusterOptions) throws {
        if options.json { return try printJSON(member) }
        print(
            "\(member.organisationID) is \(member.state.word)"
                + (member.stateReason.isEmpty ? "" : " — \(member.stateReason)"))
    }

    struct Trial: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a REQUESTED member's trial connection (Art. 8.3).",
            discussion: """
                The member needs a connection certificate and both a contact e-mail and a contact phone (given with \
                `vdxp org create --email --phone`), where Monitoring's alerts go (Art. 9.2, 19.2).
                """)
        @OptionGroup var options: ClusterOptions
        @Argument var organisationID: String
        @Option(help: "A note for the record.") var note = ""
        func run() async throws {
            let (id, note) = (organisationID, self.note)
            try report(
                try await central(options) {
                    try await $0.startTrial(
                        .with {
                            $0.organisationID = id
                            $0.note = note
                        })
                }, options)
        }
    }

    struct Official: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a member's connection official after ≥ 1 week of trial.")
        @OptionGroup var options: ClusterOptions
        @Argument var organisationID: String
        @Option(help: "The trial's outcome.") var reason: String
        func run() async throws {
            let (id, reason) = (organisationID, self.reason)
            try report(
                try await central(options) {
                    try await $0.makeOfficial(
                        .with {
                            $0.organisationID = id
                            $0.reason = reason
                        })
                }, options)
        }
    }

    struct CutOff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cut-off", abstract: "Cut a member off after a security incident (Art. 9.4).")
        @OptionGroup var options: ClusterOptions
        @Argument var organisationID: String
        @Option(help: "The incident.") var incident: String
        @OptionGroup var confirmation: Confirmation
        func run() async throws {
            let (id, incident) = (organisationID, self.incident)
            try confirmation.confirm(
                [
                    "cut off \(try await describe(id, options)):",
                    "  its connection is refused from now, open streams end, until `vdxp org reconnect` (Art. 9.4)",
                ], typing: id, command: "org cut-off")
            try report(
                try await central(options) {
                    try await $0.cutOffMember(
                        .with {
                            $0.organisationID = id
                            $0.incident = incident
                        })
                }, options)
        }
    }

    struct Reconnect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reconnect a cut-off member after remediation (Art. 9.4).")
        @OptionGroup var options: ClusterOptions
        @Argument var organisationID: String
        @Option(help: "The remediation assessment.") var assessment: String
        func run() async throws {
            let (id, assessment) = (organisationID, self.assessment)
            try report(
                try await central(options) {
                    try await $0.reconnectMember(
                        .with {
                            $0.organisationID = id
                            $0.remediationAssessment = assessment
                        })
                }, options)
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suspend a connection at the member's request (Art. 9.5).")
        @OptionGroup var options: ClusterOptions
        @Argument var organisationID: String
        @Option(help: "Why.") var reason: String
        @Option(help: "Expected resumption day, yyyy-MM-dd.") var until: String
        @Option(help: "The member's written request (letter number and date, or ticket); required for the operator.")
        var request = ""
        @Option(name: .customLong("as"), help: "Act as this member instead of the operator.") var member: String?
        func run() async throws {
            let (id, reason, until, request) = (organisationID, self.reason, self.until, self.request)
            try report(
                try await central(options, as: member) {
                    try await $0.suspendMember(
                        .with {
                            $0.organisationID = id
                            $0.reason = reason
                            $0.expectedResumeDate = until
                            $0.memberRequestReference = request
                        })
                }, options)
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a suspended connection.")
        @OptionGroup var options: ClusterOptions
        @Argument var organisationID: String
        @Option(name: .customLong("as"), help: "Act as this member instead of the operator.") var member: String?
        func run() async throws {
            let id = organisationID
            try report(
                try await central(options, as: member) { try await $0.resumeMember(.with { $0.organisationID = id }) },
                options)
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close an organisation id and name its successor.")
        @OptionGroup var options: ClusterOptions
        @Argument var organisationID: String
        @Option(help: "The id that replaces it.") var successor: String
        @Option(help: "Why (e.g. the merger decision).") var reason: String
        @OptionGroup var confirmation: Confirmation
        func run() async throws {
            let (id, successor, reason) = (organisationID, self.successor, self.reason)
            try confirmation.confirm(
                [
                    "close the organisation id \(try await describe(id, options)):",
                    "  for good, with \(successor) as its successor; a closed id is never used again",
                ], typing: id, command: "org close")
            try report(
                try await central(options) {
                    try await $0.closeOrganisationId(
                        .with {
                            $0.organisationID = id
                            $0.successorOrganisationID = successor
                            $0.reason = reason
                        })
                }, options)
        }
    }

    struct Endpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Announce a gateway change, in effect ≥ 3 working days ahead (Art. 17.2).")
        @OptionGroup var options: ClusterOptions
        @Argument var organisationID: String
        @Option(help: "The new address.") var address: String
        @Option(help: "The day it takes effect, yyyy-MM-dd.") var from: String
        @Option(help: "What it is.") var description = ""
        @Option(name: .customLong("as"), help: "Act as this member instead of the operator.") var member: String?
        func run() async throws {
            let (id, address, from, description) = (organisationID, self.address, self.from, self.description)
            let member = try await central(options, as: self.member) {
                try await $0.scheduleEndpointChange(
                    .with {
                        $0.organisationID = id
                        $0.endpoint = .with {
                            $0.address = address
                            $0.effectiveDate = from
                            $0.description_p = description
                        }
                    })
            }
            if options.json { return try printJSON(member) }
            print("\(member.organisationID): gateway \(address) announced from \(from)")
        }
    }

    struct Contact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a member's contact e-mail and SMS telephone, where its alerts go (Art. 9.2, 19.2).")
        @OptionGroup var options: ClusterOptions
        @Argument var organisationID: String
        @Option(help: "The contact e-mail.") var email: String
        @Option(help: "The telephone for SMS.") var phone: String
        @Option(name: .customLong("as"), help: "Act as this member instead of the operator.") var member: String?
        func run() async throws {
            let (id, email, phone) = (organisationID, self.email, self.phone)
            let member = try await central(options, as: self.member) {
                try await $0.updateMemberContact(
                    .with {
                        $0.organisationID = id
                        $0.contact = .with {
                            $0.email = email
                            $0.phone = phone
                        }
                    })
            }
            if options.json { return try printJSON(member) }
            print("\(member.organisationID): contact \(member.contact.email), \(member.contact.phone)")
        }
    }

    struct RetireCA: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retire-ca", abstract: "Retire a trusted CA.")
        @OptionGroup var options: ClusterOptions
        @Argument var fingerprint: String
        @Option(help: "Why.") var reason: String
        @OptionGroup var confirmation: Confirmation
        func run() async throws {
            let (fingerprint, reason) = (self.fingerprint, self.reason)
            let authorities = try await central(options) { try await $0.listTrustedAuthorities(.init()) }
            let name =
                authorities.trustedAuthorities.first { $0.fingerprintSha256 == fingerprint }?.displayName
                ?? "not on the trust list"
            try confirmation.confirm(
                [
                    "retire the trusted CA \(fingerprint) (\(name)):",
                    "  the certificates it issued are no longer trusted for connections or seals",
                ], typing: fingerprint, command: "org retire-ca")
            let retired = try await central(options) {
                try await $0.retireTrustedAuthority(
                    .with {
                        $0.fingerprintSha256 = fingerprint
                        $0.reason = reason
                    })
            }
            if options.json { return try printJSON(retired) }
            print("retired \(retired.fingerprintSha256) (\(retired.displayName))")
        }
    }

    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the audit trail, newest first.")
        @OptionGroup var options: ClusterOptions
        @Option(help: "Only targets starting with this (e.g. an organisation id).") var target = ""
        @Option(help: "Only this action, e.g. cut_off_member.") var action = ""
        @OptionGroup var limit: ListLimit
        func run() async throws {
            let (target, action, limit) = (self.target, self.action, self.limit.limit)
            let (events, more) = try await central(options) { client in
                try await firstItems(limit) { token in
                    let page = try await client.listAuditEvents(
                        .with {
                            $0.targetPrefix = target
                            $0.action = action
                            $0.pageSize = Int32(min(limit + 1, 1000))
                            $0.pageToken = token
                        })
                    return (page.events, page.nextPageToken)
                }
            }
            self.limit.sayCut(more)
            let response = Vdxp_Central_V1_ListAuditEventsResponse.with { $0.events = events }
            if options.json { return try printJSON(response) }
            for event in response.events {
                print(
                    "\(event.recordTime.vietnamTime)  \(event.actor)  \(event.action)  \(event.target)  \(event.reason)"
                )
            }
        }
    }

    struct Directory: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read the public directory: connected members and their states, and closed ids (Art. 9.1).")
        @OptionGroup var options: ClusterOptions
        @Option(help: "Only members under this level-1 unit, e.g. H26.") var unit = ""
        func run() async throws {
            let cluster = try options.load()
            guard let text = cluster.services["central"]?.public, let address = HostAndPort(text) else {
                throw CLIError("\(cluster.path) names no public address for Central (services.central.public)")
            }
            let unit = self.unit
            CallRecord.note(
                .init(
                    service: "central's public directory", address: address, identity: "anyone (no certificate)",
                    timeout: cluster.callTimeout))
            let entries = try await withGRPCClient(
                transport: try TransportFactory.tlsClient(
                    target: address, caPath: cluster.credentials.platformCA, timeout: cluster.callTimeout)
            ) { client in
                let directory = Vdxp_Central_V1_PublicDirectoryService.Client(wrapping: client)
                return try await everyPage(
                    { token in
                        try await directory.listDirectoryEntries(
                            .with {
                                $0.level1Unit = unit
                                $0.includeClosed = true
                                $0.pageSize = 1000
                                $0.pageToken = token
                            })
                    }, items: \.entries, next: \.nextPageToken)
            }
            let response = Vdxp_Central_V1_ListDirectoryEntriesResponse.with { $0.entries = entries }
            if options.json { return try printJSON(response) }
            for entry in response.entries {
                print(
                    "\(entry.organisationID)  \(entry.state.word)  \(entry.displayName)"
                        + (entry.successorOrganisationID.isEmpty ? "" : " → \(entry.successorOrganisationID)")
                        + (entry.parentOrganisationID.isEmpty ? "" : "  (through \(entry.parentOrganisationID))"))
            }
        }
    }
}
