import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPRuntime
import VDXPStore

/// Exchange's settings: its limits and policies, read once at start from `VDXP_EXCHANGE_*` and `VDXP_*` (stated in
/// exchange_service.proto and docs/operations.md). Every handler and background job reads them from here.
struct ExchangeSettings: Sendable {
    /// Most attachment bytes in one document (`VDXP_EXCHANGE_MAX_DOCUMENT_BYTES`, default 256 MiB).
    var maximumDocumentBytes: Int64
    /// Largest attachment chunk (1 MiB, so that a chunk message stays under the 4 MiB message limit). The most
    /// attachments per document is a rule of the header, `DocumentHeaderValidator.maximumAttachments`.
    var maximumChunkBytes = 1024 * 1024
    /// Largest serialized header.
    var maximumHeaderBytes = 1024 * 1024
    /// Leases without acknowledgement after which a document delivery is FAILED
    /// (`VDXP_EXCHANGE_MAX_DELIVERY_ATTEMPTS`, default 5; Art. 13.2).
    var maximumDeliveryAttempts: Int
    /// How often expired leases are checked for failure (`VDXP_EXCHANGE_FAILURE_CHECK_SECONDS`, default 5).
    var failureCheckInterval: Duration
    // The working days for timeliness (Art. 13.1) are not a setting of Exchange: they come with the global
    // configuration Central signs (`GlobalConfigurationSnapshot.calendar`), so that the two cannot disagree.

    /// Reads the settings, each within its bounds:
    ///
    /// | variable | meaning | default | bounds |
    /// |---|---|---|---|
    /// | `VDXP_EXCHANGE_MAX_DOCUMENT_BYTES` | most attachment bytes in one document | 268435456 (256 MiB) | 1 KiB to 4 GiB |
    /// | `VDXP_EXCHANGE_MAX_DELIVERY_ATTEMPTS` | leases without acknowledgement before a delivery fails | 5 | 1 to 1000 |
    /// | `VDXP_EXCHANGE_FAILURE_CHECK_SECONDS` | how often expired leases are checked for failure | 5 | 1 to 3600 |
    ///
    /// - Throws: when a value is not a number or out of its bounds, naming the variable, so that the service stops
    ///   at start instead of running with a setting nobody meant.
    init(settings: Settings) throws {
        maximumDocumentBytes = Int64(
            try settings.integer(
                "EXCHANGE_MAX_DOCUMENT_BYTES", default: 256 * 1024 * 1024, in: 1024...(4 * 1024 * 1024 * 1024)))
        maximumDeliveryAttempts = try settings.integer("EXCHANGE_MAX_DELIVERY_ATTEMPTS", default: 5, in: 1...1000)
        failureCheckInterval = .seconds(
            try settings.integer("EXCHANGE_FAILURE_CHECK_SECONDS", default: 5, in: 1...3600))
    }
}
