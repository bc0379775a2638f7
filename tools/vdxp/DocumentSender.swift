import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPTrust

/// Composes, signs and sends a document as a member, with that member's seal from the dev PKI — or, with `unit`,
/// as a unit registered under the member, through the member's connection and sealed with the member's seal.
enum DocumentSender {
    static func send(
        cluster: ClusterFile, from member: String, for unit: String? = nil, to recipients: [String], number: String,
        notation: String, subject: String, priority: Int32,
        attachments: [(name: String, contentType: String, data: Data)]
    ) async throws -> Vdxp_Exchange_V1_Document {
        guard
            let paths = try cluster.developmentPKI(for: "`vdxp send` (it seals with a development member's key)")
                .members[member]
        else {
            throw CLIError("no seal for \(member) in the cluster file")
        }
        let sender = unit ?? member
        // Today in Vietnam time: the promulgation date, and the year of issue in the id (Art. 12.2.b).
        let today = CalendarDate(Date())
        let year = today.year
        let header = Vdxp_Exchange_V1_DocumentHeader.with {
            $0.documentID = "\(sender),\(year),\(number)/\(notation)"
            $0.sender = .with {
                $0.organisationID = sender
                $0.name = Dev.demoMembers.first { $0.organisationID == sender }?.name ?? sender
            }
            $0.recipients = recipients.map { id in
                .with {
                    $0.organisationID = id
                    $0.name = Dev.demoMembers.first { $0.organisationID == id }?.name ?? id
                }
            }
            $0.code = .with {
                $0.number = number
                $0.notation = notation
            }
            $0.promulgation = .with {
                $0.place = "Hà Nội"
                $0.date = today.iso8601
            }
            $0.documentType = .with {
                $0.type = 2
                $0.typeName = "Công văn"
            }
            $0.subject = subject
            $0.signer = .with {
                $0.competence = "KT. Bộ trưởng, Chủ nhiệm"
                $0.position = "Phó Chủ nhiệm"
                $0.fullName = "Trần Văn Bình"
            }
            $0.priority = priority
            $0.signingTime = EdXMLDate.iso8601VietnamTime(Date())
        }
        let builder = SignedDocumentBuilder(header: header, attachments: attachments)
        // The competent signer's signature and the organisation's seal: a document with legal value (Art. 11).
        var signers = [
            SignedDocumentBuilder.Signer(
                key: try PEM.loadSigningKey(pemFile: paths.signingKey), algorithm: paths.signingAlgorithm,
                chain: try PEM.loadCertificateChain(pemFile: paths.signingChain))
        ]
        if let signerKey = paths.signerKey, let signerChain = paths.signerChain {
            signers.insert(
                SignedDocumentBuilder.Signer(
                    key: try PEM.loadSigningKey(pemFile: signerKey), algorithm: .ecdsaP256SHA256,
                    chain: try PEM.loadCertificateChain(pemFile: signerChain)),
                at: 0)
        }
        let signed = try builder.signedDocument(signers: signers)
        let messages = builder.messages(for: signed)
        return try await cluster.memberClient("exchange", as: member, for: unit).exchange { exchange in
            try await exchange.sendDocument(
                request: StreamingClientRequest { writer in try await writer.write(contentsOf: messages) }
            ) { response in try response.message.document }
        }
    }
}

/// Prints a document and its recipients' statuses for people.
enum StatusPrinter {
    static func print(_ document: Vdxp_Exchange_V1_Document, out: Output) {
        out.line("document \(document.documentID) from \(document.senderOrganisationID)")
        out.line("  subject: \(document.header.subject)")
        out.line("  sent:    \(VietnamTime.format(document.sendTime.date))")
        if document.hasTimeliness { out.line("  timely:  \(document.timeliness.explanation)") }
        switch document.legalValue {
        case .legallyValid:
            out.line("  value:   legally valid — signed by the competent signer and the organisation (Art. 11)")
        case .referenceOnly: out.line("  value:   for reference only — not signed by the competent signer (Art. 11)")
        default: break
        }
        if document.versions.count > 1 {
            out.line(
                "  version: \(document.version) of \(document.versions.map(\.documentID).joined(separator: " → "))")
        }
        if !document.revokedByDocumentID.isEmpty { out.line("  revoked by \(document.revokedByDocumentID)") }
        for recipient in document.recipients {
            out.line(
                "  → \(recipient.recipientOrganisationID): delivery \(String(describing: recipient.deliveryState)), "
                    + "status \(recipient.status == .unspecified ? "none yet" : recipient.status.label)"
                    + (recipient.disposition == .current || recipient.disposition == .unspecified
                        ? "" : ", copy \(String(describing: recipient.disposition))"))
            for change in recipient.history {
                var line = "      \(change.status.label) at \(VietnamTime.format(change.statusTime.date))"
                if change.hasHandler { line += " by \(change.handler.fullName), \(change.handler.unit)" }
                if !change.comment.isEmpty { line += " — \(change.comment)" }
                out.line(line)
            }
        }
    }
}
