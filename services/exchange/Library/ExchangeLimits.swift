import VDXPStore
import SwiftProtobuf
import VDXPRuntime

/// Exchange's limits, from `VDXP_EXCHANGE_*` settings (stated in exchange_service.proto).
struct ExchangeLimits: Sendable {
    /// Most attachment bytes in one document (`VDXP_EXCHANGE_MAX_DOCUMENT_BYTES`, default 256 MiB).
    var maximumDocumentBytes: Int64
    /// Most attachments in one document.
    var maximumAttachments = 50
    /// Largest attachment chunk.
    var maximumChunkBytes = 1024 * 1024
    /// Largest serialized header.
    var maximumHeaderBytes = 1024 * 1024
    /// Default, smallest and largest lease, in seconds.
    var defaultLeaseSeconds = 300
    var minimumLeaseSeconds = 10
    var maximumLeaseSeconds = 3600

    init(settings: Settings) throws {
        maximumDocumentBytes = Int64(
            try settings.integer(
                "EXCHANGE_MAX_DOCUMENT_BYTES", default: 256 * 1024 * 1024, in: 1024...(4 * 1024 * 1024 * 1024)))
    }
}
