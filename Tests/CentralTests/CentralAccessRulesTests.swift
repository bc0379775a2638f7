import GRPCCore
import GRPCInProcessTransport
import SwiftProtobuf
import Testing
import VDXPProto
import VDXPRuntime

@testable import VDXPCentral

/// Who may call which Central RPC: the rule tables, and the identity check in front of every handler.
@Suite("Central access rules")
struct CentralAccessRulesTests {
    static let member = CallerIdentity.member(organisationID: "000.00.00.H26")
    static let `operator` = CallerIdentity.operator(name: "admin")

    @Test("every Central RPC has an access rule, and nothing else has one")
    func everyMethodHasARule() {
        let methods =
            Vdxp_Central_V1_CentralService.Method.descriptors
            + Vdxp_Central_V1_ServiceRegistryService.Method.descriptors
            + Vdxp_Central_V1_AccountService.Method.descriptors
        #expect(Set(methods) == Set(InProcessCentral.accessRules.keys))
    }

    @Test("a member system may not call the operator's RPCs; the operator may")
    func operatorOnly() {
        let operatorOnly = [
            "vdxp.central.v1.CentralService/CreateMember", "vdxp.central.v1.CentralService/ListMembers",
            "vdxp.central.v1.CentralService/StartTrial", "vdxp.central.v1.CentralService/MakeOfficial",
            "vdxp.central.v1.CentralService/CutOffMember", "vdxp.central.v1.CentralService/AddMemberCertificate",
            "vdxp.central.v1.CentralService/AddTrustedAuthority", "vdxp.central.v1.CentralService/ListAuditEvents",
            "vdxp.central.v1.CentralService/UploadRevocationList",
            "vdxp.central.v1.ServiceRegistryService/DecideServiceChangeRequest",
            "vdxp.central.v1.AccountService/ListNotifications",
        ]
        for method in operatorOnly {
            let rule = InProcessCentral.accessRule(named: method)
            #expect(rule?.permits(Self.member) == false, "\(method)")
            #expect(rule?.permits(Self.operator) == true, "\(method)")
        }
    }

    @Test("Monitoring may read and list members (it sends their alerts to their contacts); no other service may")
    func monitoringReadsMembers() {
        let rule = InProcessCentral.accessRule(named: "vdxp.central.v1.CentralService/GetMember")
        #expect(rule?.permits(.service(name: "monitoring")) == true)
        #expect(rule?.permits(.service(name: "search")) == false)
        #expect(rule?.permits(Self.member) == true)
        #expect(rule?.permits(Self.operator) == true)
        let list = InProcessCentral.accessRule(named: "vdxp.central.v1.CentralService/ListMembers")
        #expect(list?.permits(.service(name: "monitoring")) == true)
        #expect(list?.permits(.service(name: "search")) == false)
        #expect(list?.permits(Self.member) == false)
        #expect(list?.permits(Self.operator) == true)
    }

    @Test("a call without a client certificate is refused UNAUTHENTICATED, before any handler runs")
    func noCertificateIsUnauthenticated() async throws {
        try await InProcessCentral.with(caller: .anonymous) { client in
            let central = Vdxp_Central_V1_CentralService.Client(wrapping: client)
            let getMember = await statusCode {
                _ = try await central.getMember(.with { $0.organisationID = "000.00.00.H26" })
            }
            #expect(getMember == .unauthenticated)
            let accounts = Vdxp_Central_V1_AccountService.Client(wrapping: client)
            let login = await statusCode {
                _ = try await accounts.login(
                    .with {
                        $0.username = "someone"
                        $0.password = "secret"
                    })
            }
            #expect(login == .unauthenticated)
        }
    }
}
