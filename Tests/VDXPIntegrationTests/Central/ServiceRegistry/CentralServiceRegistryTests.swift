import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust

/// The service registry (Art. 10): members ask to create, update or cancel the API services they offer; the operator
/// approves or rejects each request; approved services are published in the signed global configuration. Real
/// PostgreSQL, Central and Exchange over mutual TLS.
@Suite("Central service registry (Art. 10)", .serialized)
struct CentralServiceRegistryTests {
    static let sender = TestPlatform.sender.organisationID
    static let recipient = TestPlatform.recipient.organisationID

    /// What the Government Office declares for a look-up service (Art. 10.1: purpose, scope, documentation, principles).
    static let lookup = Vdxp_Central_V1_ServiceDefinition.with {
        $0.code = "tra-cuu-ho-so"
        $0.displayName = "Tra cứu hồ sơ thủ tục hành chính"
        $0.purpose = "Cho phép các bộ, ngành, địa phương tra cứu tình trạng hồ sơ"
        $0.scope = .with {
            $0.audience = .stateAgencies
            $0.description_p = "Chỉ phục vụ giải quyết thủ tục hành chính"
        }
        $0.documentationUri = "https://dichvu.vpcp.gov.vn/api/docs"
        $0.provisionPrinciples = "Sẵn sàng 24/7; tối đa 50 yêu cầu mỗi giây; bên khai thác lưu nhật ký truy vấn"
    }

    /// `lookup` with `change` applied.
    static func lookup(_ change: (inout Vdxp_Central_V1_ServiceDefinition) -> Void) -> Vdxp_Central_V1_ServiceDefinition
    {
        var definition = lookup
        change(&definition)
        return definition
    }

    @Test(
        "a member requests a service; once the operator approves it, it is in the catalogue and in the configuration Exchange follows"
    )
    func approvedServiceIsPublished() async throws {
        try await TestPlatform.with { platform in
            let filed = try await platform.serviceRegistry(as: TestPlatform.sender) {
                try await $0.requestServiceChange(.create(Self.lookup, note: "Dịch vụ mới"))
            }
            #expect(filed.state == .pending && filed.kind == .create && filed.serviceID == 0)
            #expect(filed.organisationID == Self.sender)
            #expect(filed.requestedBy == "member \(Self.sender)")
            #expect(filed.definition == Self.lookup && filed.note == "Dịch vụ mới")
            #expect(try await platform.serviceCatalogue().isEmpty, "nothing is offered before the operator decides")
            let versionBefore = try await platform.signedConfiguration().version

            let approved = try await platform.decideServiceChange(
                filed, .approve, reason: "Đã thẩm định yêu cầu kỹ thuật")
            #expect(approved.state == .approved && approved.serviceID > 0 && approved.serviceVersion == 1)
            #expect(approved.decidedBy == "operator admin" && approved.hasDecideTime)
            #expect(approved.decisionReason == "Đã thẩm định yêu cầu kỹ thuật")

            try await platform.waitForExchangeConfiguration()
            let held = try #require(platform.exchangeHost.globalConfiguration.current()).configuration
            #expect(held.version > versionBefore)
            #expect(held.services.count == 1)
            let published = try #require(held.services.first)
            #expect(published.serviceID == approved.serviceID && published.providerOrganisationID == Self.sender)
            #expect(published.definition == Self.lookup)
            #expect(published.version == 1 && published.state == .active && published.lastRequestID == filed.requestID)
            #expect(published.hasCreateTime && published.updateTime == published.createTime)

            // The catalogue is open to every authenticated caller: another member, a platform service.
            let seen = try await platform.serviceRegistry(as: TestPlatform.recipient) {
                try await $0.listServices(.init())
            }
            #expect(seen.services == [published])
            let one = try await platform.service("exchange", address: platform.central).serviceRegistry {
                try await $0.getService(.with { $0.serviceID = approved.serviceID })
            }
            #expect(one == published)

            let twice = await #expect(throws: RPCError.self, "a decided request cannot be decided again") {
                try await platform.decideServiceChange(filed, .reject, reason: "Nhầm")
            }
            #expect(twice?.code == .failedPrecondition)
            #expect(twice?.message.contains("already APPROVED") == true)
        }
    }

    @Test(
        "an approved update replaces the definition and raises the version; an approved cancellation withdraws the service"
    )
    func updateAndCancel() async throws {
        try await TestPlatform.with { platform in
            let serviceID = try await platform.approvedService(Self.lookup)
            let revised = Self.lookup {
                $0.code = ""  // a code never changes: an update may leave it empty
                $0.documentationUri = "https://dichvu.vpcp.gov.vn/api/v2/docs"
                $0.scope = .with {
                    $0.audience = .listedMembers
                    $0.consumerOrganisationIds = [Self.recipient]
                }
            }
            let update = try await platform.serviceRegistry(as: TestPlatform.sender) {
                try await $0.requestServiceChange(.update(serviceID, revised))
            }
            #expect(update.definition.code == Self.lookup.code, "the request carries the service's code")
            #expect(try await platform.serviceCatalogue().first?.definition == Self.lookup, "unchanged until approved")

            let updated = try await platform.decideServiceChange(update, .approve, reason: "Phiên bản 2 phù hợp")
            #expect(updated.serviceID == serviceID && updated.serviceVersion == 2)
            try await platform.waitForExchangeConfiguration()
            let afterUpdate = try #require(
                platform.exchangeHost.globalConfiguration.current()?.configuration.services.first)
            #expect(afterUpdate.version == 2 && afterUpdate.lastRequestID == update.requestID)
            #expect(afterUpdate.definition.documentationUri == "https://dichvu.vpcp.gov.vn/api/v2/docs")
            #expect(afterUpdate.definition.scope.consumerOrganisationIds == [Self.recipient])
            #expect(afterUpdate.definition.code == Self.lookup.code)
            #expect(afterUpdate.updateTime.date >= afterUpdate.createTime.date)

            let cancel = try await platform.serviceRegistry(as: TestPlatform.sender) {
                try await $0.requestServiceChange(.cancel(serviceID, note: "Ngừng cung cấp từ quý sau"))
            }
            #expect(
                !cancel.hasDefinition && cancel.serviceCode == Self.lookup.code
                    && cancel.note == "Ngừng cung cấp từ quý sau")
            let cancelled = try await platform.decideServiceChange(cancel, .approve, reason: "Đồng ý hủy bỏ")
            #expect(cancelled.serviceVersion == 3)
            try await platform.waitForExchangeConfiguration()
            #expect(platform.exchangeHost.globalConfiguration.current()?.configuration.services.isEmpty == true)
            #expect(try await platform.serviceCatalogue().isEmpty)

            // The provider still reads it, cancelled, for the record; other members no longer find it.
            let own = try await platform.serviceRegistry(as: TestPlatform.sender) {
                try await $0.getService(.with { $0.serviceID = serviceID })
            }
            #expect(own.state == .cancelled && own.version == 3)
            let hidden = await #expect(throws: RPCError.self) {
                try await platform.serviceRegistry(as: TestPlatform.recipient) {
                    try await $0.getService(.with { $0.serviceID = serviceID })
                }
            }
            #expect(hidden?.code == .notFound)
            let again = await #expect(throws: RPCError.self, "a cancelled service cannot be changed") {
                try await platform.serviceRegistry(as: TestPlatform.sender) {
                    try await $0.requestServiceChange(.cancel(serviceID))
                }
            }
            #expect(again?.code == .failedPrecondition)
            let reused = try await platform.serviceRegistry(as: TestPlatform.sender) {
                try await $0.requestServiceChange(.create(Self.lookup))
            }
            #expect(reused.state == .pending, "a cancelled service's code is free again")
        }
    }

    @Test(
        "a closed id files no service change, not even by its own system; what it filed before is approved only as a cancellation"
    )
    func closedIdFilesNothing() async throws {
        try await TestPlatform.with { platform in
            let serviceID = try await platform.approvedService(Self.lookup)
            let offered = Self.lookup { $0.code = "tra-cuu-moi" }
            let filedBefore = try await platform.serviceRegistry(as: TestPlatform.sender) {
                try await $0.requestServiceChange(.create(offered))
            }
            let successor = TestPlatform.stranger.organisationID
            _ = try await platform.operatorClient.central {
                try await $0.closeOrganisationId(
                    .with {
                        $0.organisationID = TestPlatform.sender.organisationID
                        $0.successorOrganisationID = successor
                        $0.reason = "Hợp nhất đơn vị hành chính"
                    })
            }
            for request in [
                Vdxp_Central_V1_RequestServiceChangeRequest.create(Self.lookup { $0.code = "tra-cuu-khac" }),
                .update(serviceID, Self.lookup { $0.purpose = "Tra cứu văn bản đã gửi" }), .cancel(serviceID),
            ] {
                let refused = await #expect(throws: RPCError.self, "\(request.kind)") {
                    try await platform.serviceRegistry(as: TestPlatform.sender) {
                        try await $0.requestServiceChange(request)
                    }
                }
                #expect(refused?.code == .failedPrecondition, "\(request.kind)")
                #expect(refused?.message.contains(successor) == true, "\(refused?.message ?? "")")
            }
            let approval = await #expect(throws: RPCError.self) {
                try await platform.decideServiceChange(filedBefore, .approve, reason: "Đạt yêu cầu")
            }
            #expect(approval?.code == .failedPrecondition)
            #expect(!(try await platform.serviceCatalogue().contains { $0.definition.code == "tra-cuu-moi" }))
        }
    }

    @Test("a rejected request changes nothing and keeps the operator's reason")
    func rejection() async throws {
        try await TestPlatform.with { platform in
            let serviceID = try await platform.approvedService(Self.lookup)
            let version = try await platform.signedConfiguration().version
            let careless = Self.lookup { $0.purpose = "Không rõ" }
            let update = try await platform.serviceRegistry(as: TestPlatform.sender) {
                try await $0.requestServiceChange(.update(serviceID, careless))
            }
            let noReason = await #expect(throws: RPCError.self, "a decision needs a reason") {
                try await platform.decideServiceChange(update, .reject, reason: "  ")
            }
            #expect(noReason?.code == .invalidArgument && noReason?.message.contains("reason") == true)

            let rejected = try await platform.decideServiceChange(update, .reject, reason: "Mục đích chưa rõ ràng")
            #expect(rejected.state == .rejected && rejected.serviceVersion == 0)
            #expect(rejected.decisionReason == "Mục đích chưa rõ ràng" && rejected.decidedBy == "operator admin")
            #expect(try await platform.signedConfiguration().version == version, "a rejection publishes nothing")
            let catalogue = try await platform.serviceCatalogue()
            #expect(catalogue.map(\.definition) == [Self.lookup] && catalogue.first?.version == 1)

            // The member reads the decision and its reason.
            let read = try await platform.serviceRegistry(as: TestPlatform.sender) {
                try await $0.getServiceChangeRequest(.with { $0.requestID = update.requestID })
            }
            #expect(read == rejected)
            let twice = await #expect(throws: RPCError.self, "a rejected request cannot be approved afterwards") {
                try await platform.decideServiceChange(update, .approve, reason: "Xem lại")
            }
            #expect(twice?.code == .failedPrecondition)
            #expect(twice?.message.contains("already REJECTED") == true)
        }
    }

    @Test("a member has at most 20 requests pending: a 21st is RESOURCE_EXHAUSTED until the operator decides one")
    func pendingRequestsBounded() async throws {
        try await TestPlatform.with { platform in
            var filed: [Vdxp_Central_V1_ServiceChangeRequest] = []
            for index in 0..<20 {
                let definition = Self.lookup { $0.code = "tra-cuu-\(index)" }
                filed.append(
                    try await platform.serviceRegistry(as: TestPlatform.sender) {
                        try await $0.requestServiceChange(.create(definition))
                    })
            }
            let twentyFirst = Self.lookup { $0.code = "tra-cuu-20" }
            let refused = await #expect(throws: RPCError.self) {
                try await platform.serviceRegistry(as: TestPlatform.sender) {
                    try await $0.requestServiceChange(.create(twentyFirst))
                }
            }
            #expect(refused?.code == .resourceExhausted, "\(String(describing: refused))")
            // Another member is not held back; one decision frees a place.
            _ = try await platform.serviceRegistry(as: TestPlatform.recipient) {
                try await $0.requestServiceChange(.create(twentyFirst))
            }
            _ = try await platform.decideServiceChange(filed[0], .reject, reason: "Trùng mục đích")
            let accepted = try await platform.serviceRegistry(as: TestPlatform.sender) {
                try await $0.requestServiceChange(.create(twentyFirst))
            }
            #expect(accepted.state == .pending)
        }
    }

    @Test("a member cannot decide, nor see or change another member's requests and services")
    func membersStayInTheirLane() async throws {
        try await TestPlatform.with { platform in
            let serviceID = try await platform.approvedService(Self.lookup)
            let pending = try await platform.serviceRegistry(as: TestPlatform.sender) {
                try await $0.requestServiceChange(.cancel(serviceID))
            }
            let other = TestPlatform.recipient
            let decide = await #expect(throws: RPCError.self, "only the operator decides") {
                try await platform.serviceRegistry(as: other) {
                    try await $0.decideServiceChangeRequest(
                        .with {
                            $0.requestID = pending.requestID
                            $0.decision = .approve
                            $0.reason = "Tự duyệt"
                        })
                }
            }
            #expect(decide?.code == .permissionDenied)
            let read = await #expect(throws: RPCError.self) {
                try await platform.serviceRegistry(as: other) {
                    try await $0.getServiceChangeRequest(.with { $0.requestID = pending.requestID })
                }
            }
            #expect(read?.code == .notFound)
            let list = await #expect(throws: RPCError.self) {
                try await platform.serviceRegistry(as: other) {
                    try await $0.listServiceChangeRequests(.with { $0.organisationID = Self.sender })
                }
            }
            #expect(list?.code == .permissionDenied)
            let own = try await platform.serviceRegistry(as: other) { try await $0.listServiceChangeRequests(.init()) }
            #expect(own.requests.isEmpty)

            let foreign: [(String, Vdxp_Central_V1_RequestServiceChangeRequest)] = [
                ("an update of another member's service", .update(serviceID, Self.lookup)),
                ("a cancellation of another member's service", .cancel(serviceID)),
                ("a change of a service that does not exist", .cancel(9_999)),
            ]
            for (label, request) in foreign {
                let error = await #expect(throws: RPCError.self, "\(label)") {
                    try await platform.serviceRegistry(as: other) { try await $0.requestServiceChange(request) }
                }
                #expect(error?.code == .notFound, "\(label)")
            }
            let forSomeoneElse = Vdxp_Central_V1_RequestServiceChangeRequest.create(Self.lookup, for: Self.sender)
            let impersonation = await #expect(throws: RPCError.self, "a member files only for itself") {
                try await platform.serviceRegistry(as: other) { try await $0.requestServiceChange(forSomeoneElse) }
            }
            #expect(impersonation?.code == .permissionDenied)
            let asService = await #expect(throws: RPCError.self, "a platform service is not a member") {
                try await platform.service("exchange", address: platform.central).serviceRegistry {
                    try await $0.requestServiceChange(.create(Self.lookup))
                }
            }
            #expect(asService?.code == .permissionDenied)
            // Nothing happened to the sender's service or request.
            #expect(try await platform.serviceCatalogue().map(\.serviceID) == [serviceID])
            let still = try await platform.operatorClient.serviceRegistry {
                try await $0.getServiceChangeRequest(.with { $0.requestID = pending.requestID })
            }
            #expect(still.state == .pending)
        }
    }

    @Test("requests are checked field by field; one pending request per service; a code in use is ALREADY_EXISTS")
    func validation() async throws {
        try await TestPlatform.with { platform in
            func refusal(_ request: Vdxp_Central_V1_RequestServiceChangeRequest) async -> RPCError? {
                await #expect(throws: RPCError.self) {
                    try await platform.serviceRegistry(as: TestPlatform.sender) {
                        try await $0.requestServiceChange(request)
                    }
                }
            }
            func with(_ change: (inout Vdxp_Central_V1_ServiceDefinition) -> Void)
                -> Vdxp_Central_V1_RequestServiceChangeRequest
            {
                .create(Self.lookup(change))
            }
            let invalid: [(Vdxp_Central_V1_RequestServiceChangeRequest, String)] = [
                (with { $0.code = "Tra_Cuu" }, "definition.code"),
                (with { $0.code = "" }, "definition.code is required"),
                (
                    with { $0.displayName = String(repeating: "x", count: 256) },
                    "definition.display_name has 256 characters"
                ),
                (with { $0.purpose = "" }, "definition.purpose is required"),
                (with { $0.clearScope() }, "definition.scope is required"),
                (with { $0.scope.audience = .listedMembers }, "definition.scope.consumer_organisation_ids"),
                (
                    with { $0.scope.consumerOrganisationIds = [Self.recipient] },
                    "definition.scope.consumer_organisation_ids"
                ),
                (with { $0.documentationUri = "http://dichvu.vpcp.gov.vn/api/docs" }, "definition.documentation_uri"),
                (with { $0.documentationUri = "https://" }, "definition.documentation_uri"),
                (with { $0.provisionPrinciples = "" }, "definition.provision_principles is required"),
                (.with { $0.definition = Self.lookup }, "kind"),
                (
                    .with {
                        $0.kind = .cancel
                        $0.serviceID = 1
                        $0.definition = Self.lookup
                    }, "definition must be unset"
                ),
            ]
            for (request, field) in invalid {
                let error = await refusal(request)
                #expect(error?.code == .invalidArgument, "\(field)")
                #expect(error?.message.contains(field) == true, "\(field): \(error?.message ?? "")")
            }

            let first = try await platform.serviceRegistry(as: TestPlatform.sender) {
                try await $0.requestServiceChange(.create(Self.lookup))
            }
            let secondPending = await refusal(.create(Self.lookup))
            #expect(secondPending?.code == .failedPrecondition)
            #expect(secondPending?.message.contains("request \(first.requestID)") == true)
            let approved = try await platform.decideServiceChange(first, .approve, reason: "Đạt")
            let inUse = await refusal(.create(Self.lookup))
            #expect(inUse?.code == .alreadyExists)
            let codeChange = await refusal(.update(approved.serviceID, Self.lookup { $0.code = "ma-khac" }))
            #expect(codeChange?.code == .invalidArgument && codeChange?.message.contains("definition.code") == true)

            // The operator files on a member's behalf, naming a registered member.
            let filed = try await platform.operatorClient.serviceRegistry {
                try await $0.requestServiceChange(.create(Self.lookup, for: Self.recipient))
            }
            #expect(filed.organisationID == Self.recipient && filed.requestedBy == "operator admin")
            let unknown = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.serviceRegistry {
                    try await $0.requestServiceChange(.create(Self.lookup, for: "000.00.00.H99"))
                }
            }
            #expect(unknown?.code == .notFound)

            // The operator lists every request, oldest first, a page at a time; the work queue is the PENDING ones.
            let page = try await platform.operatorClient.serviceRegistry {
                try await $0.listServiceChangeRequests(.with { $0.pageSize = 1 })
            }
            #expect(page.requests.map(\.requestID) == [first.requestID] && !page.nextPageToken.isEmpty)
            let next = try await platform.operatorClient.serviceRegistry { [token = page.nextPageToken] in
                try await $0.listServiceChangeRequests(
                    .with {
                        $0.pageSize = 1
                        $0.pageToken = token
                    })
            }
            #expect(next.requests.map(\.requestID) == [filed.requestID] && next.nextPageToken.isEmpty)
            let queue = try await platform.operatorClient.serviceRegistry {
                try await $0.listServiceChangeRequests(
                    .with {
                        $0.state = .pending
                        $0.organisationID = Self.recipient
                    })
            }
            #expect(queue.requests.map(\.requestID) == [filed.requestID])
        }
    }

    @Test("every request and decision is in the audit log: who, what, when and why")
    func auditTrail() async throws {
        try await TestPlatform.with { platform in
            let start = Date().addingTimeInterval(-1)
            let create = try await platform.serviceRegistry(as: TestPlatform.sender) {
                try await $0.requestServiceChange(.create(Self.lookup, note: "Dịch vụ mới"))
            }
            let created = try await platform.decideServiceChange(create, .approve, reason: "Đạt yêu cầu kỹ thuật")
            let update = try await platform.operatorClient.serviceRegistry {
                try await $0.requestServiceChange(
                    .update(created.serviceID, Self.lookup, for: Self.sender, note: "Theo công văn của đơn vị"))
            }
            _ = try await platform.decideServiceChange(update, .reject, reason: "Không có thay đổi")
            let cancel = try await platform.serviceRegistry(as: TestPlatform.sender) {
                try await $0.requestServiceChange(.cancel(created.serviceID, note: "Ngừng cung cấp"))
            }
            _ = try await platform.decideServiceChange(cancel, .approve, reason: "Đồng ý")

            let member = "member \(Self.sender)"
            let target = { (request: Vdxp_Central_V1_ServiceChangeRequest) in
                "\(Self.sender)/serviceChangeRequests/\(request.requestID)"
            }
            let events = try await platform.serviceAuditLog()
            #expect(
                events.map { [$0.actor, $0.action, $0.target, $0.reason] } == [
                    [member, "request_service_create", target(create), "Dịch vụ mới"],
                    ["operator admin", "approve_service_create", target(create), "Đạt yêu cầu kỹ thuật"],
                    ["operator admin", "request_service_update", target(update), "Theo công văn của đơn vị"],
                    ["operator admin", "reject_service_update", target(update), "Không có thay đổi"],
                    [member, "request_service_cancel", target(cancel), "Ngừng cung cấp"],
                    ["operator admin", "approve_service_cancel", target(cancel), "Đồng ý"],
                ])
            #expect(events.allSatisfy { $0.time >= start && $0.time <= Date().addingTimeInterval(1) })
        }
    }

    /// Two filings for one service at the same moment both pass the check for a pending one; the unique index stops the
    /// second. Its refusal surfaced only when the inserted row was read, outside the code that turned it into
    /// FAILED_PRECONDITION, so the caller got INTERNAL. Here the first filing is a transaction held open, so the race
    /// happens every time.
    @Test("a filing racing another for the same service is FAILED_PRECONDITION naming the pending one, never INTERNAL")
    func concurrentFilings() async throws {
        try await TestPlatform.with { platform in
            let filing = try await platform.database { database in
                try await database.transaction(logger: platform.logger) { connection in
                    try await database.query(
                        """
                        INSERT INTO central.service_change_requests
                            (kind, organisation_id, code, definition, state, requested_by, request_time)
                        VALUES (1, \(Self.sender), \(Self.lookup.code), '{}'::jsonb, 1, \("member " + Self.sender), now())
                        """, on: connection, logger: platform.logger)
                    let filing = Task {
                        try await platform.serviceRegistry(as: TestPlatform.sender) {
                            try await $0.requestServiceChange(.create(Self.lookup))
                        }
                    }
                    // Commit only once the filing waits on the row held here.
                    for _ in 0..<200 {
                        let waiting =
                            try await database.query(
                                """
                                SELECT count(*) FROM pg_stat_activity
                                WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO central.service_change_requests%'
                                  AND pid <> pg_backend_pid()
                                """, logger: platform.logger
                            ).collect().first?.decode(Int.self) ?? 0
                        if waiting > 0 { break }
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    return filing
                }
            }
            let refused = await #expect(throws: RPCError.self) { try await filing.value }
            #expect(refused?.code == .failedPrecondition, "\(String(describing: refused))")
            #expect(refused?.message.contains("filed at the same moment") == true)
        }
    }
}

/// One row of `central.audit_log`.
private struct ServiceAuditEvent: Sendable {
    var actor: String
    var action: String
    var target: String
    var reason: String
    var time: Date
}

extension Vdxp_Central_V1_RequestServiceChangeRequest {
    fileprivate static func create(
        _ definition: Vdxp_Central_V1_ServiceDefinition, for member: String = "", note: String = ""
    ) -> Self {
        .with {
            $0.kind = .create
            $0.organisationID = member
            $0.definition = definition
            $0.note = note
        }
    }

    fileprivate static func update(
        _ serviceID: Int64, _ definition: Vdxp_Central_V1_ServiceDefinition, for member: String = "", note: String = ""
    ) -> Self {
        .with {
            $0.kind = .update
            $0.organisationID = member
            $0.serviceID = serviceID
            $0.definition = definition
            $0.note = note
        }
    }

    fileprivate static func cancel(_ serviceID: Int64, note: String = "") -> Self {
        .with {
            $0.kind = .cancel
            $0.serviceID = serviceID
            $0.note = note
        }
    }
}

extension TestPlatform {
    fileprivate typealias Registry = Vdxp_Central_V1_ServiceRegistryService.Client<HTTP2ClientTransport.Posix>

    /// Calls Central's service registry as `member`.
    fileprivate func serviceRegistry<Result: Sendable>(
        as member: DevelopmentMember, _ body: @Sendable (Registry) async throws -> Result
    ) async throws -> Result {
        try await self.member(member, service: central).serviceRegistry(body)
    }

    /// Decides `request` as the operator.
    @discardableResult
    fileprivate func decideServiceChange(
        _ request: Vdxp_Central_V1_ServiceChangeRequest, _ decision: Vdxp_Central_V1_ServiceDecision, reason: String
    ) async throws -> Vdxp_Central_V1_ServiceChangeRequest {
        try await operatorClient.serviceRegistry {
            try await $0.decideServiceChangeRequest(
                .with {
                    $0.requestID = request.requestID
                    $0.decision = decision
                    $0.reason = reason
                })
        }
    }

    /// Files a CREATE as the sender and approves it; returns the new service's id.
    fileprivate func approvedService(_ definition: Vdxp_Central_V1_ServiceDefinition) async throws -> Int64 {
        let filed = try await serviceRegistry(as: TestPlatform.sender) {
            try await $0.requestServiceChange(.create(definition))
        }
        return try await decideServiceChange(filed, .approve, reason: "Đạt yêu cầu").serviceID
    }

    /// The catalogue as the operator lists it.
    fileprivate func serviceCatalogue() async throws -> [Vdxp_Central_V1_RegisteredService] {
        try await operatorClient.serviceRegistry { try await $0.listServices(.init()) }.services
    }

    /// The configuration Central publishes now, parsed.
    fileprivate func signedConfiguration() async throws -> Vdxp_Central_V1_GlobalConfiguration {
        let signed = try await operatorClient.central { try await $0.getGlobalConfiguration(.init()) }
        return try Vdxp_Central_V1_GlobalConfiguration(serializedBytes: signed.configuration)
    }

    /// The service registry's rows of `central.audit_log`, oldest first, read straight from the database.
    fileprivate func serviceAuditLog() async throws -> [ServiceAuditEvent] {
        let client = PostgresClient(
            configuration: try DatabaseURL(databaseURL).clientConfiguration(), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: [ServiceAuditEvent]?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            let rows = try await client.query(
                """
                SELECT actor, action, target, reason, record_time FROM central.audit_log
                WHERE action LIKE '%\\_service\\_%' ORDER BY id
                """, logger: logger)
            var events: [ServiceAuditEvent] = []
            for try await row in rows.decode((String, String, String, String, Date).self) {
                events.append(.init(actor: row.0, action: row.1, target: row.2, reason: row.3, time: row.4))
            }
            group.cancelAll()
            return events
        }
    }
}
