import Foundation
import VDXPRuntime

extension ExchangeHandlers {
    /// Notes, for Monitoring, that the calling member's system is active (``MemberActivityReporter``): the member
    /// whose connection certificate made the call, also when it acts for a unit. No effect without a reporter.
    func noteActivity(method: String = "") {
        guard let activity, let member = try? RequestContext.memberID() else { return }
        activity.note(member, method: method, at: clock.now())
    }
}
