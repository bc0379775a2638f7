import Foundation
import Testing
import VDXPCore
import VDXPProto

/// A member's connection (Art. 8–9): requested, trial of at least a week (Art. 8.3), official; cut off and
/// reconnected; suspended and resumed; closed for good.
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
                .makeOfficial, from: .trial, trial: TrialPeriod(start: start),
                now: start.addingTimeInterval(6 * 86_400 + 86_399))
        }
        #expect(early?.message.contains("at least one week") == true)
        #expect(early?.message.contains("+07:00") == true, "times in Vietnam time: \(early?.message ?? "")")
        #expect(
            try ConnectionLifecycle.transition(
                .makeOfficial, from: .trial, trial: TrialPeriod(start: start),
                now: start.addingTimeInterval(7 * 86_400)) == .official)
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
        #expect(try ConnectionLifecycle.transition(.reconnect, from: .cutOff, beforeCutOff: .trial) == .trial)
        #expect(try ConnectionLifecycle.transition(.reconnect, from: .cutOff, beforeCutOff: .official) == .official)
        #expect(try ConnectionLifecycle.transition(.suspend, from: .official) == .suspended)
        #expect(
            try ConnectionLifecycle.transition(.resume, from: .suspended, beforeSuspension: .official) == .official)
        #expect(throws: ConnectionLifecycleError.self) { try ConnectionLifecycle.transition(.suspend, from: .cutOff) }
        #expect(throws: ConnectionLifecycleError.self) { try ConnectionLifecycle.transition(.resume, from: .cutOff) }
    }

    @Test(
        "a member cut off while suspended is reconnected SUSPENDED, and a trial member then resumes to TRIAL (Art. 8.3)"
    )
    func trialCannotBeSkipped() throws {
        let suspended = try ConnectionLifecycle.transition(.suspend, from: .trial)
        let cut = try ConnectionLifecycle.transition(.cutOff, from: suspended)
        let reconnected = try ConnectionLifecycle.transition(.reconnect, from: cut, beforeCutOff: suspended)
        #expect(reconnected == .suspended)
        #expect(try ConnectionLifecycle.transition(.resume, from: reconnected, beforeSuspension: .trial) == .trial)
        #expect(throws: ConnectionLifecycleError.self) {
            try ConnectionLifecycle.transition(.makeOfficial, from: reconnected, trial: TrialPeriod(start: start))
        }
    }

    @Test("time suspended or cut off during the trial does not count toward its week (Art. 8.3)")
    func interruptionsDoNotCount() throws {
        let day: TimeInterval = 86_400
        var trial = TrialPeriod(start: start)
        trial = trial.after(moving: .trial, to: .suspended, at: start.addingTimeInterval(2 * day))
        trial = trial.after(moving: .suspended, to: .cutOff, at: start.addingTimeInterval(3 * day))
        #expect(trial.counted(at: start.addingTimeInterval(4 * day)) == 2 * day, "no time counts while away")
        trial = trial.after(moving: .cutOff, to: .suspended, at: start.addingTimeInterval(4 * day))
        trial = trial.after(moving: .suspended, to: .trial, at: start.addingTimeInterval(5 * day))
        #expect(trial.interruptedTime == 3 * day)
        let aWeekOfCalendar = start.addingTimeInterval(7 * day)
        let early = #expect(throws: ConnectionLifecycleError.self) {
            try ConnectionLifecycle.transition(.makeOfficial, from: .trial, trial: trial, now: aWeekOfCalendar)
        }
        #expect(early?.message.contains("it has counted 4.0 days") == true)
        #expect(trial.completion(at: aWeekOfCalendar) == start.addingTimeInterval(10 * day))
        #expect(
            try ConnectionLifecycle.transition(
                .makeOfficial, from: .trial, trial: trial, now: start.addingTimeInterval(10 * day)) == .official)
    }

    @Test("an official member's suspension leaves its trial as it was")
    func officialSuspensionLeavesTheTrial() {
        let trial = TrialPeriod(start: start)
        #expect(trial.after(moving: .official, to: .suspended, at: start.addingTimeInterval(30 * 86_400)) == trial)
        #expect(trial.after(moving: .trial, to: .official, at: start.addingTimeInterval(8 * 86_400)) == trial)
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
