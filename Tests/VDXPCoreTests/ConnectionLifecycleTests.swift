import Foundation
import Testing
import VDXPCore
import VDXPProto

/// A member's connection (Art. 8–9): requested, trial of at least a week, official; cut off and reconnected;
/// suspended and resumed; closed for good.
@Suite("Connection lifecycle (Art. 8–9)")
struct ConnectionLifecycleTests {
    let start = Date(timeIntervalSince1970: 1_767_000_000)

    @Test("only TRIAL and OFFICIAL members exchange documents")
    func whoExchanges() {
        let exchanging = [Vdxp_Central_V1_MemberState.requested, .trial, .official, .cutOff, .suspended, .closed]
            .filter(ConnectionLifecycle.canExchange)
        #expect(exchanging == [.trial, .official])
    }

    @Test("a trial shorter than a week cannot be made official")
    func trialLastsAWeek() throws {
        let early = #expect(throws: ConnectionLifecycleError.self) {
            try ConnectionLifecycle.transition(
                .makeOfficial, from: .trial, trialStart: start, now: start.addingTimeInterval(6 * 86_400 + 86_399))
        }
        #expect(early?.message.contains("at least one week") == true)
        #expect(
            try ConnectionLifecycle.transition(
                .makeOfficial, from: .trial, trialStart: start, now: start.addingTimeInterval(7 * 86_400)) == .official)
    }

    @Test("requested → trial → official, in that order")
    func order() throws {
        #expect(try ConnectionLifecycle.transition(.startTrial, from: .requested) == .trial)
        #expect(throws: ConnectionLifecycleError.self) {
            try ConnectionLifecycle.transition(.makeOfficial, from: .requested)
        }
        #expect(throws: ConnectionLifecycleError.self) {
            try ConnectionLifecycle.transition(.startTrial, from: .official)
        }
    }

    @Test("a cut-off member is reconnected to the state it had; a suspended one resumes to it")
    func restore() throws {
        #expect(try ConnectionLifecycle.transition(.cutOff, from: .suspended) == .cutOff)
        #expect(try ConnectionLifecycle.transition(.reconnect, from: .cutOff, previous: .trial) == .trial)
        #expect(try ConnectionLifecycle.transition(.reconnect, from: .cutOff, previous: .suspended) == .official)
        #expect(try ConnectionLifecycle.transition(.suspend, from: .official) == .suspended)
        #expect(try ConnectionLifecycle.transition(.resume, from: .suspended, previous: .official) == .official)
        #expect(throws: ConnectionLifecycleError.self) { try ConnectionLifecycle.transition(.suspend, from: .cutOff) }
        #expect(throws: ConnectionLifecycleError.self) { try ConnectionLifecycle.transition(.resume, from: .cutOff) }
    }

    @Test("a closed id is final")
    func closedIsFinal() throws {
        #expect(try ConnectionLifecycle.transition(.close, from: .official) == .closed)
        for action in [ConnectionLifecycle.Action.startTrial, .reconnect, .resume, .close] {
            let refused = #expect(throws: ConnectionLifecycleError.self) {
                try ConnectionLifecycle.transition(action, from: .closed)
            }
            #expect(refused?.message.contains("successor") == true)
        }
    }
}
