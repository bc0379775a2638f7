import Foundation
import VDXPCore
import VDXPRuntime

/// Central's own settings, read once at start-up. The settings every service shares (listeners, database, TLS, log
/// level, …) are in `ServiceConfiguration`; each setting below is a `VDXP_*` environment variable or the flag of the
/// same name (`Settings`).
struct CentralSettings: Sendable {
    /// PEM file of the configuration signing key; it must match the certificate in `VDXP_CONFIGURATION_ANCHOR`.
    var configurationSigningKeyPath: String
    /// How long each signed copy of the global configuration is valid.
    var configurationValidity: Duration
    /// The public-holiday rules (Tết and Hùng Kings' day computed, the days the annual notice adds or declares
    /// working days), which Central publishes in the global configuration.
    var holidayRules: PublicHolidayRules
    /// The business calendar of gateway and maintenance notices (Art. 17.2, 18.2.b), from `holidayRules`; the
    /// global configuration carries it to every other service.
    var calendar: BusinessCalendar
    /// How many days before a registered certificate expires its member is warned.
    var certificateExpiryWarningDays: Int
    /// Time between certificate expiry checks.
    var certificateExpiryCheckInterval: Duration
    /// How long an account token is accepted.
    var accountTokenLifetime: TimeInterval
    /// Time between inactivity sweeps of accounts (Art. 16).
    var accountInactivityCheckInterval: Duration
    /// How often the trusted authorities' revocation lists are fetched from their URLs.
    var revocationListRefreshInterval: Duration

    /// Reads Central's settings from `settings`:
    ///
    /// - `VDXP_CONFIGURATION_SIGNING_KEY`: PEM private key matching `VDXP_CONFIGURATION_ANCHOR`. Required.
    /// - `VDXP_CONFIGURATION_TTL_SECONDS`: validity of each signed copy, 60 to 86400; default 900.
    /// - `VDXP_TET_DAYS_BEFORE`, `VDXP_PUBLIC_HOLIDAYS`, `VDXP_EXTRA_WORKING_DAYS`: the business calendar
    ///   (`Settings.publicHolidayRules()`); Tết and Hùng Kings' day are computed from the lunar calendar.
    /// - `VDXP_CERTIFICATE_EXPIRY_WARNING_DAYS`: 1 to 365; default 30.
    /// - `VDXP_CERTIFICATE_EXPIRY_CHECK_SECONDS`: 1 to 86400; default 3600.
    /// - `VDXP_ACCOUNT_TOKEN_TTL_SECONDS`: 60 to 3600; default 900 (15 minutes).
    /// - `VDXP_ACCOUNT_INACTIVITY_CHECK_SECONDS`: 1 to 86400; default 3600.
    /// - `VDXP_CRL_REFRESH_SECONDS`: how often CRLs are fetched from the authorities' URLs, 60 to 86400; default 3600.
    ///
    /// The public directory's listener, `VDXP_PUBLIC_ADDRESS`, is a shared setting (default port 7103).
    ///
    /// - Throws: `SettingsError` naming the first setting that is missing or malformed and what to write instead.
    init(_ settings: Settings) throws(SettingsError) {
        configurationSigningKeyPath = try settings.required(
            "CONFIGURATION_SIGNING_KEY", "the PEM file of the configuration signing key")
        configurationValidity = .seconds(
            try settings.integer("CONFIGURATION_TTL_SECONDS", default: 900, in: 60...86_400))
        holidayRules = try settings.publicHolidayRules()
        calendar = try settings.businessCalendar()
        accountTokenLifetime = TimeInterval(
            try settings.integer("ACCOUNT_TOKEN_TTL_SECONDS", default: 900, in: 60...3600))
        accountInactivityCheckInterval = .seconds(
            try settings.integer("ACCOUNT_INACTIVITY_CHECK_SECONDS", default: 3600, in: 1...86_400))
        certificateExpiryWarningDays = try settings.integer(
            "CERTIFICATE_EXPIRY_WARNING_DAYS", default: 30, in: 1...365)
        revocationListRefreshInterval = .seconds(
            try settings.integer("CRL_REFRESH_SECONDS", default: 3600, in: 60...86_400))
        certificateExpiryCheckInterval = .seconds(
            try settings.integer("CERTIFICATE_EXPIRY_CHECK_SECONDS", default: 3600, in: 1...86_400))
    }
}
