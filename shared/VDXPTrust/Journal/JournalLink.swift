/// One entry of Exchange's journal as the hash chain sees it: the fields that are hashed and the hash stored with them.
///
/// See ``JournalChain`` for how ``hash`` is computed.
public struct JournalLink: Hashable, Sendable {
    /// The entry's position in the journal, 1 for the first entry, increasing by one.
    public var sequence: Int64
    /// The entry's identifier (the journal row's primary key).
    public var entryID: Int64
    /// The kind of event, e.g. `document.sent`; hashed as UTF-8.
    public var eventType: String
    /// The identifier of the document the event concerns (empty if none); hashed as UTF-8.
    public var documentID: String
    /// When the entry was recorded, in microseconds since 1970-01-01T00:00:00Z (UTC).
    public var recordedAtMicroseconds: Int64
    /// The event's payload bytes, exactly as stored.
    public var payload: [UInt8]
    /// The stored hash of this entry (32 bytes): ``JournalChain/entryHash(previous:sequence:entryID:eventType:documentID:recordedAtMicroseconds:payload:)``
    /// over the previous entry's hash and these fields.
    public var hash: [UInt8]

    /// Creates a link from its fields and stored hash.
    public init(
        sequence: Int64,
        entryID: Int64,
        eventType: String,
        documentID: String,
        recordedAtMicroseconds: Int64,
        payload: [UInt8],
        hash: [UInt8]
    ) {
        self.sequence = sequence
        self.entryID = entryID
        self.eventType = eventType
        self.documentID = documentID
        self.recordedAtMicroseconds = recordedAtMicroseconds
        self.payload = payload
        self.hash = hash
    }
}
