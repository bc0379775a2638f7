import Foundation
import Testing
import VDXPDevelopment

/// `--request-id`: a `vdxp` call that makes something can be retried without making it twice.
@Suite("vdxp ticket --request-id: a retry makes nothing twice", .serialized)
struct TicketRequestIDCLITests {
    @Test("ticket open run twice with one --request-id opens one ticket; without it the key is printed to reuse")
    func openTwiceOpensOnce() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                try await TicketCLITests.withCluster(platform, ticket) { _, path in
                    let member = TestPlatform.sender.organisationID
                    let open = [
                        "ticket", "open", "--as", member, "--category", "provided_service", "--subject",
                        "Không nhận được văn bản", "--description", "Từ 8 giờ sáng nay",
                    ]
                    let key = "retry-\(UUID().uuidString)"
                    let (firstStatus, first) = try await TicketCLITests.vdxp(
                        open + ["--request-id", key], cluster: path)
                    let (secondStatus, second) = try await TicketCLITests.vdxp(
                        open + ["--request-id", key], cluster: path)
                    #expect(firstStatus == 0 && secondStatus == 0, "\(first)\n\(second)")
                    let firstID = String(first.split(separator: " ").first ?? "")
                    let secondID = String(second.split(separator: " ").first ?? "")
                    #expect(firstID.hasPrefix("TK-"), "\(first)")
                    #expect(firstID == secondID, "the retry returns the ticket the first call opened")
                    let (_, listed) = try await TicketCLITests.vdxp(["ticket", "list", "--json"], cluster: path)
                    #expect(listed.components(separatedBy: "\"TK-").count - 1 == 1, "one ticket: \(listed)")

                    let (status, fresh) = try await BuiltTool.vdxp(open + ["--cluster", path])
                    #expect(status == 0, "\(fresh)")
                    #expect(fresh.contains("request id: "), "\(fresh)")
                    #expect(fresh.contains("to retry this call safely"), "\(fresh)")
                }
            }
        }
    }
}
