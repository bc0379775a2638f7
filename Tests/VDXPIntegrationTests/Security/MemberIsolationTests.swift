import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPTrust

/// A member reaches only its own documents, deliveries and record; a signature proves who sealed exactly these
/// header bytes, and no other member can pass it off as its own (issue 17).
@Suite("Members are kept apart; forged, replayed and mismatched signatures are refused", .serialized)
struct MemberIsolationTests {
    /// Codes that say "not yours" without saying whether it exists.
    static let notYours: Set<RPCError.Code> = [.notFound, .permissionDenied]

    @Test("another member cannot read, download, acknowledge, report on, retract or retry what is not its own")
    func anotherMember() async throws {
        try await TestPlatform.with { platform in
            let document = try await platform.sendDocument(TestPlatform.header(number: "1701"))
            let delivery = try #require(try await platform.inbox(of: TestPlatform.recipient).first)
            let other = platform.member(TestPlatform.stranger)
            let id = document.documentID
            let calls:
                [(
                    String,
                    @Sendable (Vdxp_Exchange_V1_ExchangeService.Client<HTTP2ClientTransport.Posix>) async throws -> Void
                )] = [
                    ("GetDocument", { _ = try await $0.getDocument(.with { $0.documentID = id }) }),
                    (
                        "DownloadAttachment",
                        {
                            try await $0.downloadAttachment(.with { $0.documentID = id }) {
                                for try await _ in $0.messages {}
                            }
                        }
                    ),
                    (
                        "WatchDocumentStatus",
                        {
                            try await $0.watchDocumentStatus(.with { $0.documentID = id }) {
                                for try await _ in $0.messages { break }
                            }
                        }
                    ),
                    (
                        "AcknowledgeDelivery",
                        { _ = try await $0.acknowledgeDelivery(.with { $0.deliveryID = delivery.deliveryID }) }
                    ),
                    (
                        "RetryDelivery",
                        { _ = try await $0.retryDelivery(.with { $0.deliveryID = delivery.deliveryID }) }
                    ),
                    (
                        "UpdateDocumentStatus",
                        {
                            _ = try await $0.updateDocumentStatus(
                                .with {
                                    $0.documentID = id
                                    $0.status = .registered
                                    $0.handler = TestPlatform.clerk
                                })
                        }
                    ),
                    (
                        "RejectDocument",
                        {
                            _ = try await $0.rejectDocument(
                                .with {
                                    $0.documentID = id
                                    $0.reason = "Không đúng thẩm quyền"
                                    $0.handler = TestPlatform.clerk
                                })
                        }
                    ),
                    (
                        "RetractDocument",
                        {
                            _ = try await $0.retractDocument(
                                .with {
                                    $0.documentID = id
                                    $0.reason = "Gửi nhầm"
                                })
                        }
                    ),
                    (
                        "ConfirmRevocation",
                        {
                            _ = try await $0.confirmRevocation(
                                .with {
                                    $0.documentID = id
                                    $0.handler = TestPlatform.clerk
                                })
                        }
                    ),
                ]
            for (name, call) in calls {
                let error = await #expect(throws: RPCError.self, "\(name)") {
                    try await other.exchange { try await call($0) }
                }
                #expect(error.map { Self.notYours.contains($0.code) } == true, "\(name): \(String(describing: error))")
            }
            let sent = try await other.exchange { try await $0.listSentDocuments(.init()) }.documents
            let received = try await other.exchange { try await $0.listReceivedDocuments(.init()) }.documents
            #expect(sent.isEmpty && received.isEmpty, "another member's lists hold none of it")

            // Central: a member reads and changes only its own record.
            let recipientID = TestPlatform.recipient.organisationID
            let central:
                [(
                    String,
                    @Sendable (Vdxp_Central_V1_CentralService.Client<HTTP2ClientTransport.Posix>) async throws -> Void
                )] = [
                    ("GetMember", { _ = try await $0.getMember(.with { $0.organisationID = recipientID }) }),
                    (
                        "SuspendMember",
                        {
                            _ = try await $0.suspendMember(
                                .with {
                                    $0.organisationID = recipientID
                                    $0.reason = "Thử"
                                    $0.expectedResumeDate = "2099-01-05"
                                    $0.memberRequestReference = "CV 1/UBND"
                                })
                        }
                    ),
                    ("ResumeMember", { _ = try await $0.resumeMember(.with { $0.organisationID = recipientID }) }),
                    (
                        "ListRepresentedUnits",
                        { _ = try await $0.listRepresentedUnits(.with { $0.parentOrganisationID = recipientID }) }
                    ),
                ]
            let otherAtCentral = platform.member(TestPlatform.stranger, service: platform.central)
            for (name, call) in central {
                let error = await #expect(throws: RPCError.self, "\(name)") {
                    try await otherAtCentral.central { try await call($0) }
                }
                #expect(error?.code == .permissionDenied, "\(name): \(String(describing: error))")
            }

            // Nothing changed: the delivery is still the recipient's, unacknowledged, the document unreported.
            let stored = try await platform.document(id)
            #expect(stored.recipient(TestPlatform.recipient)?.deliveryState == .leased)
            #expect(![.registered, .rejected].contains(stored.recipient(TestPlatform.recipient)?.status))
            let member = try await platform.member(TestPlatform.recipient, service: platform.central).central {
                try await $0.getMember(.with { $0.organisationID = recipientID })
            }
            #expect(member.state != .suspended)
        }
    }

    @Test(
        "a forged seal, a signature over other bytes, another member's signature and a replay by another member are refused; nothing is stored"
    )
    func signatures() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "1702")
            let genuine = try platform.messages(header)
            var attempts: [(String, [Vdxp_Exchange_V1_SendDocumentRequest], DevelopmentMember)] = []

            // Forged: the sender's header with a signature that is not a signature of it.
            var forged = genuine
            forged[0].document.signatures[0].signature = Data(
                genuine[0].document.signatures[0].signature.reversed())
            attempts.append(("a forged signature value", forged, TestPlatform.sender))

            // Mismatched: a genuine signature of another document, over this header.
            let other = try platform.messages(TestPlatform.header(number: "1703"))
            var mismatched = genuine
            mismatched[0].document.signatures = other[0].document.signatures
            attempts.append(("a genuine signature of other header bytes", mismatched, TestPlatform.sender))

            // Another member's seal on a document that says it comes from the sender.
            attempts.append(
                (
                    "the sender's header sealed by another member",
                    try platform.messages(header, signedBy: TestPlatform.stranger),
                    TestPlatform.sender
                ))

            // Replayed: the sender's genuine document sent over another member's connection.
            attempts.append(("the genuine document replayed by another member", genuine, TestPlatform.stranger))

            for (what, messages, caller) in attempts {
                let error = await #expect(throws: RPCError.self, "\(what)") {
                    try await platform.send(messages, as: caller)
                }
                #expect(
                    [RPCError.Code.invalidArgument, .permissionDenied, .unauthenticated].contains(
                        error?.code ?? .unknown),
                    "\(what): \(String(describing: error))")
            }
            let absent = await #expect(throws: RPCError.self) { try await platform.document(header.documentID) }
            #expect(absent?.code == .notFound, "none of them stored the document")

            // Replayed by the sender itself: the same signed bytes are the same document, answered as a duplicate,
            // and delivered once.
            let first = try await platform.send(genuine)
            let again = try await platform.send(genuine)
            #expect(!first.duplicate && again.duplicate)
            let deliveries = try await platform.inbox(of: TestPlatform.recipient)
            #expect(deliveries.filter { $0.documentID == header.documentID }.count == 1)
        }
    }
}
