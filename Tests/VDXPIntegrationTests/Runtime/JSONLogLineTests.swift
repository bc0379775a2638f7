import Foundation
import Logging
import Testing

@testable import VDXPRuntime

/// The services' log lines: one JSON object per line that any JSON reader parses back to what was logged, keys
/// sorted, Vietnamese text kept as UTF-8.
@Suite("JSON log lines")
struct JSONLogLineTests {
    @Test("a line parses back to its fields, whatever the strings hold")
    func parsesBack() throws {
        let awkward = "Quyết định \"số 7816\"\\QĐ\n\ttab\r\u{01}\u{1F}/đ — 😀"
        let line = JSONLogLine(fields: [
            "message": .string(awkward),
            "level": .string("info"),
            "members": .array([.string("000.00.00.G22"), .string("000.00.00.H26")]),
            "nested": .object(["b": .string("2"), "a": .array([])]),
        ]).encoded()
        #expect(line.last == 0x0A)
        #expect(line.dropLast().contains(0x0A) == false, "one line per entry: a newline in a value is escaped")
        let parsed = try #require(
            try JSONSerialization.jsonObject(with: Data(line.dropLast())) as? [String: Any])
        #expect(parsed["message"] as? String == awkward)
        #expect(parsed["members"] as? [String] == ["000.00.00.G22", "000.00.00.H26"])
        let nested = try #require(parsed["nested"] as? [String: Any])
        #expect(nested["b"] as? String == "2")
        #expect((nested["a"] as? [Any])?.isEmpty == true)
    }

    @Test("keys come sorted, control characters as \\u escapes, and non-ASCII text as itself")
    func exactBytes() {
        let line = JSONLogLine(fields: [
            "z": .string("Hà Nội"), "a": .string("\u{07}"), "m": .object(["y": .string("1"), "x": .string("2")]),
        ]).encoded()
        #expect(
            String(decoding: line, as: UTF8.self)
                == "{\"a\":\"\\u0007\",\"m\":{\"x\":\"2\",\"y\":\"1\"},\"z\":\"Hà Nội\"}\n")
    }

    @Test("metadata of every kind becomes strings, arrays and objects")
    func metadata() {
        let value = JSONLogLine.Value(
            .dictionary(["count": .stringConvertible(42), "ids": .array(["a", .string("b")])]))
        let line = String(decoding: JSONLogLine(fields: ["m": value]).encoded(), as: UTF8.self)
        #expect(line == "{\"m\":{\"count\":\"42\",\"ids\":[\"a\",\"b\"]}}\n")
    }

    @Test("the time is RFC 3339 in UTC with milliseconds")
    func timestamp() {
        // 2026-11-23T10:15:02.114Z
        #expect(
            JSONLogLine.timestamp(seconds: 1_795_428_902, nanoseconds: 114_999_999) == "2026-11-23T10:15:02.114Z")
        #expect(JSONLogLine.timestamp(seconds: 0, nanoseconds: 5_000_000) == "1970-01-01T00:00:00.005Z")
    }
}
