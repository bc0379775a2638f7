import Foundation
import Testing

@testable import VDXPTicket

/// A maintenance notice tells members when the stop is (Art. 18.2.b) in their own time, not the server's.
@Suite("Maintenance notice texts")
struct MaintenanceTextsTests {
    @Test("the announcement and the cancellation give the window's times in Vietnam time")
    func vietnamTime() {
        var window = MaintenanceRecord(
            windowID: "MW-2026-0007", title: "Nâng cấp cơ sở dữ liệu", description: "Dừng gửi nhận văn bản.",
            startTime: Date(timeIntervalSince1970: 1_794_186_000),  // 2026-11-09 01:00 UTC
            endTime: Date(timeIntervalSince1970: 1_794_193_200), components: [],
            announceTime: Date(timeIntervalSince1970: 1_793_000_000), announcedBy: .ticketService)
        let announced = MaintenanceTexts.announced(window)
        #expect(announced.contains("Từ 08:00 09/11/2026 (giờ Việt Nam) đến 10:00 09/11/2026 (giờ Việt Nam)"))
        #expect(!announced.contains("+0000"))
        window.cancelReason = "Hoãn"
        #expect(MaintenanceTexts.cancelled(window).contains("từ 08:00 09/11/2026 (giờ Việt Nam)"))
    }
}
