import Logging
import PostgresNIO
import VDXPCore
import VDXPRuntime
import VDXPStore
import VDXPTrust

/// What Central's parts share: the database, the registry and its publisher, the configuration signing key (which
/// also signs account tokens), the clock and the business calendar.
struct CentralContext: Sendable {
    let environment: ServiceEnvironment
    let repository: CentralRepository
    let publisher: ConfigurationPublisher
    let signingKey: SigningKey
    let clock: WallClock
    let calendar: BusinessCalendar

    var database: Database { environment.database }
    var logger: Logger { environment.logger }
}
