import Crypto

/// The SHA-256 hash chain that makes Exchange's journal tamper-evident.
///
/// Every journal entry stores `hash = SHA-256(previous hash ‖ entry fields)`, with 32 zero bytes (``genesis``)
/// standing in for the hash before the first entry. Changing, inserting or removing any entry changes every later
/// hash, so an auditor who holds the latest hash can check the whole journal with ``verify(entries:startingAfter:)``.
///
/// ## Byte layout
///
/// The SHA-256 input is the concatenation, with no separators or padding, of:
///
/// | # | field | encoding | bytes |
/// |---|---|---|---|
/// | 1 | previous entry's hash (``genesis`` for the first) | raw | 32 |
/// | 2 | `sequence` | signed 64-bit, big-endian (two's complement) | 8 |
/// | 3 | `entryID` | signed 64-bit, big-endian | 8 |
/// | 4 | `recordedAtMicroseconds` (µs since the Unix epoch, UTC) | signed 64-bit, big-endian | 8 |
/// | 5 | length of `eventType` in UTF-8 bytes | unsigned 32-bit, big-endian | 4 |
/// | 6 | `eventType` | UTF-8, no terminator | n |
/// | 7 | length of `documentID` in UTF-8 bytes | unsigned 32-bit, big-endian | 4 |
/// | 8 | `documentID` | UTF-8, no terminator | n |
/// | 9 | length of `payload` | unsigned 32-bit, big-endian | 4 |
/// | 10 | `payload` | raw | n |
///
/// Strings are hashed as they are stored (no Unicode normalisation). In Python:
///
/// ```python
/// import hashlib, struct
/// def entry_hash(previous, sequence, entry_id, event_type, document_id, recorded_at_us, payload):
///     h = hashlib.sha256(previous + struct.pack(">qqq", sequence, entry_id, recorded_at_us))
///     for part in (event_type.encode(), document_id.encode(), payload):
///         h.update(struct.pack(">I", len(part)) + part)
///     return h.digest()
/// ```
public enum JournalChain {
    /// The hash that precedes the first entry: 32 zero bytes.
    public static let genesis: [UInt8] = Array(repeating: 0, count: 32)

    /// The hash of one entry, chained to the previous entry's hash; see the byte layout above.
    ///
    /// - Parameters:
    ///   - previous: The previous entry's hash, or ``genesis`` for the first entry; must be 32 bytes.
    ///   - sequence: The entry's sequence number.
    ///   - entryID: The entry's identifier.
    ///   - eventType: The event type.
    ///   - documentID: The document identifier (empty if none).
    ///   - recordedAtMicroseconds: When the entry was recorded, in microseconds since the Unix epoch.
    ///   - payload: The payload bytes, each field at most 4 GiB − 1.
    /// - Returns: The 32-byte SHA-256 hash.
    public static func entryHash(
        previous: [UInt8],
        sequence: Int64,
        entryID: Int64,
        eventType: String,
        documentID: String,
        recordedAtMicroseconds: Int64,
        payload: [UInt8]
    ) -> [UInt8] {
        precondition(previous.count == 32, "The previous hash must be 32 bytes, not \(previous.count)")
        var hasher = SHA256()
        hasher.update(data: previous)
        for number in [sequence, entryID, recordedAtMicroseconds] {
            withUnsafeBytes(of: number.bigEndian) { hasher.update(bufferPointer: $0) }
        }
        for part in [Array(eventType.utf8), Array(documentID.utf8), payload] {
            precondition(part.count <= Int(UInt32.max), "A journal field is longer than 4 GiB − 1")
            withUnsafeBytes(of: UInt32(part.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: part)
        }
        return Array(hasher.finalize())
    }

    /// The hash of a link's fields chained to `previous`; ``JournalLink/hash`` is not read.
    public static func entryHash(of link: JournalLink, previous: [UInt8]) -> [UInt8] {
        self.entryHash(
            previous: previous,
            sequence: link.sequence,
            entryID: link.entryID,
            eventType: link.eventType,
            documentID: link.documentID,
            recordedAtMicroseconds: link.recordedAtMicroseconds,
            payload: link.payload
        )
    }

    /// Checks a run of consecutive entries.
    ///
    /// Each entry's stored hash must equal the hash recomputed from its fields and the previous entry's stored hash.
    /// A changed field breaks the changed entry; a removed entry breaks the one that followed it; an inserted entry
    /// breaks itself.
    ///
    /// - Parameters:
    ///   - entries: The entries in journal order.
    ///   - previous: The hash of the entry before `entries[0]`: ``genesis`` when checking from the start, or a
    ///     stored hash when checking a later part of the journal.
    /// - Returns: The index in `entries` of the first entry whose hash does not match, or `nil` if the chain is intact.
    ///   A `previous` that is not 32 bytes long cannot match anything, so the first entry is then reported.
    public static func verify(entries: [JournalLink], startingAfter previous: [UInt8] = genesis) -> Int? {
        guard previous.count == 32 else {
            return entries.isEmpty ? nil : 0
        }
        var previous = previous
        for (index, entry) in entries.enumerated() {
            guard entry.hash == self.entryHash(of: entry, previous: previous) else {
                return index
            }
            previous = entry.hash
        }
        return nil
    }
}
