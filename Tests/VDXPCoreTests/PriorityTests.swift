import Testing
import VDXPCore

@Suite("Priority: edXML's codes 0 to 4 (QCVN 102:2016/BTTTT OtherInfo/Priority), handled first (QĐ 28 Art. 6.2)")
struct PriorityTests {
    @Test(
        "the five priorities carry their Vietnamese names",
        arguments: [
            (0, "thường", false, false),
            (1, "khẩn", false, true),
            (2, "thượng khẩn", false, true),
            (3, "hỏa tốc", true, true),
            (4, "hỏa tốc hẹn giờ", true, true),
        ] as [(Int32, String, Bool, Bool)]
    )
    func names(raw: Int32, name: String, isFlash: Bool, isUrgent: Bool) throws {
        let priority = try #require(Priority(rawValue: raw))
        #expect(priority.vietnameseName == name)
        #expect(priority.isFlash == isFlash)
        #expect(priority.isUrgent == isUrgent)
        #expect(priority.description.hasPrefix("\(raw) ("))
        #expect(priority.description.contains(name))
    }

    @Test("numbers outside 0 to 4 are no priority", arguments: [-1, 5, 6, Int32.max, Int32.min])
    func outOfRange(raw: Int32) {
        #expect(Priority(rawValue: raw) == nil)
    }

    @Test("priorities order by urgency")
    func ordering() {
        #expect(Priority.allCases.sorted() == [.normal, .urgent, .veryUrgent, .flash, .flashTimed])
        #expect(Priority.flash > .veryUrgent)
    }
}
