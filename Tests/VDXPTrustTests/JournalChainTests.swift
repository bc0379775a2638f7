import Testing
import VDXPTrust

/// The journal hash chain. The pinned hashes were computed independently with Python's hashlib from the byte layout
/// documented on `JournalChain`:
///
///     SHA-256( previous (32) ‖ sequence (8, BE) ‖ entryID (8, BE) ‖ recordedAtMicroseconds (8, BE)
///              ‖ len(eventType) (4, BE) ‖ eventType (UTF-8) ‖ len(documentID) (4, BE) ‖ documentID (UTF-8)
///              ‖ len(payload) (4, BE) ‖ payload )
///
/// e.g. the second entry hashes 32 + 24 + (4 + 17) + (4 + 15) + (4 + 0) = 100 bytes.
@Suite("Journal hash chain")
struct JournalChainTests {
    /// Three entries with the fields below; `hash` is the pinned expected value.
    static let entries: [JournalLink] = [
        JournalLink(
            sequence: 1,
            entryID: 1001,
            eventType: "document.sent",
            documentID: "01JDXP-DOC-0001",
            recordedAtMicroseconds: 1_767_225_600_000_000,  // 2026-01-01T00:00:00Z
            payload: Array(#"{"subject":"Công văn số 12"}"#.utf8),
            hash: hexBytes("d05a8cf53c240e5a0d90b0871e913fe229cd197f0eee30cd4c37121eb92f6eae")
        ),
        JournalLink(
            sequence: 2,
            entryID: 1002,
            eventType: "document.received",
            documentID: "01JDXP-DOC-0001",
            recordedAtMicroseconds: 1_767_225_601_500_000,
            payload: [],
            hash: hexBytes("1d999776571717d1266c5c821e5ab5a7611599909f01a959fc3f4b323c25f9c3")
        ),
        JournalLink(
            sequence: 3,
            entryID: 1003,
            eventType: "member.suspended",
            documentID: "",
            recordedAtMicroseconds: 1_767_225_700_000_000,
            payload: [0x00, 0x01, 0x02, 0xff],
            hash: hexBytes("1ef84520ecd39a82077ddaa1c675b3144b8f0ea7bc4b65b999bd11b146d3b143")
        ),
    ]

    @Test("the genesis hash is 32 zero bytes")
    func genesis() {
        #expect(JournalChain.genesis == [UInt8](repeating: 0, count: 32))
    }

    @Test("entry hashes match the vector computed independently from the documented layout")
    func knownVector() {
        var previous = JournalChain.genesis
        for entry in Self.entries {
            let hash = JournalChain.entryHash(
                previous: previous,
                sequence: entry.sequence,
                entryID: entry.entryID,
                eventType: entry.eventType,
                documentID: entry.documentID,
                recordedAtMicroseconds: entry.recordedAtMicroseconds,
                payload: entry.payload
            )
            #expect(hash == entry.hash, "entry \(entry.sequence)")
            previous = hash
        }
    }

    @Test("an intact chain verifies")
    func intact() {
        #expect(JournalChain.verify(entries: Self.entries) == nil)
        #expect(JournalChain.verify(entries: []) == nil)
    }

    @Test("a later part of the journal verifies from the hash before it")
    func window() {
        let tail = Array(Self.entries.dropFirst())
        #expect(JournalChain.verify(entries: tail, startingAfter: Self.entries[0].hash) == nil)
        #expect(JournalChain.verify(entries: tail) == 0)
    }

    @Test("a modified payload breaks its own entry")
    func modifiedPayload() {
        var entries = Self.entries
        entries[1].payload = Array("{}".utf8)
        #expect(JournalChain.verify(entries: entries) == 1)
    }

    @Test("a removed entry breaks the entry that followed it")
    func removedEntry() {
        var entries = Self.entries
        entries.remove(at: 1)
        #expect(JournalChain.verify(entries: entries) == 1)
    }

    @Test("a changed timestamp, event type or document id is detected", arguments: 0..<3)
    func otherFields(field: Int) {
        var entries = Self.entries
        switch field {
        case 0: entries[2].recordedAtMicroseconds += 1
        case 1: entries[2].eventType = "member.activated"
        default: entries[2].documentID = "x"
        }
        #expect(JournalChain.verify(entries: entries) == 2)
    }

    @Test("a rewritten entry with a recomputed hash still breaks the next one")
    func rewrittenEntry() {
        var entries = Self.entries
        entries[0].payload = Array("forged".utf8)
        entries[0].hash = JournalChain.entryHash(of: entries[0], previous: JournalChain.genesis)
        #expect(JournalChain.verify(entries: entries) == 1)
    }

    @Test("length prefixes keep field boundaries: moving bytes between fields changes the hash")
    func boundaries() {
        let a = JournalChain.entryHash(
            previous: JournalChain.genesis, sequence: 1, entryID: 1, eventType: "ab", documentID: "c",
            recordedAtMicroseconds: 0, payload: []
        )
        let b = JournalChain.entryHash(
            previous: JournalChain.genesis, sequence: 1, entryID: 1, eventType: "a", documentID: "bc",
            recordedAtMicroseconds: 0, payload: []
        )
        #expect(a != b)
    }
}
