import Testing

@testable import VDXPExchange

/// Sends of more than 1 MiB of attachments each hold a database connection while they stream: one member may hold a
/// third of the slots, so that the others stay for other members.
@Suite("Streamed sends: a member's share of the slots")
struct StreamedSendSlotsTests {
    @Test("a member holds at most a third of the slots; another member takes one; a slot freed is taken again")
    func shareOfTheSlots() async throws {
        let slots = StreamedSendSlots(limit: 6)
        #expect(slots.perMember == 2)
        #expect(StreamedSendSlots(limit: 1).perMember == 1)
        try await slots.withSlot(for: "000.00.00.G22") {
            try await slots.withSlot(for: "000.00.00.G22") {
                let third = await #expect(throws: ExchangeError.self) {
                    try await slots.withSlot(for: "000.00.00.G22") {}
                }
                guard case .streamedSendsBusyForMember(let member, let share)? = third else {
                    Issue.record("\(String(describing: third))")
                    return
                }
                #expect(member == "000.00.00.G22" && share == 2)
                try await slots.withSlot(for: "000.00.00.H26") {}
            }
            try await slots.withSlot(for: "000.00.00.G22") {}
        }
    }

    @Test("when every slot is taken, any member is refused")
    func allTaken() async throws {
        let slots = StreamedSendSlots(limit: 3)
        try await slots.withSlot(for: "000.00.00.G22") {
            try await slots.withSlot(for: "000.00.00.H26") {
                try await slots.withSlot(for: "000.00.00.H29") {
                    let refused = await #expect(throws: ExchangeError.self) {
                        try await slots.withSlot(for: "000.00.00.H31") {}
                    }
                    guard case .streamedSendsBusy(let limit)? = refused else {
                        Issue.record("\(String(describing: refused))")
                        return
                    }
                    #expect(limit == 3)
                }
            }
        }
        try await slots.withSlot(for: "000.00.00.H31") {}
    }
}
