import Testing

@testable import VDXPMonitoring

/// Members write telephone numbers as people do; the SMS gateway takes E.164 (`+84…`).
@Suite("Telephone numbers are normalised to E.164")
struct TelephoneNumberTests {
    @Test(
        "the ways a Vietnamese number is written all become +84…",
        arguments: [
            ("0912 345 678", "+84912345678"), ("+84 912 345 678", "+84912345678"), ("84912345678", "+84912345678"),
            ("0084 912 345 678", "+84912345678"), ("+84 (0)24 3825 3535", "+842438253535"),
            ("024.3825.3535", "+842438253535"), ("+84 24 0000 0000", "+842400000000"),
            ("+33 1 42 68 53 00", "+33142685300"),
        ])
    func normalised(written: String, e164: String) throws {
        #expect(try TelephoneNumber(written).e164 == e164)
    }

    @Test(
        "what cannot be a telephone number is refused with a reason",
        arguments: [
            "", "912345678", "+84 12", "+84 1234 5678 901", "09x2345678", "+1234567", "+1234567890123456",
            "+0912 345 678", "000 912 345 678",
        ])
    func refused(written: String) {
        #expect(throws: TelephoneNumber.Invalid.self) { try TelephoneNumber(written) }
    }
}
