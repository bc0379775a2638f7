import Logging
import VDXPCore
import VDXPRuntime
import VDXPStore
import VDXPTrust

/// What Central's handlers and jobs share: the stores, the configuration publisher, the configuration signing key
/// (which also signs account tokens), the clock and the business calendar.
struct CentralContext: Sendable {
    let stores: CentralStores
    let publisher: ConfigurationPublisher
    let signingKey: SigningKey
    let clock: WallClock
    let calendar: BusinessCalendar
    let logger: Logger
}
