import Foundation
import VDXPCore
import VDXPRuntime
import VDXPStore

/// Builds Central's account parts from its context and settings:
///
/// - `VDXP_ACCOUNT_TOKEN_TTL_SECONDS`: how long an account token is accepted, 60 to 3600; default 900 (15 minutes).
/// - `VDXP_ACCOUNT_INACTIVITY_CHECK_SECONDS`: time between inactivity sweeps, 1 to 86400; default 3600.
struct AccountServiceSetup {
    /// The `AccountService` handlers.
    let handlers: AccountHandlers
    /// The inactivity job.
    let inactivitySweeper: AccountInactivitySweeper

    init(context: CentralContext, settings: Settings) throws {
        let lifetime = try settings.integer("ACCOUNT_TOKEN_TTL_SECONDS", default: 900, in: 60...3600)
        let interval = try settings.integer("ACCOUNT_INACTIVITY_CHECK_SECONDS", default: 3600, in: 1...86_400)
        handlers = AccountHandlers(
            stores: context.stores,
            issuer: AccountTokenIssuer(signingKey: context.signingKey, lifetime: TimeInterval(lifetime)),
            hasher: .standard, throttle: .standard, clock: context.clock, logger: context.logger)
        inactivitySweeper = AccountInactivitySweeper(
            database: context.stores.database, clock: context.clock, interval: .seconds(interval),
            logger: context.logger)
    }
}
