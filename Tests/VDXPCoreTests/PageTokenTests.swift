import Foundation
import Testing
import VDXPCore

@Suite("Page tokens (AIP-158)")
struct PageTokenTests {
    static let scope = "exchange.ListSentDocuments"
    let cursor = TestCursor(timeMicroseconds: 1_773_550_000_123_456, after: "000.00.00.G22,2026,7816/VPCP-TTĐT")

    @Test("a token round-trips its cursor")
    func roundTrip() throws {
        let token = try PageToken(self.cursor).encoded(scope: Self.scope)
        #expect(try PageToken<TestCursor>(decoding: token, scope: Self.scope).cursor == self.cursor)
        #expect(try PageToken<TestCursor>.decodeIfPresent(token, scope: Self.scope) == self.cursor)
    }

    @Test("a token is URL-safe base64 without padding")
    func urlSafe() throws {
        // Many cursors, so that "+", "/" and "=" would appear in standard base64.
        for index in 0..<64 {
            let cursor = TestCursor(timeMicroseconds: Int64(index), after: String(repeating: "~", count: index))
            let token = try PageToken(cursor).encoded(scope: Self.scope)
            let isURLSafe = token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
            #expect(isURLSafe, "\(token)")
        }
    }

    @Test("an empty token means the first page")
    func emptyToken() throws {
        #expect(try PageToken<TestCursor>.decodeIfPresent("", scope: Self.scope) == nil)
        #expect(throws: PageTokenError.self) {
            try PageToken<TestCursor>(decoding: "", scope: Self.scope)
        }
    }

    @Test("a token issued for another list is refused")
    func otherScope() throws {
        let token = try PageToken(self.cursor).encoded(scope: "central.ListMembers")
        let error = #expect(throws: PageTokenError.self) {
            try PageToken<TestCursor>(decoding: token, scope: Self.scope)
        }
        #expect(error?.code == .invalidToken)
    }

    @Test(
        "a token this server did not issue is refused as an invalid page_token",
        arguments: [
            "x", "abc", "!!!!", "eyJ2IjoxfQ", "e30", "bm90IGpzb24", "====", "a b c d",
            "eyJjIjp7ImFmdGVyIjoieCIsInRpbWUiOjF9LCJzIjoiZXhjaGFuZ2UuTGlzdFNlbnREb2N1bWVudHMiLCJ2IjoyfQ",
        ]
    )
    func garbage(token: String) {
        let error = #expect(throws: PageTokenError.self) {
            try PageToken<TestCursor>(decoding: token, scope: Self.scope)
        }
        #expect(error?.code == .invalidToken)
        #expect(error?.message.hasPrefix("page_token is not one this server issued") == true)
    }

    @Test("an altered token is refused")
    func tampered() throws {
        var token = try PageToken(self.cursor).encoded(scope: Self.scope)
        token.removeLast(3)
        #expect(throws: PageTokenError.self) {
            try PageToken<TestCursor>(decoding: token, scope: Self.scope)
        }
    }

    @Test("a token longer than 1024 characters is refused before it is decoded")
    func tooLong() {
        #expect(throws: PageTokenError.self) {
            try PageToken<TestCursor>(decoding: String(repeating: "A", count: 1028), scope: Self.scope)
        }
    }

    /// A token with `cursor` (JSON) in `scope`, as a client that edits its token would write it.
    static func forged(cursor: String, scope: String = scope) -> String {
        Data(#"{"c":\#(cursor),"s":"\#(scope)","v":1}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test(
        "a time in a cursor must be one a Timestamp holds (years 1–9999): binding a larger one to PostgreSQL traps",
        arguments: ["1e300", "-1e300", "1e16", "-63114076801"])
    func timeOutOfRange(seconds: String) throws {
        let token = Self.forged(cursor: #"{"time":\#(seconds),"after":"x"}"#)
        let error = #expect(throws: PageTokenError.self) {
            try PageToken<DatedCursor>(decoding: token, scope: Self.scope)
        }
        #expect(error?.code == .invalidToken)
        let issued = DatedCursor(time: Date(timeIntervalSince1970: 1_780_000_000.5), after: "x")
        let roundTrip = try PageToken(issued).encoded(scope: Self.scope)
        #expect(try PageToken<DatedCursor>(decoding: roundTrip, scope: Self.scope).cursor == issued)
        let firstDay = Self.forged(cursor: #"{"time":-63113904000,"after":"x"}"#)
        #expect(try PageToken<DatedCursor>(decoding: firstDay, scope: Self.scope).cursor.after == "x")
    }

    @Test("a cursor string holding U+0000 is refused: PostgreSQL's text cannot hold one")
    func nulInCursor() {
        let error = #expect(throws: PageTokenError.self) {
            try PageToken<String>(decoding: Self.forged(cursor: #""000.00.00.H26\u0000""#), scope: Self.scope)
        }
        #expect(error?.code == .invalidToken)
    }

    @Test("a bounded cursor out of its range is refused; within it, read")
    func boundedCursor() throws {
        let outside = Self.forged(cursor: #"{"timeMicroseconds":9223372036854775807,"after":"x"}"#)
        #expect(throws: PageTokenError.self) {
            try PageToken<BoundedCursor>(decoding: outside, scope: Self.scope)
        }
        let inside = Self.forged(cursor: #"{"timeMicroseconds":1780000000000000,"after":"x"}"#)
        #expect(try PageToken<BoundedCursor>(decoding: inside, scope: Self.scope).cursor.timeMicroseconds > 0)
    }

    @Test("the error names the request field it was given")
    func fieldName() {
        let error = #expect(throws: PageTokenError.self) {
            try PageToken<TestCursor>.decodeIfPresent("x", scope: Self.scope, field: "next")
        }
        #expect(error?.message.hasPrefix("next is not one this server issued") == true)
    }
}

/// A keyset cursor of the shape services use: a time and the id after which to continue.
struct TestCursor: Codable, Hashable, Sendable {
    var timeMicroseconds: Int64
    var after: String
}

/// A cursor holding a `Date`, as Ticket's do.
struct DatedCursor: Codable, Hashable, Sendable {
    var time: Date
    var after: String
}

/// A cursor whose time the database takes only within a `Timestamp`'s range.
struct BoundedCursor: Codable, Sendable, BoundedPageCursor {
    var timeMicroseconds: Int64
    var after: String

    var isInRange: Bool { WellKnownTypeRanges.isTimestamp(microseconds: Double(timeMicroseconds)) }
}
