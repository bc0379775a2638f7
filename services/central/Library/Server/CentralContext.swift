import Logging
import VDXPCore
import VDXPRuntime
import VDXPStore
import VDXPTrust

/// What Central's handlers and jobs share: the stores, the configuration publisher, the configuration signing key
/// (which also signs account tokens), the clocks and the business calendar.
struct CentralContext: Sendable {
    let stores: CentralStores
    let publisher: ConfigurationPublisher
    let signingKey: SigningKey
    /// Central's time for its own rules: a trial of a week, inactivity of months, gateway notices in working days.
    /// Tests inject a manual clock to cover them.
    let clock: WallClock
    /// The time certificates are checked against, which must be everyone's: the validity of a certificate or CA when
    /// it is registered. The system clock, whatever `clock` is.
    let realTime: WallClock
    let calendar: BusinessCalendar
    let logger: Logger
}
