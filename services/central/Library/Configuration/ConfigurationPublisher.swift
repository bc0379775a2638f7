import Foundation
import Logging
import ServiceLifecycle
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust

/// Builds, signs and publishes the global configuration (Art. 7.3).
///
/// Each Central replica signs the same content with the same configuration key: at start-up, whenever a change is
/// committed (its own, directly; another replica's, through `NOTIFY central_configuration`), and every third of
/// the validity period so that followers never hold an expired copy while Central is up — which also brings in, within
/// that period, the changes that take effect at a set time (a gateway change on its day, a retired authority). The
/// content is read at `clock`'s time; the copy's issue and expiry times are always real time.
final class ConfigurationPublisher: Service, Sendable {
    let stored: ConfigurationStore
    let signingKey: SigningKey
    let signerCertificateDER: [UInt8]
    let validity: Duration
    let store: GlobalConfigurationStore
    let broadcaster: Broadcaster<Vdxp_Central_V1_SignedGlobalConfiguration>
    let hub: NotificationHub
    let clock: WallClock
    /// The working days published in the configuration (`GlobalConfiguration.calendar`).
    let calendar: BusinessCalendar
    /// How many Tết days come before the first lunar day, published with the calendar for people.
    let tetDaysBefore: Int
    /// Real time, for the copy's issue and expiry times: followers check them against their own clocks.
    let realTime: WallClock
    let logger: Logger

    init(
        stored: ConfigurationStore, signingKey: SigningKey, signerCertificateDER: [UInt8], validity: Duration,
        store: GlobalConfigurationStore, broadcaster: Broadcaster<Vdxp_Central_V1_SignedGlobalConfiguration>,
        hub: NotificationHub, clock: WallClock, calendar: BusinessCalendar, tetDaysBefore: Int,
        realTime: WallClock = .system, logger: Logger
    ) {
        self.stored = stored
        self.signingKey = signingKey
        self.signerCertificateDER = signerCertificateDER
        self.validity = validity
        self.store = store
        self.broadcaster = broadcaster
        self.hub = hub
        self.clock = clock
        self.calendar = calendar
        self.tetDaysBefore = tetDaysBefore
        self.realTime = realTime
        self.logger = logger
    }

    /// The longest a periodic refresh may take before the publisher gives up on it and tries again.
    static let refreshLimit: Duration = .seconds(10)

    /// The years of the calendar a copy signed at `now` carries: from last year (signing times of documents sent
    /// now) to four years ahead (notices and due dates).
    static func calendarYears(at now: Date) -> ClosedRange<Int> {
        let year = CalendarDate(now).year
        return (year - 1)...(year + 4)
    }

    /// Reads the current content, signs it and publishes it. Returns the signed copy.
    @discardableResult
    func refresh() async throws -> Vdxp_Central_V1_SignedGlobalConfiguration {
        let now = realTime.now()
        let contentTime = clock.now()
        var configuration = try await stored.content(now: contentTime)
        configuration.calendar = calendar.proto(
            years: Self.calendarYears(at: contentTime), tetDaysBefore: tetDaysBefore)
        configuration.issueTime = .init(date: now)
        configuration.expireTime = .init(date: now.addingTimeInterval(validity.timeInterval))
        let bytes: [UInt8] = try configuration.serializedBytes()
        let algorithm = signingKey.defaultAlgorithm
        let signed = Vdxp_Central_V1_SignedGlobalConfiguration.with {
            $0.configuration = Data(bytes)
            $0.signatureAlgorithm = algorithm.proto
            $0.signerCertificateDer = Data(signerCertificateDER)
        }
        var result = signed
        result.signature = Data(try signingKey.sign(bytes, algorithm: algorithm))
        if store.update(try GlobalConfigurationSnapshot(verified: result)) {
            broadcaster.publish(result)
        }
        return store.snapshot?.signed ?? result
    }

    func run() async throws {
        let period = validity / 3
        try await hub.withSubscription(to: ConfigurationStore.changeChannel) { subscription in
            var streak = FailureStreakLog(job: "publish the global configuration", logger: logger)
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                do {
                    // Bounded: a query caught on a connection that dies mid-way may never answer (seen when
                    // PostgreSQL stops during a refresh); the publisher moves on and shutdown is never held up.
                    _ = try await awaitingAtMost(Self.refreshLimit) { try await self.refresh() }
                    streak.succeeded()
                } catch {
                    streak.failed(error)
                    try? await Task.sleep(for: .seconds(1))
                    continue
                }
                let woken = await cancelWhenGracefulShutdown {
                    await subscription.wait(timeout: period)
                }
                // Notifications stopped (shutdown has begun elsewhere): keep re-signing on time until told to stop.
                if !woken { try? await cancelWhenGracefulShutdown { try await Task.sleep(for: period) } }
            }
        }
    }
}
