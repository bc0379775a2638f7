import Foundation
import GRPCCore
import VDXPProto

/// Who may call each RPC of the platform, written out once more — independently of the services' own rule tables —
/// so that the security matrix (``SecurityMatrixTests``) can call every RPC as everyone who may not.
///
/// The rows are keyed by the fully qualified method name and checked against the generated service descriptors: an
/// RPC without a row fails the matrix, so a new RPC cannot be forgotten.
struct SecurityRow: Sendable {
    /// What a member whose connection is SUSPENDED or CUT_OFF gets from an RPC that members may call.
    enum Lifecycle: Sendable {
        /// Refused PERMISSION_DENIED naming the member's state: document traffic (Exchange) stops while the
        /// connection is not TRIAL or OFFICIAL.
        case refused
        /// Allowed on purpose (the reason): e.g. reading one's own record, asking to resume, opening a ticket.
        case allowed(String)
        /// Members may not call the RPC at all.
        case notApplicable
    }

    /// The operator (an `operator:<name>` platform certificate).
    var `operator` = false
    /// A member's system (a registered connection certificate).
    var member = false
    /// The platform services that may call.
    var services: Set<String> = []
    /// A platform auditor (an `auditor:<name>` platform certificate): reads of what everyone may read, and the
    /// whole platform's documents and figures.
    var auditor = false
    /// Anyone carrying a valid account token (AccountService's person-level RPCs).
    var accounts = false
    /// Served on Central's public listener, without a client certificate.
    var isPublic = false
    /// For RPCs members may call: what a suspended or cut-off member gets.
    var lifecycle: Lifecycle = .notApplicable

    /// Whether a caller of this platform identity passes the access rule.
    func permits(_ identity: PlatformIdentity) -> Bool {
        switch identity {
        case .operator: self.operator
        case .member: member
        case .service(let name): services.contains(name)
        case .auditor: auditor
        }
    }

    static let allServices: Set<String> = ["central", "exchange", "monitoring", "ticket", "report", "search"]

    static let operatorOnly = SecurityRow(operator: true)
    static func memberOnly(_ lifecycle: Lifecycle) -> SecurityRow { SecurityRow(member: true, lifecycle: lifecycle) }
    static func operatorOrMember(_ lifecycle: Lifecycle, services: Set<String> = []) -> SecurityRow {
        SecurityRow(operator: true, member: true, services: services, lifecycle: lifecycle)
    }
    static func operatorOr(_ services: Set<String>) -> SecurityRow { SecurityRow(operator: true, services: services) }
    static func servicesOnly(_ services: Set<String>) -> SecurityRow { SecurityRow(services: services) }
    static func anyone(_ lifecycle: Lifecycle) -> SecurityRow {
        SecurityRow(operator: true, member: true, services: allServices, auditor: true, lifecycle: lifecycle)
    }
    static func operatorOrAccount(services: Set<String> = []) -> SecurityRow {
        SecurityRow(operator: true, services: services, accounts: true)
    }

    /// Reasons members in any connection state keep an RPC.
    static let ownRecord = Lifecycle.allowed("a member reads its own record and the platform's in any state")
    static let ownConnection = Lifecycle.allowed("a member asks for its own suspension or resumption (Art. 9.4)")
    static let ownContact = Lifecycle.allowed("a member keeps its contact current in any state: alerts go there")
    static let support = Lifecycle.allowed("support stays open to a member that cannot exchange (Art. 15)")
    static let figures = Lifecycle.allowed("a member reads figures about itself in any state")

    /// One row per RPC of every service, by fully qualified method name.
    static let rows: [String: SecurityRow] = [
        // Central: the registry of members, the trust list and the signed configuration.
        "vdxp.central.v1.CentralService/CreateMember": .operatorOnly,
        "vdxp.central.v1.CentralService/GetMember": .operatorOrMember(ownRecord, services: ["monitoring"]),
        "vdxp.central.v1.CentralService/ListMembers": .operatorOr(["monitoring"]),
        "vdxp.central.v1.CentralService/StartTrial": .operatorOnly,
        "vdxp.central.v1.CentralService/MakeOfficial": .operatorOnly,
        "vdxp.central.v1.CentralService/CutOffMember": .operatorOnly,
        "vdxp.central.v1.CentralService/ReconnectMember": .operatorOnly,
        "vdxp.central.v1.CentralService/SuspendMember": .operatorOrMember(ownConnection),
        "vdxp.central.v1.CentralService/ResumeMember": .operatorOrMember(ownConnection),
        "vdxp.central.v1.CentralService/CloseOrganisationId": .operatorOnly,
        "vdxp.central.v1.CentralService/ScheduleEndpointChange": .operatorOrMember(ownConnection),
        "vdxp.central.v1.CentralService/UpdateMemberContact": .operatorOrMember(ownContact),
        "vdxp.central.v1.CentralService/RegisterRepresentedUnit": .operatorOnly,
        "vdxp.central.v1.CentralService/RemoveRepresentedUnit": .operatorOnly,
        "vdxp.central.v1.CentralService/ListRepresentedUnits": .operatorOrMember(ownRecord),
        "vdxp.central.v1.CentralService/AddMemberCertificate": .operatorOnly,
        "vdxp.central.v1.CentralService/RemoveMemberCertificate": .operatorOnly,
        "vdxp.central.v1.CentralService/AddTrustedAuthority": .operatorOnly,
        "vdxp.central.v1.CentralService/ListTrustedAuthorities": .anyone(ownRecord),
        "vdxp.central.v1.CentralService/RetireTrustedAuthority": .operatorOnly,
        "vdxp.central.v1.CentralService/UploadRevocationList": .operatorOnly,
        "vdxp.central.v1.CentralService/SetRevocationListUrl": .operatorOnly,
        "vdxp.central.v1.CentralService/GetGlobalConfiguration": .anyone(ownRecord),
        "vdxp.central.v1.CentralService/WatchGlobalConfiguration": .anyone(ownRecord),
        "vdxp.central.v1.CentralService/ListAuditEvents": .operatorOnly,
        "vdxp.central.v1.ServiceRegistryService/RequestServiceChange": .operatorOrMember(ownConnection),
        "vdxp.central.v1.ServiceRegistryService/GetServiceChangeRequest": .operatorOrMember(ownRecord),
        "vdxp.central.v1.ServiceRegistryService/ListServiceChangeRequests": .operatorOrMember(ownRecord),
        "vdxp.central.v1.ServiceRegistryService/DecideServiceChangeRequest": .operatorOnly,
        "vdxp.central.v1.ServiceRegistryService/ListServices": .anyone(ownRecord),
        "vdxp.central.v1.ServiceRegistryService/GetService": .anyone(ownRecord),
        "vdxp.central.v1.AccountService/CreateAccount": .operatorOrAccount(),
        "vdxp.central.v1.AccountService/GetAccount": .operatorOrAccount(services: ["ticket"]),
        "vdxp.central.v1.AccountService/ListAccounts": .operatorOrAccount(),
        "vdxp.central.v1.AccountService/SetAccountRoles": .operatorOrAccount(),
        "vdxp.central.v1.AccountService/LockAccount": .operatorOrAccount(services: ["ticket"]),
        "vdxp.central.v1.AccountService/UnlockAccount": .operatorOrAccount(),
        "vdxp.central.v1.AccountService/ChangePassword": .operatorOrAccount(),
        "vdxp.central.v1.AccountService/Login": .anyone(.allowed("a person signs in through its member's system")),
        "vdxp.central.v1.AccountService/ListNotifications": .operatorOnly,
        "vdxp.central.v1.AccountService/ListUndeliveredNotifications": .servicesOnly(["monitoring"]),
        "vdxp.central.v1.AccountService/MarkNotificationsDelivered": .servicesOnly(["monitoring"]),
        "vdxp.central.v1.PublicDirectoryService/ListDirectoryEntries": SecurityRow(isPublic: true),
        // Exchange: document traffic stops for a member that is not TRIAL or OFFICIAL; the journal is the platform's.
        "vdxp.exchange.v1.ExchangeService/SendDocument": .memberOnly(.refused),
        "vdxp.exchange.v1.ExchangeService/DownloadAttachment": .memberOnly(.refused),
        "vdxp.exchange.v1.ExchangeService/FetchInbox": .memberOnly(.refused),
        "vdxp.exchange.v1.ExchangeService/SubscribeInbox": .memberOnly(.refused),
        "vdxp.exchange.v1.ExchangeService/AcknowledgeDelivery": .memberOnly(.refused),
        "vdxp.exchange.v1.ExchangeService/UpdateDocumentStatus": .memberOnly(.refused),
        "vdxp.exchange.v1.ExchangeService/RejectDocument": .memberOnly(.refused),
        "vdxp.exchange.v1.ExchangeService/GetDocument": .memberOnly(.refused),
        "vdxp.exchange.v1.ExchangeService/ListSentDocuments": .memberOnly(.refused),
        "vdxp.exchange.v1.ExchangeService/ListReceivedDocuments": .memberOnly(.refused),
        "vdxp.exchange.v1.ExchangeService/WatchDocumentStatus": .memberOnly(.refused),
        "vdxp.exchange.v1.ExchangeService/RetractDocument": .memberOnly(.refused),
        "vdxp.exchange.v1.ExchangeService/AnswerRetractRequest": .memberOnly(.refused),
        "vdxp.exchange.v1.ExchangeService/ConfirmRevocation": .memberOnly(.refused),
        "vdxp.exchange.v1.ExchangeService/ListFailedDeliveries": .memberOnly(.refused),
        "vdxp.exchange.v1.ExchangeService/RetryDelivery": .memberOnly(.refused),
        "vdxp.exchange.v1.ExchangeService/StreamJournal": .operatorOr(["search", "report", "monitoring"]),
        "vdxp.exchange.v1.ExchangeService/ListJournalSeals": .operatorOr(["search", "report", "monitoring"]),
        // Monitoring.
        "vdxp.monitoring.v1.MonitoringService/Heartbeat": .memberOnly(
            .allowed("a heartbeat is how a suspended or cut-off member's connection is seen (Art. 9.2)")),
        "vdxp.monitoring.v1.MonitoringService/GetMemberConnection": .operatorOrMember(figures, services: ["report"]),
        "vdxp.monitoring.v1.MonitoringService/ListMemberConnections": .operatorOr(["report"]),
        "vdxp.monitoring.v1.MonitoringService/ListConnectionChanges": .operatorOrMember(figures, services: ["report"]),
        "vdxp.monitoring.v1.MonitoringService/ListComponents": .operatorOnly,
        "vdxp.monitoring.v1.MonitoringService/ListIncidents": .operatorOnly,
        "vdxp.monitoring.v1.MonitoringService/ListAlerts": .operatorOrMember(figures),
        "vdxp.monitoring.v1.MonitoringService/WatchAlerts": .operatorOrMember(figures),
        "vdxp.monitoring.v1.MonitoringService/AcknowledgeAlert": .operatorOnly,
        "vdxp.monitoring.v1.MonitoringService/GetOperationalStatistics": .operatorOrMember(
            figures, services: ["report"]),
        "vdxp.monitoring.v1.MonitoringService/SubmitAlert": .servicesOnly(["ticket"]),
        "vdxp.monitoring.v1.MonitoringService/RecordMemberActivity": .servicesOnly(["exchange"]),
        // Ticket: support stays open whatever the connection's state.
        "vdxp.ticket.v1.TicketService/OpenTicket": .operatorOrMember(support, services: ["monitoring"]),
        "vdxp.ticket.v1.TicketService/GetTicket": .operatorOrMember(support),
        "vdxp.ticket.v1.TicketService/ListTickets": .operatorOrMember(support),
        "vdxp.ticket.v1.TicketService/ListTicketEvents": .operatorOrMember(support),
        "vdxp.ticket.v1.TicketService/CommentOnTicket": .operatorOrMember(support),
        "vdxp.ticket.v1.TicketService/ChangeTicketState": .operatorOrMember(support),
        "vdxp.ticket.v1.TicketService/AssignTicket": .operatorOnly,
        "vdxp.ticket.v1.TicketService/SetTicketPriority": .operatorOnly,
        "vdxp.ticket.v1.TicketService/AddAttachment": .operatorOrMember(support),
        "vdxp.ticket.v1.TicketService/GetAttachment": .operatorOrMember(support),
        "vdxp.ticket.v1.TicketService/GetSlaFigures": .operatorOrMember(support, services: ["report"]),
        "vdxp.ticket.v1.TicketService/AnnounceMaintenance": .operatorOnly,
        "vdxp.ticket.v1.TicketService/CancelMaintenance": .operatorOnly,
        "vdxp.ticket.v1.TicketService/ListMaintenanceWindows": .anyone(support),
        "vdxp.ticket.v1.TicketService/SendNotice": .operatorOnly,
        "vdxp.ticket.v1.TicketService/ListNotices": .operatorOrMember(support),
        "vdxp.ticket.v1.TicketService/AcknowledgeNotice": .memberOnly(support),
        "vdxp.ticket.v1.TicketService/ReportLostCredential": .operatorOrMember(support),
        // Report and Search: figures and lookups; the projections' own state is the platform's.
        "vdxp.report.v1.ReportService/GetSummary": .anyone(figures),
        "vdxp.report.v1.ReportService/GetTimeSeries": .anyone(figures),
        "vdxp.report.v1.ReportService/GetBreakdown": .anyone(figures),
        "vdxp.report.v1.ReportService/ListRejectionReasons": .anyone(figures),
        "vdxp.report.v1.ReportService/ExportCsv": .anyone(figures),
        "vdxp.report.v1.ReportService/RenderQuarterlyReport": .anyone(figures),
        "vdxp.report.v1.ReportService/GetReportStatus": .operatorOr(allServices),
        "vdxp.report.v1.ReportService/RebuildProjection": .operatorOnly,
        "vdxp.search.v1.SearchService/SearchDocuments": .anyone(figures),
        "vdxp.search.v1.SearchService/LookupDocument": .anyone(figures),
        "vdxp.search.v1.SearchService/TraceDocument": .anyone(figures),
        "vdxp.search.v1.SearchService/ListQueryLog": .operatorOnly,
        "vdxp.search.v1.SearchService/GetIndexStatus": .operatorOr(allServices),
    ]

    /// Every RPC of every service, from the generated descriptors, with the service that serves it.
    static let methods: [(service: String, method: MethodDescriptor)] =
        Vdxp_Central_V1_CentralService.Method.descriptors.map { ("central", $0) }
        + Vdxp_Central_V1_ServiceRegistryService.Method.descriptors.map { ("central", $0) }
        + Vdxp_Central_V1_AccountService.Method.descriptors.map { ("central", $0) }
        + Vdxp_Central_V1_PublicDirectoryService.Method.descriptors.map { ("central", $0) }
        + Vdxp_Exchange_V1_ExchangeService.Method.descriptors.map { ("exchange", $0) }
        + Vdxp_Monitoring_V1_MonitoringService.Method.descriptors.map { ("monitoring", $0) }
        + Vdxp_Ticket_V1_TicketService.Method.descriptors.map { ("ticket", $0) }
        + Vdxp_Report_V1_ReportService.Method.descriptors.map { ("report", $0) }
        + Vdxp_Search_V1_SearchService.Method.descriptors.map { ("search", $0) }
}

/// A caller that has passed authentication: what an access rule decides on.
enum PlatformIdentity: Sendable, CustomStringConvertible {
    case `operator`
    case member
    case service(String)
    case auditor

    var description: String {
        switch self {
        case .operator: "the operator"
        case .member: "a member"
        case .service(let name): "service:\(name)"
        case .auditor: "a platform auditor"
        }
    }
}

/// Messages as raw bytes: lets the matrix call any RPC of any service with the same code, and send bytes no
/// generated client would.
struct RawBytes: MessageSerializer, MessageDeserializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { Array($0) }
    }
}

/// What one raw call came to.
enum RawOutcome: Sendable, Equatable, CustomStringConvertible {
    /// The server answered (at least one message, or the end of the stream) without an error.
    case answered
    /// The call failed with this status.
    case failed(RPCError.Code, String)

    var code: RPCError.Code? {
        if case .failed(let code, _) = self { return code }
        return nil
    }

    var message: String {
        if case .failed(_, let message) = self { return message }
        return ""
    }

    var description: String {
        switch self {
        case .answered: "answered"
        case .failed(let code, let message): "\(code): \(message.prefix(160))"
        }
    }
}

extension GRPCClient {
    /// Calls `method` with `messages` (raw protobuf bytes; one empty message by default), whatever its kind: on the
    /// wire every RPC is a stream of messages each way. Ends after the first response message, at the end of the
    /// response stream, or with the call's status; never waits for a connection that cannot be made.
    func raw(
        _ method: MethodDescriptor, messages: [[UInt8]] = [[]], metadata: Metadata = [:],
        timeout: Duration = .seconds(10)
    ) async -> RawOutcome {
        var options = CallOptions.defaults
        options.timeout = timeout
        options.waitForReady = false
        do {
            try await bidirectionalStreaming(
                request: StreamingClientRequest(of: [UInt8].self, metadata: metadata) { writer in
                    try await writer.write(contentsOf: messages)
                },
                descriptor: method, serializer: RawBytes(), deserializer: RawBytes(), options: options
            ) { response in
                for try await _ in response.messages { break }
            }
            return .answered
        } catch let error as RPCError {
            return .failed(error.code, error.message)
        } catch {
            return .failed(.unknown, "\(error)")
        }
    }
}
