import Logging
import VDXPCore
import VDXPRuntime
import VDXPStore
import VDXPTrust

/// What Central's handlers and jobs share: the stores, the configuration publisher, the configuration signing key
/// (which also signs account tokens), the clocks and the business calendar.
struct CentralContext: Sendable {
    /// One store per aggregate, and the transactions that compose them.
    let stores: CentralStores
    /// Re-signs and publishes the global configuration after a change.
    let publisher: ConfigurationPublisher
    /// The configuration signing key, which also signs account tokens.
    let signingKey: SigningKey
    /// Central's time for its own rules: a trial of a week, inactivity of months, gateway notices in working days.
    /// Tests inject a manual clock to cover them.
    let clock: WallClock
    /// The time certificates are checked against, which must be everyone's: the validity of a certificate or CA when
    /// it is registered. The system clock, whatever `clock` is.
    let realTime: WallClock
    /// The business calendar of gateway notices (Art. 17.2).
    let calendar: BusinessCalendar
    /// Central's logger.
    let logger: Logger
}
