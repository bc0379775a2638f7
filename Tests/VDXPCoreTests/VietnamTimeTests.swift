import Foundation
import Testing
import VDXPCore

/// Times people read in e-mails, SMS and notices are Vietnam time (QĐ 28 Art. 14.4), whatever the server's zone.
@Suite("Vietnam time in texts")
struct VietnamTimeTests {
    @Test("01:00 UTC is 08:00 in Vietnam; 17:30 UTC is 00:30 of the next day there; seconds are dropped")
    func text() {
        // 2026-11-09T01:00:00Z
        #expect(VietnamTime.text(Date(timeIntervalSince1970: 1_794_186_000)) == "08:00 09/11/2026 (giờ Việt Nam)")
        // 2026-12-31T17:30:59Z: already New Year's Day in Vietnam.
        #expect(VietnamTime.text(Date(timeIntervalSince1970: 1_798_738_259)) == "00:30 01/01/2027 (giờ Việt Nam)")
    }
}
