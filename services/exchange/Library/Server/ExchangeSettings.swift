import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPRuntime
import VDXPStore

/// Exchange's settings: its limits and policies, read once at start from `VDXP_EXCHANGE_*` and `VDXP_*` (stated in
/// exchange_service.proto and the settings table of docs/design.md). Every handler and background job reads them
/// from here.
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
    /// By when a document must be acknowledged before its delivery FAILS as not acknowledged in time (Art. 13.2):
    /// the earlier of `VDXP_EXCHANGE_ACKNOWLEDGE_WITHIN_MINUTES` (default 240) after sending and the end of the
    /// recipient's working day, `VDXP_EXCHANGE_WORKING_DAY_END` (default 17:00, Vietnam time), on the calendar of the
    /// global configuration.
    var acknowledgementDeadline: AcknowledgementDeadline
    /// What becomes of a document that carries no signature of the sender's registered seal (Art. 11.2,
    /// `VDXP_EXCHANGE_UNSEALED_DOCUMENTS`): carried for reference only (the default) or refused.
    var unsealedDocuments: UnsealedDocumentPolicy
    /// How often the journal's chain head is sealed with Exchange's signature when it has grown
    /// (`VDXP_EXCHANGE_JOURNAL_SEAL_SECONDS`, default 300; Art. 5.3).
    var journalSealInterval: Duration
    /// Most new documents written together in one transaction, a commit group
    /// (`VDXP_EXCHANGE_COMMIT_GROUP_DOCUMENTS`, default 64; 0 writes every send in its own transaction).
    var commitGroupMaximumDocuments: Int
    /// Most attachment and envelope bytes in one commit group (`VDXP_EXCHANGE_COMMIT_GROUP_BYTES`, default 8 MiB).
    var commitGroupMaximumBytes: Int
    /// How long a commit group waits for more sends before it starts, when it is not full
    /// (`VDXP_EXCHANGE_COMMIT_GROUP_WINDOW_MICROSECONDS`, default 500).
    var commitGroupWindow: Duration
    /// How many commit groups may be writing at once (`VDXP_EXCHANGE_COMMIT_GROUPS`, default 2).
    var commitGroupsInFlight: Int
    /// How many validated document signing chains are kept (`VDXP_EXCHANGE_CHAIN_CACHE_SIZE`, default 8192; 0
    /// validates every chain of every document in full).
    var chainCacheCapacity: Int
    /// How many sends may stream their attachments into an open transaction at once on one replica
    /// (`VDXP_EXCHANGE_STREAMED_SENDS`, default half of `VDXP_DATABASE_MAX_CONNECTIONS`): each holds a pooled
    /// connection until its last chunk, so the rest of the pool always serves every other call. Only documents with
    /// more than 1 MiB of attachments (`groupedDocumentMaximumBytes`) stream so; beyond, RESOURCE_EXHAUSTED.
    var streamedSendsAtOnce: Int
    /// Most bytes of documents one `FetchInbox` answer or one page of a document list carries
    /// (`VDXP_EXCHANGE_RESPONSE_BYTES`, default 3 MiB): a gRPC client receives at most 4 MiB by default, and a hundred
    /// documents to many recipients pass that. Entries past the budget are left in the inbox for the next fetch,
    /// their attempt not counted; a list's page ends early and its token continues from there.
    var responseBytes: Int
    /// How long a send may wait for its next message before it is abandoned — and a streamed one's transaction
    /// rolled back (`VDXP_EXCHANGE_CHUNK_WAIT_SECONDS`, default 30; DEADLINE_EXCEEDED).
    var streamedSendMessageWait: Duration
    /// The slowest a send's attachments may arrive, in bytes a second (`VDXP_EXCHANGE_MINIMUM_UPLOAD_KIB_PER_SECOND`,
    /// default 64 KiB/s): a send of `n` bytes of attachments must end within ``streamedSendMessageWait`` + `n` / this
    /// (256 MiB: 69 minutes), or it is abandoned (DEADLINE_EXCEEDED). A chunk every ``streamedSendMessageWait`` alone
    /// kept a streamed send's transaction, and its database connection, for a day and more.
    var minimumUploadBytesPerSecond: Int

    /// How long a send of `attachmentBytes` may take to arrive (``minimumUploadBytesPerSecond``).
    func uploadAllowance(attachmentBytes: Int64) -> Duration {
        streamedSendMessageWait + .seconds(Double(attachmentBytes) / Double(minimumUploadBytesPerSecond))
    }

    /// Documents with more attachment bytes than this (1 MiB, or the group's bytes if smaller) are not grouped: they
    /// are written in their own transaction while their chunks stream in, so that they are never held in memory.
    var groupedDocumentMaximumBytes: Int64 { Int64(min(commitGroupMaximumBytes, 1024 * 1024)) }

    // The working days for timeliness (Art. 13.1) and deadlines (13.2) are not a setting of Exchange: they come with
    // the global configuration Central signs (`GlobalConfigurationSnapshot.calendar`), so that the two cannot
    // disagree.

    /// Reads the settings, each within its bounds:
    ///
    /// | variable | meaning | default | bounds |
    /// |---|---|---|---|
    /// | `VDXP_EXCHANGE_MAX_DOCUMENT_BYTES` | most attachment bytes in one document | 268435456 (256 MiB) | 1 KiB to 4 GiB |
    /// | `VDXP_EXCHANGE_MAX_DELIVERY_ATTEMPTS` | leases without acknowledgement before a delivery fails | 5 | 1 to 1000 |
    /// | `VDXP_EXCHANGE_FAILURE_CHECK_SECONDS` | how often expired leases are checked for failure | 5 | 1 to 3600 |
    /// | `VDXP_EXCHANGE_ACKNOWLEDGE_WITHIN_MINUTES` | how long after sending a document must be acknowledged at the latest | 240 | 1 to 43200 |
    /// | `VDXP_EXCHANGE_WORKING_DAY_END` | when the recipient's working day ends (Vietnam time): an unacknowledged delivery fails by then | 17:00 | 00:01 to 24:00, `HH:mm` |
    /// | `VDXP_EXCHANGE_UNSEALED_DOCUMENTS` | a document without the sender's seal: `reference-only` (carried, marked) or `refuse` | reference-only | those two |
    /// | `VDXP_EXCHANGE_JOURNAL_SEAL_SECONDS` | how often the journal's chain head is signed when it has grown | 300 | 1 to 86400 |
    /// | `VDXP_EXCHANGE_COMMIT_GROUP_DOCUMENTS` | most new documents written in one transaction (0: each send in its own) | 64 | 0 to 1024 |
    /// | `VDXP_EXCHANGE_COMMIT_GROUP_BYTES` | most attachment and envelope bytes in one commit group | 8388608 (8 MiB) | 64 KiB to 256 MiB |
    /// | `VDXP_EXCHANGE_COMMIT_GROUP_WINDOW_MICROSECONDS` | how long a group that is not full waits for more sends | 500 | 0 to 100000 |
    /// | `VDXP_EXCHANGE_COMMIT_GROUPS` | commit groups writing at once | 2 | 1 to 16 |
    /// | `VDXP_EXCHANGE_CHAIN_CACHE_SIZE` | validated signing chains kept (0: validate every chain in full) | 8192 | 0 to 1000000 |
    /// | `VDXP_EXCHANGE_STREAMED_SENDS` | sends of more than 1 MiB of attachments streaming into a transaction at once | half of `databaseConnections`, at least 1 | 1 to 500 |
    /// | `VDXP_EXCHANGE_CHUNK_WAIT_SECONDS` | how long a send may wait for its next message | 30 | 1 to 600 |
    /// | `VDXP_EXCHANGE_MINIMUM_UPLOAD_KIB_PER_SECOND` | the slowest a send's attachments may arrive | 64 | 1 to 1048576 |
    ///
    /// `databaseConnections` is the size of the service's database pool (`VDXP_DATABASE_MAX_CONNECTIONS`).
    ///
    /// - Throws: when a value is not a number or out of its bounds, naming the variable, so that the service stops
    ///   at start instead of running with a setting nobody meant.
    init(settings: Settings, databaseConnections: Int) throws {
        maximumDocumentBytes = Int64(
            try settings.integer(
                "EXCHANGE_MAX_DOCUMENT_BYTES", default: 256 * 1024 * 1024, in: 1024...(4 * 1024 * 1024 * 1024)))
        maximumDeliveryAttempts = try settings.integer("EXCHANGE_MAX_DELIVERY_ATTEMPTS", default: 5, in: 1...1000)
        journalSealInterval = .seconds(
            try settings.integer("EXCHANGE_JOURNAL_SEAL_SECONDS", default: 300, in: 1...86_400))
        failureCheckInterval = .seconds(
            try settings.integer("EXCHANGE_FAILURE_CHECK_SECONDS", default: 5, in: 1...3600))
        acknowledgementDeadline = AcknowledgementDeadline(
            acknowledgeWithin: TimeInterval(
                try settings.integer("EXCHANGE_ACKNOWLEDGE_WITHIN_MINUTES", default: 240, in: 1...43_200) * 60),
            workingDayEndSeconds: try Self.timeOfDay(settings.string("EXCHANGE_WORKING_DAY_END", default: "17:00")))
        let policy = settings.string(
            "EXCHANGE_UNSEALED_DOCUMENTS", default: UnsealedDocumentPolicy.referenceOnly.rawValue)
        guard let unsealed = UnsealedDocumentPolicy(rawValue: policy) else {
            throw SettingsError(
                "VDXP_EXCHANGE_UNSEALED_DOCUMENTS: \(policy.echoed) is neither `reference-only` nor `refuse`")
        }
        unsealedDocuments = unsealed
        commitGroupMaximumDocuments = try settings.integer("EXCHANGE_COMMIT_GROUP_DOCUMENTS", default: 64, in: 0...1024)
        commitGroupMaximumBytes = try settings.integer(
            "EXCHANGE_COMMIT_GROUP_BYTES", default: 8 * 1024 * 1024, in: (64 * 1024)...(256 * 1024 * 1024))
        commitGroupWindow = .microseconds(
            try settings.integer("EXCHANGE_COMMIT_GROUP_WINDOW_MICROSECONDS", default: 500, in: 0...100_000))
        commitGroupsInFlight = try settings.integer("EXCHANGE_COMMIT_GROUPS", default: 2, in: 1...16)
        chainCacheCapacity = try settings.integer("EXCHANGE_CHAIN_CACHE_SIZE", default: 8192, in: 0...1_000_000)
        responseBytes = try settings.integer(
            "EXCHANGE_RESPONSE_BYTES", default: 3 * 1024 * 1024, in: 1024...(3 * 1024 * 1024 + 512 * 1024))
        streamedSendsAtOnce = try settings.integer(
            "EXCHANGE_STREAMED_SENDS", default: max(1, databaseConnections / 2), in: 1...500)
        streamedSendMessageWait = .seconds(
            try settings.integer("EXCHANGE_CHUNK_WAIT_SECONDS", default: 30, in: 1...600))
        minimumUploadBytesPerSecond =
            1024 * (try settings.integer("EXCHANGE_MINIMUM_UPLOAD_KIB_PER_SECOND", default: 64, in: 1...1_048_576))
    }

    /// Reads `HH:mm` (00:01 to 24:00) as seconds after midnight.
    private static func timeOfDay(_ text: String) throws(SettingsError) -> Int {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hours = Int(parts[0]),
            let minutes = Int(parts[1]), (0...24).contains(hours), (0...59).contains(minutes),
            (1...1440).contains(hours * 60 + minutes)
        else {
            throw SettingsError(
                "VDXP_EXCHANGE_WORKING_DAY_END: \(text.echoed) is not a time of day written HH:mm, "
                    + "00:01 to 24:00 (Vietnam time), e.g. 17:00")
        }
        return (hours * 60 + minutes) * 60
    }
}

/// What Exchange does with a document that carries no signature of the sender's registered seal (Art. 11.2: a
/// document that does not meet the signing conditions of Art. 11.1 "has value only to know and consult, and does not
/// replace the paper document").
enum UnsealedDocumentPolicy: String, Sendable {
    /// Carried and marked `LEGAL_VALUE_REFERENCE_ONLY`, with the reason in `Document.legal_value_reason` (the
    /// default: the article gives such a document a value, for reference, so the platform carries it).
    case referenceOnly = "reference-only"
    /// Refused with PERMISSION_DENIED asking for the seal (the behaviour before this setting).
    case refuse
}
