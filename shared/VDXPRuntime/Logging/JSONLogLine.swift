import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One log line of ``JSONLogHandler``: a JSON object with its keys sorted, written byte by byte.
///
/// Every RPC logs a line, so this is on the send path: Foundation's `JSONSerialization` and date formatting took a
/// tenth of Exchange's CPU under `vdxp bench send` (`perf record`, docs/performance.md). Keys are sorted so that the
/// lines read the same from one run to the next; strings are escaped as RFC 8259 requires (quotation mark, reverse
/// solidus, control characters) and otherwise kept as UTF-8, so Vietnamese text stays readable.
struct JSONLogLine {
    /// A field's value: a string, or the arrays and objects swift-log metadata can hold.
    indirect enum Value {
        case string(String)
        case array([Value])
        case object([String: Value])

        init(_ metadata: Logger.MetadataValue) {
            switch metadata {
            case .string(let string): self = .string(string)
            case .stringConvertible(let convertible): self = .string(convertible.description)
            case .array(let array): self = .array(array.map(Value.init))
            case .dictionary(let dictionary): self = .object(dictionary.mapValues(Value.init))
            }
        }
    }

    /// The line's fields.
    var fields: [String: Value]

    /// The line as UTF-8, ending with a newline.
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        Self.write(.object(fields), into: &bytes)
        bytes.append(0x0A)
        return bytes
    }

    private static func write(_ value: Value, into bytes: inout [UInt8]) {
        switch value {
        case .string(let string):
            write(string: string, into: &bytes)
        case .array(let values):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element, into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(string: key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                write(object[key]!, into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func write(string: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `time` as RFC 3339 in UTC with milliseconds, e.g. `2026-11-23T10:15:02.114Z`.
    static func timestamp(seconds unixSeconds: Int, nanoseconds: Int) -> String {
        var seconds = time_t(unixSeconds)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return digits(parts.tm_year + 1900, 4) + "-" + digits(parts.tm_mon + 1, 2) + "-" + digits(parts.tm_mday, 2)
            + "T" + digits(parts.tm_hour, 2) + ":" + digits(parts.tm_min, 2) + ":" + digits(parts.tm_sec, 2) + "."
            + digits(Int32(nanoseconds / 1_000_000), 3) + "Z"
    }

    /// Now as RFC 3339, from the real-time clock.
    static func now() -> String {
        let since1970 = Date().timeIntervalSince1970
        let seconds = since1970.rounded(.down)
        return timestamp(seconds: Int(seconds), nanoseconds: Int((since1970 - seconds) * 1_000_000_000))
    }
}
