import Foundation
import Logging
import ServiceLifecycle
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Reads the contacts of every member an alert to every member is sent to (``AlertNotifier/membersTold(of:in:)``)
/// from Central when Monitoring starts and every `interval` (an hour) after, so that ``MemberContactStore`` holds them
/// all when Central itself is down and its outage must be told. Until a read succeeds — no global configuration held
/// yet, Central not answering — it tries again every `retryEvery`.
struct MemberContactRefresher: Service {
    let contacts: RememberedMemberContacts
    let configuration: GlobalConfigurationStore
    var interval: Duration = .seconds(3600)
    var retryEvery: Duration = .seconds(30)
    let logger: Logger

    /// No global configuration is held yet: nobody is known to read contacts of.
    struct NoConfigurationYet: Error, CustomStringConvertible {
        var description: String { "no global configuration is held yet" }
    }

    func run() async throws {
        var everRead = false
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var done = false
            do {
                _ = try await awaitingAtMost(.seconds(120)) { try await refresh() }
                (done, everRead) = (true, true)
            } catch {
                // Before the first read, Central or the configuration is still coming up; after it, the contacts
                // remembered for Central's own outage are growing old.
                logger.log(
                    level: everRead ? .warning : .info,
                    everRead
                        ? "cannot refresh members' contacts from Central; the remembered ones are used meanwhile"
                        : "cannot read members' contacts from Central yet; trying again",
                    metadata: ["error": "\(loggedDescription(of: error))"])
            }
            let pause = done ? interval : retryEvery
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
        }
    }

    /// Reads and remembers the contacts of every member told of an announcement now; returns how many were read.
    @discardableResult
    func refresh() async throws -> Int {
        guard let snapshot = configuration.snapshot else { throw NoConfigurationYet() }
        let members = Set(AlertNotifier.membersTold(of: .maintenanceAnnounced, in: snapshot))
        guard !members.isEmpty else { return 0 }
        let read = try await contacts.central.contacts(of: members)
        try await contacts.store.remember(read, at: contacts.clock())
        return read.count
    }
}
