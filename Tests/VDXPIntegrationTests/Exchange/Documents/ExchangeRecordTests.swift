import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

/// What Exchange records about each document besides its bytes: its legal value (Art. 11), whether it was sent in
/// time (Art. 13.1, Vietnam time, Vietnamese business calendar), its dates normalised to ISO 8601 (QĐ 28 Art. 14.4),
/// and that the inbox honours priorities (QĐ 28 Art. 6.2).
@Suite("Exchange records: legal value, timeliness, dates, priority", .serialized)
struct ExchangeRecordTests {
    @Test("signed by the competent signer and the organisation it has legal value; by the seal alone, reference only")
    func legalValue() async throws {
        try await TestPlatform.with { platform in
            let valid = TestPlatform.header(number: "701")
            try await platform.send(try platform.messages(valid, withSignerSignature: true))
            let reference = TestPlatform.header(number: "702")
            try await platform.send(try platform.messages(reference))

            #expect(try await platform.document(valid.documentID).legalValue == .legallyValid)
            #expect(
                try await platform.document(valid.documentID, as: TestPlatform.recipient).legalValue == .legallyValid)
            #expect(try await platform.document(reference.documentID).legalValue == .referenceOnly)
            let received = try await platform.inbox(of: TestPlatform.recipient)
            #expect(received.first { $0.documentID == valid.documentID }?.signedDocument.signatures.count == 2)

            let entries = try await platform.service("search", address: platform.exchange).exchange { exchange in
                try await exchange.streamJournal(.init()) { response in
                    var sent: [Vdxp_Exchange_V1_DocumentSent] = []
                    for try await entry in response.messages where entry.eventType == "document.sent" {
                        sent.append(try Vdxp_Exchange_V1_JournalEvent(serializedBytes: entry.payload).documentSent)
                        if sent.count == 2 { break }
                    }
                    return sent
                }
            }
            #expect(entries.map(\.legalValue) == [.legallyValid, .referenceOnly])
            #expect(entries.allSatisfy { $0.hasTimeliness })
            // QĐ 28 Art. 10.2 metadata for the projections (Search, Report), copied from the verified header.
            #expect(entries.map(\.code.number) == ["701", "702"])
            #expect(entries.allSatisfy { $0.documentTypeCode == 2 && $0.signer.fullName == "Trần Văn Bình" })
            #expect(
                entries.allSatisfy {
                    $0.promulgation == valid.promulgation && $0.senderOrganisationName == valid.sender.name
                })
        }
    }

    @Test(
        "a person of the organisation who is not the signer named in the header only countersigns: reference only"
    )
    func signerMustBeNamed() async throws {
        try await TestPlatform.with { platform in
            var header = TestPlatform.header(number: "703")
            header.signer.fullName = "Lê Văn Cường"
            // Trần Văn Bình of the sending organisation signs beside the seal: a countersignature (Art. 11, ADR 0003),
            // not the named signer's, so the document has no legal value and says whose signature is missing.
            let sent = try await platform.send(try platform.messages(header, withSignerSignature: true)).document
            #expect(sent.legalValue == .referenceOnly)
            #expect(sent.legalValueReason.contains("no signature of the competent signer 'Lê Văn Cường'"))
        }
    }

    @Test("timeliness is decided in Vietnam time with the configured holidays, and shown to both sides")
    func timeliness() async throws {
        // Friday 2 January 2026, 17:00: the next working morning is Monday 5 January — unless it is configured as a
        // holiday, as here (in Central, whose calendar Exchange follows); then Tuesday 6 January, 12:00.
        try await TestPlatform.with(centralSettings: ["VDXP_PUBLIC_HOLIDAYS": "2026-01-05"]) { platform in
            var late = TestPlatform.header(number: "711")
            late.signingTime = "2026/01/02 17:00:00"  // the legacy edXML form, read as Vietnam time
            try await platform.sendDocument(late)
            let document = try await platform.document(late.documentID, as: TestPlatform.recipient)
            #expect(document.timeliness.onTime == false)
            #expect(document.timeliness.signingTime.seconds == 1_767_348_000)  // 2026-01-02T10:00:00Z
            #expect(document.timeliness.deadline.seconds == 1_767_675_600)  // 2026-01-06T05:00:00Z = 12:00 in Hà Nội
            #expect(document.timeliness.explanation.contains("next working morning"))
            #expect(document.header.signingTime == "2026-01-02T17:00:00+07:00", "shown normalised to ISO 8601")

            let onTime = TestPlatform.header(number: "712", priority: 1)
            try await platform.sendDocument(onTime)
            let urgent = try await platform.document(onTime.documentID)
            #expect(urgent.timeliness.onTime)
            #expect(urgent.timeliness.explanation.contains("urgent"))
        }
    }

    @Test("legacy date forms are accepted and shown normalised; the signed bytes are untouched")
    func legacyDates() async throws {
        try await TestPlatform.with { platform in
            var header = TestPlatform.header(number: "721")
            header.promulgation.date = "15/01/2026"
            header.dueDate = "2026/02/01"
            try await platform.sendDocument(header)
            let document = try await platform.document(header.documentID)
            #expect(document.header.promulgation.date == "2026-01-15")
            #expect(document.header.dueDate == "2026-02-01")
            let signed = try Vdxp_Exchange_V1_DocumentHeader(serializedBytes: document.signedDocument.header)
            #expect(signed.promulgation.date == "15/01/2026")

            var bad = TestPlatform.header(number: "722")
            bad.promulgation.date = "2026.01.15"
            bad.signingTime = ""
            let refused = await #expect(throws: RPCError.self) { try await platform.sendDocument(bad) }
            #expect(refused?.code == .invalidArgument)
            #expect(refused?.message.contains("promulgation.date") == true)
            #expect(refused?.message.contains("signing_time") == true)
        }
    }

    @Test("a flash document overtakes a full inbox")
    func flashOvertakes() async throws {
        try await TestPlatform.with { platform in
            for index in 0..<30 {
                try await platform.sendDocument(TestPlatform.header(number: "73\(index)"))
            }
            let flash = TestPlatform.header(number: "799", priority: 3)
            try await platform.sendDocument(flash)
            let first = try await platform.inbox(of: TestPlatform.recipient, upTo: 1)
            #expect(first.map(\.documentID) == [flash.documentID])
            #expect(first.first?.priority == 3)
            let timed = TestPlatform.header(number: "798", priority: 4)
            try await platform.sendDocument(timed)
            let next = try await platform.inbox(of: TestPlatform.recipient, upTo: 2)
            #expect(next.map(\.priority) == [4, 0])
        }
    }
}
