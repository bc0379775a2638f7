import Foundation
import SwiftProtobuf

/// Times for people, in Vietnam time as QĐ 28 Art. 14.4 writes them: ISO 8601 to the second with +07:00, e.g.
/// `2026-12-07T17:00:00+07:00`, whatever the machine's own time zone. Every time a command prints as text goes through
/// it; `--json` keeps the RFC 3339 UTC times of the protobuf JSON mapping.
///
/// (VDXPCore's `VietnamTime.text` writes the minute-precise Vietnamese form for e-mails and notices; a command line
/// needs seconds, and a form scripts and people can paste back into `--from`/`--start`.)
enum VietnamTime {
    /// `date` as `yyyy-MM-ddTHH:mm:ss+07:00`.
    static func format(_ date: Date) -> String {
        var style = Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 7 * 3600)!)
        style = style.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .colon)
        return date.formatted(style)
    }
}

extension Google_Protobuf_Timestamp {
    /// This instant in Vietnam time, as ``VietnamTime/format(_:)`` writes it.
    var vietnamTime: String { VietnamTime.format(date) }
}
