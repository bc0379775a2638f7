import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

/// `vdxp service request|list|requests|approve|reject|show`: the service registry in Central (Art. 10). Members file
/// requests to create, update or cancel the API services they offer (`--as <organisation id>`); the operator approves
/// or rejects them; approved services are listed in the catalogue and the global configuration.
struct ServiceRegistry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "Members' API services (Art. 10): requests, decisions and the catalogue.",
        subcommands: [Request.self, List.self, Requests.self, Approve.self, Reject.self, Show.self])

    /// Who calls: the operator, or the member named by `--as`.
    struct Caller: ParsableArguments {
        @OptionGroup var options: ClusterOptions
        @Option(
            name: .customLong("as"),
            help: ArgumentHelp(
                "Act as this member (its dev certificates); the operator otherwise.", valueName: "organisation-id"))
        var member: String?

        /// Runs `body` with a registry client for this caller.
        func registry<Result: Sendable>(
            _ body:
                @Sendable @escaping (Vdxp_Central_V1_ServiceRegistryService.Client<HTTP2ClientTransport.Posix>)
                async throws -> Result
        ) async throws -> Result {
            let cluster = try options.load()
            let client =
                try member.map { try cluster.memberClient("central", as: $0) } ?? cluster.operatorClient("central")
            return try await client.serviceRegistry(body)
        }
    }

    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask to create, update or cancel a service (Art. 10.1).",
            discussion: """
                A create or an update gives the complete definition: --code (create only; a code never changes), \
                --name, --purpose, --audience, --documentation and --principles. A cancel needs only --service-id. \
                A member files for itself with --as; the operator files for a member with --for.
                """)
        @OptionGroup var caller: Caller
        @Argument(help: "create, update or cancel.") var kind: String
        @Option(help: "The service (update, cancel).") var serviceID: Int64 = 0
        @Option(
            name: .customLong("for"),
            help: ArgumentHelp("As the operator: the member the request is for.", valueName: "organisation-id"))
        var organisationID = ""
        @Option(help: "The service code (create), e.g. tra-cuu-ho-so.") var code = ""
        @Option(help: "The service's name.") var name = ""
        @Option(help: "What the service is for.") var purpose = ""
        @Option(help: "Who may use it: all, state-agencies or listed.") var audience = "all"
        @Option(help: "With --audience listed: a member that may use it (repeat).") var consumer: [String] = []
        @Option(help: "Conditions of use.") var scopeDescription = ""
        @Option(help: "The https:// URL of the documentation for users.") var documentation = ""
        @Option(help: "The principles on which it is provided.") var principles = ""
        @Option(help: "An explanation for the operator.") var note = ""

        func run() async throws {
            let request = try makeRequest()
            let filed = try await caller.registry { try await $0.requestServiceChange(request) }
            if caller.options.json { return try printJSON(filed) }
            print(
                "filed request \(filed.requestID) (\(filed.kind.word) of '\(filed.serviceCode)'): PENDING the operator's decision"
            )
        }

        private func makeRequest() throws -> Vdxp_Central_V1_RequestServiceChangeRequest {
            let kinds: [String: Vdxp_Central_V1_ServiceChangeKind] = [
                "create": .create, "update": .update, "cancel": .cancel,
            ]
            let audiences: [String: Vdxp_Central_V1_ServiceAudience] = [
                "all": .allMembers, "state-agencies": .stateAgencies, "listed": .listedMembers,
            ]
            guard let kindValue = kinds[kind] else { throw CLIError("the kind must be create, update or cancel") }
            guard let audienceValue = audiences[audience] else {
                throw CLIError("--audience must be all, state-agencies or listed")
            }
            return .with {
                $0.kind = kindValue
                $0.organisationID = organisationID
                $0.serviceID = serviceID
                $0.note = note
                guard kindValue != .cancel else { return }
                $0.definition = .with {
                    $0.code = code
                    $0.displayName = name
                    $0.purpose = purpose
                    $0.scope = .with {
                        $0.audience = audienceValue
                        $0.consumerOrganisationIds = consumer
                        $0.description_p = scopeDescription
                    }
                    $0.documentationUri = documentation
                    $0.provisionPrinciples = principles
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the catalogue of approved, active services.")
        @OptionGroup var caller: Caller
        @Option(help: "Only this provider's services.") var provider = ""
        func run() async throws {
            let provider = self.provider
            let services = try await caller.registry { registry in
                try await everyPage(
                    { token in
                        try await registry.listServices(
                            .with {
                                $0.providerOrganisationID = provider
                                $0.pageSize = 1000
                                $0.pageToken = token
                            })
                    }, items: \.services, next: \.nextPageToken)
            }
            let response = Vdxp_Central_V1_ListServicesResponse.with { $0.services = services }
            if caller.options.json { return try printJSON(response) }
            if response.services.isEmpty { print("no services") }
            for service in response.services { print(service.line) }
        }
    }

    struct Requests: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List requests, oldest first (the operator: all; a member: its own).")
        @OptionGroup var caller: Caller
        @Option(help: "pending, approved or rejected.") var state: String?
        @Option(help: "Only this member's requests (operator).") var member = ""
        @Option(help: "Only requests about this service.") var serviceID: Int64 = 0
        func run() async throws {
            let states: [String: Vdxp_Central_V1_ServiceChangeState] = [
                "pending": .pending, "approved": .approved, "rejected": .rejected,
            ]
            let stateValue =
                try state.map { name in
                    guard let value = states[name] else {
                        throw CLIError("--state must be pending, approved or rejected")
                    }
                    return value
                } ?? .unspecified
            let (member, serviceID) = (self.member, self.serviceID)
            let requests = try await caller.registry { registry in
                try await everyPage(
                    { token in
                        try await registry.listServiceChangeRequests(
                            .with {
                                $0.state = stateValue
                                $0.organisationID = member
                                $0.serviceID = serviceID
                                $0.pageSize = 1000
                                $0.pageToken = token
                            })
                    }, items: \.requests, next: \.nextPageToken)
            }
            let response = Vdxp_Central_V1_ListServiceChangeRequestsResponse.with { $0.requests = requests }
            if caller.options.json { return try printJSON(response) }
            if response.requests.isEmpty { print("no requests") }
            for request in response.requests { print(request.line) }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a pending request (operator, Art. 10.2).")
        @OptionGroup var decision: Decision
        func run() async throws { try await decision.apply(.approve) }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a pending request (operator, Art. 10.2).")
        @OptionGroup var decision: Decision
        func run() async throws { try await decision.apply(.reject) }
    }

    /// The arguments of `approve` and `reject`, and the call they make.
    struct Decision: ParsableArguments {
        @OptionGroup var options: ClusterOptions
        @Argument(help: "The request id.") var requestID: Int64
        @Option(help: "Why (sent to the member and recorded in the audit log).") var reason: String

        func apply(_ decision: Vdxp_Central_V1_ServiceDecision) async throws {
            let (id, reason) = (requestID, self.reason)
            let decided = try await options.load().operatorClient("central").serviceRegistry {
                try await $0.decideServiceChangeRequest(
                    .with {
                        $0.requestID = id
                        $0.decision = decision
                        $0.reason = reason
                    })
            }
            if options.json { return try printJSON(decided) }
            print(decided.line)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a service, or with --request a request.")
        @OptionGroup var caller: Caller
        @Argument(help: "The service id (or request id with --request).") var id: Int64
        @Flag(help: "The id is a request id.") var request = false
        func run() async throws {
            let id = self.id
            if request {
                let found = try await caller.registry {
                    try await $0.getServiceChangeRequest(.with { $0.requestID = id })
                }
                if caller.options.json { return try printJSON(found) }
                print(found.line)
                if !found.note.isEmpty { print("  note: \(found.note)") }
                if found.hasDefinition { found.definition.printDetails() }
            } else {
                let found = try await caller.registry { try await $0.getService(.with { $0.serviceID = id }) }
                if caller.options.json { return try printJSON(found) }
                print(found.line)
                found.definition.printDetails()
            }
        }
    }
}

extension Vdxp_Central_V1_RegisteredService {
    /// One line for people.
    fileprivate var line: String {
        let state = state == .active ? "" : " CANCELLED"
        return "\(serviceID)  \(providerOrganisationID)  \(definition.code)  v\(version)\(state)  "
            + "\(definition.displayName)  (updated \(VietnamTime.format(updateTime.date)))"
    }
}

extension Vdxp_Central_V1_ServiceChangeRequest {
    /// One line for people.
    fileprivate var line: String {
        var text =
            "request \(requestID)  \(kind.word) \(organisationID)/\(serviceCode)"
            + (serviceID == 0 ? "" : " (service \(serviceID))")
            + "  \(state.word)  filed by \(requestedBy) at \(VietnamTime.format(requestTime.date))"
        if state != .pending {
            text += "; decided by \(decidedBy) at \(VietnamTime.format(decideTime.date)): \(decisionReason)"
        }
        return text
    }
}

extension Vdxp_Central_V1_ServiceDefinition {
    /// The definition, one field a line.
    fileprivate func printDetails() {
        print("  name: \(displayName)\n  purpose: \(purpose)\n  documentation: \(documentationUri)")
        let audience =
            switch scope.audience {
            case .allMembers: "all members"
            case .stateAgencies: "state agencies"
            case .listedMembers: "listed members: " + scope.consumerOrganisationIds.joined(separator: ", ")
            default: "unspecified"
            }
        print("  scope: \(audience)" + (scope.description_p.isEmpty ? "" : " — \(scope.description_p)"))
        print("  principles: \(provisionPrinciples)")
    }
}

extension Vdxp_Central_V1_ServiceChangeKind {
    fileprivate var word: String {
        switch self {
        case .create: "create"
        case .update: "update"
        case .cancel: "cancel"
        default: "unspecified"
        }
    }
}

extension Vdxp_Central_V1_ServiceChangeState {
    fileprivate var word: String {
        switch self {
        case .pending: "PENDING"
        case .approved: "APPROVED"
        case .rejected: "REJECTED"
        default: "UNSPECIFIED"
        }
    }
}
