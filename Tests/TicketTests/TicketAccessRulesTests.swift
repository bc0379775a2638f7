import GRPCCore
import Testing
import VDXPProto
import VDXPRuntime

@testable import VDXPTicket

/// Who may call what: members and the operator; Monitoring opens tickets; Report reads figures; nobody else.
@Suite("Ticket access rules")
struct TicketAccessRulesTests {
    typealias Method = Vdxp_Ticket_V1_TicketService.Method
    static let member = CallerIdentity.member(organisationID: "000.00.00.G22")
    static let admin = CallerIdentity.operator(name: "admin")

    @Test("every method of the contract has a rule")
    func everyMethodHasARule() {
        for method in Method.descriptors {
            #expect(TicketAccessRules.byMethod[method] != nil, "\(method)")
        }
    }

    @Test("Monitoring opens tickets; Report reads SLA figures; other services are refused")
    func services() {
        let open = TicketAccessRules.byMethod[Method.OpenTicket.descriptor]!
        #expect(open.permits(.service(name: "monitoring")))
        #expect(!open.permits(.service(name: "report")))
        let figures = TicketAccessRules.byMethod[Method.GetSlaFigures.descriptor]!
        #expect(figures.permits(.service(name: "report")))
        #expect(!figures.permits(.service(name: "search")))
        #expect(!TicketAccessRules.byMethod[Method.GetTicket.descriptor]!.permits(.service(name: "monitoring")))
    }

    @Test("the operator alone assigns, reprioritises, announces and sends notices; members alone acknowledge")
    func operatorOnly() {
        for method in [
            Method.AssignTicket.descriptor, Method.SetTicketPriority.descriptor, Method.AnnounceMaintenance.descriptor,
            Method.CancelMaintenance.descriptor, Method.SendNotice.descriptor,
        ] {
            #expect(TicketAccessRules.byMethod[method]!.permits(Self.admin))
            #expect(!TicketAccessRules.byMethod[method]!.permits(Self.member))
        }
        #expect(TicketAccessRules.byMethod[Method.AcknowledgeNotice.descriptor]!.permits(Self.member))
        #expect(!TicketAccessRules.byMethod[Method.AcknowledgeNotice.descriptor]!.permits(Self.admin))
    }
}
