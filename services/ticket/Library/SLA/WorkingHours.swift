import Foundation
import VDXPRuntime

/// The hours of a working day a working-hours support clock counts (Art. 18.2 leaves the choice to the operator):
/// from ``start`` to ``end``, Vietnam time, 08:00–17:00 unless `VDXP_TICKET_WORKDAY_START` and
/// `VDXP_TICKET_WORKDAY_END` say otherwise.
///
/// Pure: it never reads the clock or the environment.
struct WorkingHours: Sendable, Hashable {
    /// When the working day begins, in seconds after midnight Vietnam time.
    let start: Int
    /// When it ends, in seconds after midnight Vietnam time; after ``start``, at most 24:00.
    let end: Int

    /// 08:00 to 17:00.
    static let standard = WorkingHours(uncheckedStart: 8 * 3600, end: 17 * 3600)

    private init(uncheckedStart start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Reads the hours from `HH:mm` texts.
    ///
    /// - Throws: ``SettingsError`` naming the variable and the rule when a time is not `HH:mm`, the start is not
    ///   before 24:00, or the end is not after the start — so that the service stops at start with the reason.
    init(start startText: String, end endText: String) throws(SettingsError) {
        let start = try Self.seconds(startText, variable: "VDXP_TICKET_WORKDAY_START")
        let end = try Self.seconds(endText, variable: "VDXP_TICKET_WORKDAY_END")
        guard start < 24 * 3600 else {
            throw SettingsError("VDXP_TICKET_WORKDAY_START must be before 24:00; got '\(startText)'")
        }
        guard end > start else {
            throw SettingsError(
                "VDXP_TICKET_WORKDAY_END (\(endText)) must be after VDXP_TICKET_WORKDAY_START (\(startText)): "
                    + "working hours do not run past midnight")
        }
        self.init(uncheckedStart: start, end: end)
    }

    /// The hours a ticket's policy was given when it was received (`sla_workday_start`, `sla_workday_end`), nil when
    /// the stored values cannot be working hours (a clock counted on them would never reach its deadline).
    init?(storedStart start: Int, end: Int) {
        guard (0..<24 * 3600).contains(start), end > start, end <= 24 * 3600 else { return nil }
        self.init(uncheckedStart: start, end: end)
    }

    /// The length of a working day, in seconds.
    var length: Int { end - start }

    /// Seconds after midnight of `text`, `HH:mm` from 00:00 to 24:00.
    static func seconds(_ text: String, variable: String) throws(SettingsError) -> Int {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hours = Int(parts[0]),
            let minutes = Int(parts[1]), (0...24).contains(hours), (0...59).contains(minutes),
            hours < 24 || minutes == 0
        else {
            throw SettingsError(
                "\(variable) must be a time of day as HH:mm, 00:00 to 24:00 (e.g. 08:00); got '\(text)'")
        }
        return hours * 3600 + minutes * 60
    }
}
