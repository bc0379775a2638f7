import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPTrust

/// The demo of `vdxp dev up --demo`: the Government Office sends a signed document to Hà Nội, which receives,
/// acknowledges, registers, assigns, processes and completes it; each status flows back to the sender.
enum Demo {
    static func run(cluster: ClusterFile, out: Output) async throws {
        let sender = Dev.demoMembers[0].organisationID
        let recipient = Dev.demoMembers[1].organisationID
        let number = String(Int(Date().timeIntervalSince1970) % 100_000)
        let body = Data("Kính gửi Ủy ban nhân dân Thành phố Hà Nội — văn bản minh họa của VDXP.\n".utf8)
        out.step("\(sender) signs and sends document \(number)/VPCP-TTĐT to \(recipient)")
        let document = try await DocumentSender.send(
            cluster: cluster, from: sender, to: [recipient], number: number, notation: "VPCP-TTĐT",
            subject: "Văn bản minh họa của VDXP", priority: 0,
            attachments: [("van-ban-minh-hoa.txt", "text/plain", body)])
        out.done("accepted: \(document.documentID) (sent \(VietnamTime.format(document.sendTime.date)))")

        let inbox = try cluster.memberClient("exchange", as: recipient)
        let delivery = try await inbox.exchange { exchange in
            try await exchange.fetchInbox(.with { $0.maxDeliveries = 10 }).deliveries.first {
                $0.documentID == document.documentID
            }
        }
        guard let delivery else { throw CLIError("the demo document did not reach \(recipient)'s inbox") }
        out.done(
            "\(recipient) fetched delivery \(delivery.deliveryID) (priority \(delivery.priority), attempt \(delivery.attempt))"
        )
        _ = try await inbox.exchange { try await $0.acknowledgeDelivery(.with { $0.deliveryID = delivery.deliveryID }) }
        out.done("\(recipient) acknowledged it: status 01 arrived")
        let handler = Vdxp_Exchange_V1_Handler.with {
            $0.fullName = "Nguyễn Văn An"
            $0.unit = "Văn phòng UBND"
            $0.position = "Chuyên viên"
        }
        for status in [Vdxp_Exchange_V1_DocumentStatus.registered, .assigned, .processing, .completed] {
            _ = try await inbox.exchange { exchange in
                try await exchange.updateDocumentStatus(
                    .with {
                        $0.documentID = document.documentID
                        $0.status = status
                        $0.handler = handler
                    })
            }
            out.done("\(recipient) reported status \(status.label)")
        }
        let seen = try await cluster.memberClient("exchange", as: sender).exchange { exchange in
            try await exchange.getDocument(.with { $0.documentID = document.documentID })
        }
        out.line("\nWhat the sender sees (vdxp status \"\(document.documentID)\" --as \(sender)):")
        StatusPrinter.print(seen, out: out)
    }
}
