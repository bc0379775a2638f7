import GRPCCore
import SwiftProtobuf
import Testing
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

/// Who may call which Monitoring RPC (the rule table; handlers narrow members to themselves).
@Suite("Monitoring access rules")
struct MonitoringAccessRulesTests {
    typealias Method = Vdxp_Monitoring_V1_MonitoringService.Method
    static let member = CallerIdentity.member(organisationID: "000.00.00.H26")
    static let `operator` = CallerIdentity.operator(name: "admin")
    static let report = CallerIdentity.service(name: "report")
    static let search = CallerIdentity.service(name: "search")

    func rule(_ method: MethodDescriptor) throws -> AccessRule {
        try #require(MonitoringAccessRules.byMethod[method])
    }

    @Test("every Monitoring RPC has an access rule, and nothing else has one")
    func everyMethodHasARule() {
        #expect(Set(Method.descriptors) == Set(MonitoringAccessRules.byMethod.keys))
    }

    @Test("only member systems send heartbeats")
    func heartbeat() throws {
        let rule = try rule(Method.Heartbeat.descriptor)
        #expect(rule.permits(Self.member))
        #expect(!rule.permits(Self.operator))
        #expect(!rule.permits(Self.report))
    }

    @Test("only the operator acknowledges alerts and sees the platform's components and incidents")
    func operatorOnly() throws {
        for method in [
            Method.AcknowledgeAlert.descriptor, Method.ListComponents.descriptor, Method.ListIncidents.descriptor,
        ] {
            let rule = try rule(method)
            #expect(rule.permits(Self.operator), "\(method)")
            #expect(!rule.permits(Self.member), "\(method)")
            #expect(!rule.permits(Self.report), "\(method)")
        }
    }

    @Test("the Report service reads connections and their history; other services do not")
    func report() throws {
        for method in [
            Method.GetMemberConnection.descriptor, Method.ListMemberConnections.descriptor,
            Method.ListConnectionChanges.descriptor, Method.GetOperationalStatistics.descriptor,
        ] {
            let rule = try rule(method)
            #expect(rule.permits(Self.report), "\(method)")
            #expect(rule.permits(Self.operator), "\(method)")
            #expect(!rule.permits(Self.search), "\(method)")
        }
        let list = try rule(Method.ListMemberConnections.descriptor)
        #expect(!list.permits(Self.member))
    }

    @Test("members and the operator read alerts; services do not")
    func alerts() throws {
        for method in [Method.ListAlerts.descriptor, Method.WatchAlerts.descriptor] {
            let rule = try rule(method)
            #expect(rule.permits(Self.member), "\(method)")
            #expect(rule.permits(Self.operator), "\(method)")
            #expect(!rule.permits(Self.report), "\(method)")
        }
    }
}
