import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCProtobuf
import PostgresNIO
import Prometheus
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPExchange
import VDXPLocalCluster
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust

/// What any member's system — or a careless operator — can send must never take a service down, and every refusal
/// must be a status code a client can act on (issue: "one call from any member kills Exchange").
@Suite("Hardening against what a client can send", .serialized)
struct HardeningTests {
    /// Times no `Timestamp` may hold: the int64 extremes, 2^62, year 10000, and nanos out of range.
    static let badTimestamps: [Google_Protobuf_Timestamp] = [
        .init(seconds: Int64.min, nanos: 0), .init(seconds: Int64.max, nanos: 0), .init(seconds: 1 << 62, nanos: 0),
        .init(seconds: 253_402_300_800, nanos: 0), .init(seconds: -62_135_596_801, nanos: 0),
        .init(seconds: 1_780_000_000, nanos: -1), .init(seconds: 1_780_000_000, nanos: Int32.max),
    ]

    /// Durations no `Duration` may hold, and the one that passes the 1 h lease limit by a nanosecond.
    static let badLeaseDurations: [Google_Protobuf_Duration] = [
        .init(seconds: Int64.min, nanos: 0), .init(seconds: Int64.max, nanos: 0), .init(seconds: 60, nanos: -1),
        .init(seconds: -60, nanos: 1), .init(seconds: 0, nanos: Int32.min), .init(seconds: 3600, nanos: 1),
    ]

    @Test(
        "status_time at the int64 extremes and beyond year 9999 is INVALID_ARGUMENT naming the field; Exchange keeps serving"
    )
    func statusTimeExtremes() async throws {
        try await TestPlatform.with { platform in
            let document = try await platform.sendDocument(TestPlatform.header(number: "901"))
            try await platform.receiveAll(as: TestPlatform.recipient)
            for time in Self.badTimestamps {
                for documentID in [document.documentID, "000.00.00.G22,2026,999/KHONG-CO"] {
                    let error = await #expect(throws: RPCError.self) {
                        try await platform.member(TestPlatform.recipient).exchange {
                            try await $0.updateDocumentStatus(
                                .with {
                                    $0.documentID = documentID
                                    $0.status = .registered
                                    $0.handler = TestPlatform.clerk
                                    $0.statusTime = time
                                })
                        }
                    }
                    #expect(error?.code == .invalidArgument, "\(time)")
                    #expect(error?.message.contains("status_time.") == true, "\(error?.message ?? "")")
                    #expect(Self.badRequestFields(error).contains { $0.hasPrefix("status_time.") })
                }
            }
            try await platform.expectServing()
            let registered = try await platform.report(.registered, on: document.documentID)
            #expect(registered.status == .registered)
        }
    }

    @Test(
        "lease_duration out of Duration's range, of mixed signs, or 1 ns past one hour is refused; Exchange keeps serving"
    )
    func leaseDurationExtremes() async throws {
        try await TestPlatform.with { platform in
            let recipient = platform.member(TestPlatform.recipient)
            for duration in Self.badLeaseDurations {
                let fetch = await #expect(throws: RPCError.self) {
                    try await recipient.exchange { try await $0.fetchInbox(.with { $0.leaseDuration = duration }) }
                }
                #expect(fetch?.code == .invalidArgument, "\(duration)")
                #expect(fetch?.message.contains("lease_duration") == true, "\(fetch?.message ?? "")")
                let subscribe = await #expect(throws: RPCError.self) {
                    try await recipient.exchange {
                        try await $0.subscribeInbox(.with { $0.leaseDuration = duration }) { response in
                            for try await _ in response.messages {}
                        }
                    }
                }
                #expect(subscribe?.code == .invalidArgument, "\(duration)")
            }
            try await platform.expectServing()
        }
    }

    @Test(
        "RetireTrustedAuthority at 2^62, the int64 extremes or year 10000 is refused; Central keeps serving and signing"
    )
    func retireTimeExtremes() async throws {
        try await TestPlatform.with { platform in
            let memberCA = try PEM.loadCertificateChain(pemFile: platform.pki.memberCA)[0]
            let fingerprint = CertificateFingerprint.sha256(of: memberCA)
            for time in Self.badTimestamps {
                let error = await #expect(throws: RPCError.self) {
                    try await platform.operatorClient.central {
                        try await $0.retireTrustedAuthority(
                            .with {
                                $0.fingerprintSha256 = fingerprint
                                $0.retireTime = time
                                $0.reason = "Thử"
                            })
                    }
                }
                #expect(error?.code == .invalidArgument, "\(time)")
                #expect(error?.message.contains("retire_time.") == true, "\(error?.message ?? "")")
            }
            let configuration = try await platform.operatorClient.central {
                try await $0.getGlobalConfiguration(.init())
            }
            let parsed = try Vdxp_Central_V1_GlobalConfiguration(serializedBytes: configuration.configuration)
            #expect(parsed.trustedAuthorities.allSatisfy { !$0.hasRetireTime })
            #expect(try parsed.jsonString().isEmpty == false, "the signed configuration still renders as JSON")
            try await platform.expectServing()
        }
    }

    @Test("an anchor-signed token whose times are not times is UNAUTHENTICATED, and no service falls over")
    func tokenWithImpossibleTimes() async throws {
        try await TestPlatform.with { platform in
            let key = try PEM.loadSigningKey(pemFile: platform.pki.configurationSigningKey)
            let issuer = AccountTokenIssuer(signingKey: key, lifetime: 900)
            for (issue, expire) in [
                (Int64.min, Int64(1_900_000_000)), (Int64(1_780_000_000), Int64.min),
                (Int64(1_780_000_000), Int64.max),
            ] {
                let claims = Vdxp_Central_V1_AccountTokenClaims.with {
                    $0.issuer = AccountTokenIssuer.issuerName
                    $0.tokenID = UUID().uuidString.lowercased()
                    $0.accountID = UUID().uuidString.lowercased()
                    $0.username = "admin.g22"
                    $0.organisationID = TestPlatform.sender.organisationID
                    $0.roles = [.memberAdmin]
                    $0.issueTime = .init(seconds: issue, nanos: 0)
                    $0.expireTime = .init(seconds: expire, nanos: 0)
                    $0.signatureAlgorithm = key.defaultAlgorithm.proto
                }
                let token = try issuer.token(for: claims)
                let metadata: Metadata = ["authorization": "Bearer \(token)"]
                let atExchange = await #expect(throws: RPCError.self) {
                    try await platform.member(TestPlatform.sender).exchange {
                        try await $0.listSentDocuments(.init(), metadata: metadata)
                    }
                }
                #expect(atExchange?.code == .unauthenticated)
                let atCentral = await #expect(throws: RPCError.self) {
                    try await platform.member(TestPlatform.sender, service: platform.central).central {
                        try await $0.getMember(
                            .with { $0.organisationID = TestPlatform.sender.organisationID }, metadata: metadata)
                    }
                }
                #expect(atCentral?.code == .unauthenticated)
            }
            try await platform.expectServing()
        }
    }

    @Test("a message over 4 MiB is RESOURCE_EXHAUSTED, counted as the client's error, and the server carries on")
    func oversizeMessage() async throws {
        try await TestPlatform.with { platform in
            let before = Self.count(code: "internal_error", methods: ["GetDocument"])
            let huge = String(repeating: "x", count: 5 * 1024 * 1024)
            let error = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.recipient).exchange {
                    try await $0.getDocument(.with { $0.documentID = huge })
                }
            }
            #expect(error?.code == .resourceExhausted)
            #expect(error?.message.contains("4 MiB") == true)
            #expect(
                Self.count(code: "internal_error", methods: ["GetDocument"]) == before,
                "a client's oversize message is not a server fault")
            #expect(Self.count(code: "resource_exhausted") >= 1)
            try await platform.expectServing()
        }
    }

    @Test(
        "a string holding U+0000 and a page token's time beyond year 9999 are INVALID_ARGUMENT naming the field, not a server fault"
    )
    func valuesNoDatabaseTakes() async throws {
        try await TestPlatform.with { platform in
            for number in ["911", "912"] { _ = try await platform.sendDocument(TestPlatform.header(number: number)) }
            let called = ["GetDocument", "SendDocument", "ListSentDocuments"]
            let before = Self.count(code: "internal_error", methods: called)
            let nul = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.recipient).exchange {
                    try await $0.getDocument(.with { $0.documentID = "000.00.00.G22,2026,911/VPCP\u{0}" })
                }
            }
            #expect(nul?.code == .invalidArgument)
            #expect(Self.badRequestFields(nul) == ["document_id"])
            // Inside the signed header, which travels as bytes: accepted, it stalled the journal followers of Search,
            // Monitoring and Report, each retrying forever to write the text PostgreSQL refuses.
            var header = TestPlatform.header(number: "913")
            header.subject = "Về việc kiểm tra\u{0} công tác văn thư"
            header.signer.fullName = "Nguyễn Văn\u{0}"
            let signed = header
            let inHeader = await #expect(throws: RPCError.self) { try await platform.sendDocument(signed) }
            #expect(inHeader?.code == .invalidArgument)
            #expect(
                Set(Self.badRequestFields(inHeader)) == ["document.header.subject", "document.header.signer.full_name"])

            let first = try await platform.member(TestPlatform.sender).exchange {
                try await $0.listSentDocuments(.with { $0.pageSize = 1 })
            }
            for micros in ["-9223372036854775808", "9223372036854775807", "253402300800000000"] {
                let token = try #require(PageTokenEdit.cursor(first.nextPageToken, field: "sendTimeMicros", to: micros))
                let far = await #expect(throws: RPCError.self) {
                    try await platform.member(TestPlatform.sender).exchange {
                        try await $0.listSentDocuments(
                            .with {
                                $0.pageSize = 1
                                $0.pageToken = token
                            })
                    }
                }
                #expect(far?.code == .invalidArgument, "\(micros)")
                #expect(Self.badRequestFields(far) == ["page_token"], "\(micros)")
            }
            #expect(
                Self.count(code: "internal_error", methods: called) == before,
                "what a client sent is not a server fault")
            let second = try await platform.member(TestPlatform.sender).exchange {
                try await $0.listSentDocuments(
                    .with {
                        $0.pageSize = 1
                        $0.pageToken = first.nextPageToken
                    })
            }
            #expect(second.documents.count == 1)
            try await platform.expectServing()
        }
    }

    @Test("a 100 kB id comes back as at most about 100 characters of it")
    func longIdsAreNotEchoed() async throws {
        try await TestPlatform.with { platform in
            let long = String(repeating: "7816/VPCP-TTĐT", count: 7_500)
            let error = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.recipient).exchange {
                    try await $0.getDocument(.with { $0.documentID = long })
                }
            }
            #expect(error?.code == .notFound)
            #expect((error?.message.count ?? .max) < 300, "\(error?.message.count ?? 0) characters")
            let delivery = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.recipient).exchange {
                    try await $0.acknowledgeDelivery(.with { $0.deliveryID = long })
                }
            }
            #expect(delivery?.code == .invalidArgument)
            #expect((delivery?.message.count ?? .max) < 300)
        }
    }

    @Test("a FetchInbox whose deadline has passed leases nothing and ends with DEADLINE_EXCEEDED")
    func expiredFetchLeasesNothing() async throws {
        try await TestPlatform.with { platform in
            try await platform.sendDocument(TestPlatform.header(number: "911"))
            let recipient = platform.member(TestPlatform.recipient)
            // The caller's deadline as the server receives it: already over.
            let expired: Metadata = ["grpc-timeout": "1n"]
            let error = await #expect(throws: RPCError.self) {
                try await recipient.exchange { try await $0.fetchInbox(.init(), metadata: expired) }
            }
            #expect(error?.code == .deadlineExceeded)
            let deliveries = try await platform.inbox(of: TestPlatform.recipient)
            #expect(deliveries.map(\.attempt) == [1], "the expired call took no lease, so this is the first attempt")
        }
    }

    @Test("a subscription still open at its deadline ends with DEADLINE_EXCEEDED, not OK")
    func subscriptionEndsAtDeadline() async throws {
        try await TestPlatform.with { platform in
            let metadata: Metadata = ["grpc-timeout": "1500m"]
            let error = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.recipient).exchange {
                    try await $0.subscribeInbox(.init(), metadata: metadata) { response in
                        for try await _ in response.messages {}
                    }
                }
            }
            #expect(error?.code == .deadlineExceeded)
        }
    }

    @Test(
        "a server fault reaches the client as INTERNAL with a request id, never a bare UNKNOWN; repaired, the same call is served"
    )
    func serverFaultIsInternal() async throws {
        try await TestPlatform.with { platform in
            _ = try await platform.database {
                try await $0.query("ALTER TABLE exchange.deliveries RENAME TO deliveries_gone")
            }
            let error = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.recipient).exchange { try await $0.fetchInbox(.init()) }
            }
            #expect(error?.code == .internalError)
            #expect(error?.message.contains("request id") == true, "\(error?.message ?? "")")
            _ = try await platform.database {
                try await $0.query("ALTER TABLE exchange.deliveries_gone RENAME TO deliveries")
            }
            // The inbox lease is a prepared statement whose preparation the fault refused: served again all the same.
            let inbox = try await platform.member(TestPlatform.recipient).exchange { try await $0.fetchInbox(.init()) }
            #expect(inbox.deliveries.isEmpty)
            try await platform.expectServing()
        }
    }

    @Test(
        "PostgreSQL stopped mid-send: prompt UNAVAILABLE, NOT_SERVING readiness, and back by itself once it returns")
    func databaseOutage() async throws {
        try await TestPlatform.with { platform in
            let messages = try (0..<40).map { try platform.messages(TestPlatform.header(number: "\(1000 + $0)")) }
            // A generous deadline on each send: a call left waiting on the database during the outage comes back
            // DEADLINE_EXCEEDED and fails the expectation below, instead of hanging the test.
            var sendOptions = CallOptions.defaults
            sendOptions.timeout = .seconds(20)
            let perSend = sendOptions
            let sender = Task {
                var codes: [RPCError.Code] = []
                for batch in messages {
                    do {
                        _ = try await platform.send(batch, options: perSend)
                    } catch let error as RPCError {
                        codes.append(error.code)
                    }
                    try? await Task.sleep(for: .milliseconds(100))
                }
                return codes
            }
            try await Task.sleep(for: .milliseconds(500))
            try await platform.cluster.stop()

            let name = ExchangeService.grpcServiceName
            try await platform.waitFor("Exchange's readiness to say NOT_SERVING") {
                platform.exchangeHost.health.status(of: name) == .notServing
            }
            var options = CallOptions.defaults
            options.timeout = .seconds(20)
            let callOptions = options
            let refused = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.recipient).exchange {
                    try await $0.fetchInbox(.init(), options: callOptions)
                }
            }
            #expect(refused?.code == .unavailable, "\(refused?.message ?? "")")
            #expect(refused?.message.contains("retry") == true)
            let codes = try await sender.value
            #expect(
                codes.allSatisfy { $0 == .unavailable },
                "sends during the outage failed only with UNAVAILABLE: \(codes)")

            try await platform.startDatabase()
            try await platform.waitFor("Exchange's readiness to say SERVING again") {
                platform.exchangeHost.health.status(of: name) == .serving
            }
            let after = try await platform.sendDocument(TestPlatform.header(number: "1999"))
            #expect(after.documentID.hasSuffix("1999/VPCP-TTĐT"))
        }
    }

    /// The fields named by the `google.rpc.BadRequest` details of `error`.
    static func badRequestFields(_ error: RPCError?) -> [String] { error?.badRequestFields ?? [] }

    /// The value of `vdxp_rpc_requests_total` summed over methods for one status code.
    /// How many RPCs of `methods` (names such as `GetDocument`; every method when empty) this process has answered
    /// with `code`. The registry is the process's: a test counts only the methods it calls, so that another test
    /// running beside it (a fault it provokes on purpose) does not move its count.
    static func count(code: String, methods: [String] = []) -> Int {
        var buffer: [UInt8] = []
        ServiceHost.registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self).split(separator: "\n")
            .filter { $0.hasPrefix("vdxp_rpc_requests_total{") && $0.contains("code=\"\(code)\"") }
            .filter { line in methods.isEmpty || methods.contains { line.contains("/\($0)\"") } }
            .compactMap { Int(Double($0.split(separator: " ").last ?? "") ?? 0) }
            .reduce(0, +)
    }
}

extension TestPlatform {
    /// Both services answer and are ready: Central signs configurations, Exchange takes calls.
    func expectServing() async throws {
        _ = try await operatorClient.central { try await $0.getGlobalConfiguration(.init()) }
        _ = try await member(TestPlatform.recipient).exchange {
            try await $0.fetchInbox(.with { $0.maxDeliveries = 1 })
        }
        #expect(exchangeHost.health.status(of: ExchangeService.grpcServiceName) == .serving)
    }

    /// Starts the platform's PostgreSQL again on the same port after `cluster.stop()`.
    func startDatabase() async throws {
        let url = try DatabaseURL(databaseURL)
        let restarted = LocalPostgresCluster(
            directory: cluster.directory, port: url.port, fastUnsafe: cluster.fastUnsafe, logger: logger)
        try await restarted.start()
    }

    /// Polls `condition` every 100 ms for up to 20 s; fails the test naming `what` if it never holds.
    func waitFor(_ what: String, _ condition: () -> Bool) async throws {
        for _ in 0..<200 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("waited 20 s for \(what)")
        throw CancellationError()
    }
}
