import Foundation
import SwiftProtobuf
import Testing
import VDXPProto

@testable import VDXPMonitoring

/// Art. 4.1.g for the platform's own components: a component that stops serving opens an incident after the
/// failed probes allowed in a row; its recovery closes it.
@Suite("Component rule")
struct ComponentRuleTests {
    let rule = ComponentRule(failuresBeforeIncident: 2)
    let start = Date(timeIntervalSince1970: 1_780_000_000)

    var serving: ComponentRule.Standing {
        .init(state: .serving, stateSince: start, failuresInARow: 0, openIncidentID: nil)
    }

    @Test("one failed probe changes the state but opens no incident; the second in a row opens one")
    func secondFailureOpensIncident() {
        let (once, first) = rule.apply(.unreachable(detail: "refused"), to: serving, now: start.addingTimeInterval(15))
        #expect(once.state == .unreachable)
        #expect(once.stateSince == start.addingTimeInterval(15))
        #expect(first == .none)
        let (twice, second) = rule.apply(.unreachable(detail: "refused"), to: once, now: start.addingTimeInterval(30))
        #expect(twice.failuresInARow == 2)
        #expect(twice.stateSince == start.addingTimeInterval(15))
        guard case .openIncident(let description) = second else {
            Issue.record("expected an incident, got \(second)")
            return
        }
        #expect(description.contains("UNREACHABLE"))
        #expect(description.contains("refused"))
    }

    @Test("a failed probe followed by a good one opens nothing")
    func blipIsNoIncident() {
        let (once, _) = rule.apply(.notServing(detail: "NOT_SERVING"), to: serving, now: start)
        let (back, action) = rule.apply(.serving, to: once, now: start.addingTimeInterval(15))
        #expect(back.state == .serving)
        #expect(back.failuresInARow == 0)
        #expect(action == .none)
    }

    @Test("an open incident is not opened again; recovery closes it")
    func recoveryCloses() {
        let down = ComponentRule.Standing(state: .notServing, stateSince: start, failuresInARow: 5, openIncidentID: 7)
        let (still, none) = rule.apply(.notServing(detail: "x"), to: down, now: start.addingTimeInterval(15))
        #expect(none == .none)
        #expect(still.openIncidentID == 7)
        let (up, close) = rule.apply(.serving, to: still, now: start.addingTimeInterval(30))
        #expect(close == .closeIncident(7))
        #expect(up.openIncidentID == nil)
        #expect(up.state == .serving)
    }
}
