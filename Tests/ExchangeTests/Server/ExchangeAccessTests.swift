import GRPCCore
import SwiftProtobuf
import Testing
import VDXPProto
import VDXPRuntime

@testable import VDXPExchange

@Suite("Exchange access: who may call what, decided before any database work", .timeLimit(.minutes(3)))
struct ExchangeAccessTests {
    typealias Method = Vdxp_Exchange_V1_ExchangeService.Method

    /// The rule `ExchangeAccessRules` gives a method, if any.
    static func rule(for method: MethodDescriptor) -> AccessRule? {
        ExchangeAccessRules.byMethod[method]
    }

    @Test("every RPC of the contract has an access rule, and no rule names a method the contract lacks")
    func everyMethodHasARule() {
        for method in Method.descriptors {
            #expect(Self.rule(for: method) != nil, "\(method) has no access rule: it would be refused to everyone")
        }
        #expect(ExchangeAccessRules.byMethod.count == Method.descriptors.count)
    }

    @Test(
        "members may call every RPC but the journal's; Search, Report and Monitoring follow it and the operator audits it"
    )
    func membersAndServices() {
        let member = CallerIdentity.member(organisationID: "000.00.00.G22")
        let journalMethods = [Method.StreamJournal.descriptor, Method.ListJournalSeals.descriptor]
        for method in Method.descriptors where !journalMethods.contains(method) {
            #expect(Self.rule(for: method)?.permits(member) == true, "\(method)")
            #expect(Self.rule(for: method)?.permits(.service(name: "search")) == false, "\(method)")
            #expect(Self.rule(for: method)?.permits(.operator(name: "admin")) == false, "\(method)")
        }
        for method in journalMethods {
            let journal = Self.rule(for: method)
            #expect(journal?.permits(member) == false, "\(method)")
            #expect(journal?.permits(.operator(name: "admin")) == true, "\(method)")
            for service in ["search", "report", "monitoring"] {
                #expect(journal?.permits(.service(name: service)) == true, "\(method) \(service)")
            }
            #expect(journal?.permits(.service(name: "ticket")) == false, "\(method)")
        }
    }

    @Test("a call without a client certificate is refused UNAUTHENTICATED")
    func unauthenticated() async throws {
        try await InProcessExchange.withClient(as: .unauthenticated) { exchange in
            let calls: [(String, () async throws -> Void)] = [
                ("GetDocument", { _ = try await exchange.getDocument(.with { $0.documentID = "x" }) }),
                ("FetchInbox", { _ = try await exchange.fetchInbox(.init()) }),
                ("RetryDelivery", { _ = try await exchange.retryDelivery(.init()) }),
                ("StreamJournal", { try await exchange.streamJournal(.init()) { for try await _ in $0.messages {} } }),
            ]
            for (name, call) in calls {
                let error = await #expect(throws: RPCError.self, "\(name)") { try await call() }
                #expect(error?.code == .unauthenticated, "\(name): \(error?.message ?? "")")
            }
        }
    }

    @Test("member traffic is refused UNAVAILABLE while Exchange holds no valid global configuration")
    func noConfiguration() async throws {
        try await InProcessExchange.withClient(as: .assumed(.member(organisationID: "000.00.00.G22"))) { exchange in
            let error = await #expect(throws: RPCError.self) {
                _ = try await exchange.fetchInbox(.init())
            }
            #expect(error?.code == .unavailable)
            #expect(error?.message.contains("global configuration") == true, "\(error?.message ?? "")")
        }
    }
}
