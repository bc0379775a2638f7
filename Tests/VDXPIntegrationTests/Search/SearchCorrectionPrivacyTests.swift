import Foundation
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto

/// A member sees only documents it sent or received: its typo corrections too are made from the words of those
/// documents, never from other members'. Otherwise the corrected query its page token carries names other members'
/// words, and whether a word gets corrected tells it whether any document on the platform holds that word.
@Suite("Search: a member's corrections come from its own documents", .serialized, .timeLimit(.minutes(10)))
struct SearchCorrectionPrivacyTests {
    /// The JSON inside a page token (base64url).
    static func tokenJSON(_ token: String) -> String {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).flatMap { String(data: $0, encoding: .utf8) } ?? ""
    }

    @Test(
        "the recipient's corrections name only its own words; a word only another member's document holds is corrected like an unknown one"
    )
    func correctionsFromOwnDocuments() async throws {
        try await TestPlatform.with { platform in
            // The stranger's document holds "zqxvuong"; the recipient's two hold "zqxvuonh".
            let documents: [(String, String, DevelopmentMember)] = [
                ("1701", "Dự án zqxvuong cấp tỉnh", TestPlatform.stranger),
                ("1702", "Báo cáo zqxvuonh quý một", TestPlatform.recipient),
                ("1703", "Báo cáo zqxvuonh quý hai", TestPlatform.recipient),
            ]
            var own: [String] = []
            for (number, subject, recipient) in documents {
                var header = TestPlatform.header(number: number, to: [recipient])
                header.subject = subject
                try await platform.send(try platform.messages(header))
                if recipient.organisationID == TestPlatform.recipient.organisationID { own.append(header.documentID) }
            }
            try await platform.withSearch { search in
                try await search.waitForIndex(documents: 3)
                let recipient = search.member(TestPlatform.recipient)

                let typo = try await SearchTests.search(recipient, "zqxvuonk", pageSize: 1)
                #expect(typo.total == 2)
                let corrected = Self.tokenJSON(typo.nextPageToken)
                #expect(corrected.contains("zqxvuonh"), "\(corrected)")
                #expect(!corrected.contains("zqxvuong"), "another member's word in the page token: \(corrected)")

                // A word only the stranger's document holds is, to the recipient, a word no document has.
                let othersWord = try await SearchTests.search(recipient, "zqxvuong")
                #expect(Set(othersWord.hits.map(\.document.documentID)) == Set(own))

                // The operator's corrections still come from the whole index.
                let operatorTypo = try await SearchTests.search(search.operatorClient, "zqxvuonk")
                #expect(operatorTypo.total == 3)
            }
        }
    }
}
