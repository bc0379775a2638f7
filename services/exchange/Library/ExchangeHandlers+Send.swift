import Crypto
import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

extension ExchangeHandlers {
    /// `SendDocument`: validate, then store the document, its attachments, one delivery per recipient, what it does
    /// to the document it revokes, updates or replaces, and the journal entries in one transaction; answer only after
    /// commit.
    func sendDocument(
        request: RPCAsyncSequence<Vdxp_Exchange_V1_SendDocumentRequest, any Error>, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_SendDocumentResponse {
        let snapshot = try currentConfiguration()
        let sender = try activeCaller(in: snapshot)
        var messages = request.makeAsyncIterator()
        guard let first = try await messages.next(), case .document(let signed)? = first.part else {
            throw RPCError(code: .invalidArgument, message: "the first SendDocument message must carry `document`")
        }
        guard signed.header.count <= limits.maximumHeaderBytes else {
            throw RPCError(
                code: .invalidArgument, message: "document.header is \(signed.header.count) bytes; at most 1 MiB")
        }
        let header: Vdxp_Exchange_V1_DocumentHeader
        do {
            header = try Vdxp_Exchange_V1_DocumentHeader(serializedBytes: signed.header)
        } catch {
            throw RPCError(code: .invalidArgument, message: "document.header does not parse as a DocumentHeader")
        }
        let now = Date()
        do {
            try DocumentHeaderValidator(maximumTotalAttachmentBytes: limits.maximumDocumentBytes).validate(
                header, caller: try OrganisationID(validating: sender), now: now)
        } catch let error as HeaderValidationError {
            // Field paths from the request's root, so that BadRequest details name `document.header.subject`.
            throw InvalidArgumentError(
                violations: error.violations.map { FieldViolation(field: "document.header.\($0.field)", rule: $0.rule) }
            )
        }
        for (index, recipient) in header.recipients.enumerated() {
            guard let member = snapshot.members[recipient.organisationID] else {
                throw RPCError(
                    code: .failedPrecondition,
                    message:
                        "recipients[\(index)].organisation_id \(recipient.organisationID) is not a member of the platform"
                )
            }
            if member.state == .closed {
                throw RPCError(
                    code: .failedPrecondition,
                    message:
                        "recipients[\(index)].organisation_id \(recipient.organisationID) is closed; its successor is "
                        + "\(member.successorOrganisationID): address the document to \(member.successorOrganisationID)"
                )
            }
            guard ConnectionLifecycle.canExchange(member.state) else {
                throw RPCError(
                    code: .failedPrecondition,
                    message:
                        "recipients[\(index)].organisation_id \(recipient.organisationID) is \(member.state.word) and "
                        + "cannot receive documents now (only TRIAL and OFFICIAL members exchange documents)")
            }
        }
        let legalValue = try await DocumentSignatureChecker(snapshot: snapshot).check(
            signed, header: header, sender: sender, at: now)

        let envelope: [UInt8] = try signed.serializedBytes()
        let envelopeSHA256 = Data(SHA256.hash(data: envelope))
        if let existing = try await repository.document(header.documentID) {
            return try await duplicateAnswer(
                existing, envelopeSHA256: envelopeSHA256, sender: sender, draining: &messages)
        }
        do {
            try await store(
                signed, header: header, envelope: envelope, envelopeSHA256: envelopeSHA256, sender: sender,
                legalValue: legalValue, messages: &messages)
        } catch let error as PSQLError where error.isUniqueViolation {
            guard let existing = try await repository.document(header.documentID) else { throw error }
            return try await duplicateAnswer(
                existing, envelopeSHA256: envelopeSHA256, sender: sender, draining: &messages)
        }
        guard let document = try await repository.documentView(header.documentID, viewer: sender, includeSigned: false)
        else {
            throw RPCError(code: .internalError, message: "the document was stored but cannot be read back")
        }
        return .with { $0.document = document }
    }

    private func duplicateAnswer(
        _ existing: DocumentRow, envelopeSHA256: Data, sender: String,
        draining messages: inout RPCAsyncSequence<Vdxp_Exchange_V1_SendDocumentRequest, any Error>.AsyncIterator
    ) async throws -> Vdxp_Exchange_V1_SendDocumentResponse {
        guard existing.sender == sender, existing.envelopeSHA256 == envelopeSHA256 else {
            throw RPCError(
                code: .alreadyExists,
                message: "document_id '\(existing.documentID)' is already used by another document: give a new "
                    + "number and notation, or resend exactly the same signed bytes")
        }
        while try await messages.next() != nil {}
        guard
            let document = try await repository.documentView(existing.documentID, viewer: sender, includeSigned: false)
        else { throw Self.documentNotFound(existing.documentID) }
        return .with {
            $0.document = document
            $0.duplicate = true
        }
    }

    private func store(
        _ signed: Vdxp_Exchange_V1_SignedDocument, header: Vdxp_Exchange_V1_DocumentHeader, envelope: [UInt8],
        envelopeSHA256: Data, sender: String, legalValue: Vdxp_Exchange_V1_LegalValue,
        messages: inout RPCAsyncSequence<Vdxp_Exchange_V1_SendDocumentRequest, any Error>.AsyncIterator
    ) async throws {
        let totalBytes = header.attachments.reduce(Int64(0)) { $0 + $1.sizeBytes }
        let logger = self.logger
        let limits = self.limits
        let lifecycle = self.lifecycle
        let remaining = RequestStream(messages)
        defer { messages = remaining.iterator }
        try await database.transaction(logger: logger) { connection in
            var sendTime = Date()
            for try await now in try await connection.query("SELECT now()", logger: logger).decode(Date.self) {
                sendTime = now
            }
            // What a revocation, update or replacement acts on is locked and checked before any attachment is read.
            var related: DocumentRow?
            if header.businessType != .new {
                let target = try await lifecycle.lockRelated(of: header, sender: sender, on: connection)
                if header.businessType == .revoke {
                    try await lifecycle.checkRevocationRecipients(header, revoking: target, on: connection)
                }
                related = target
            }
            let (lineageID, version) =
                if let related, header.businessType != .revoke { (related.lineageID, related.version + 1) } else {
                    (header.documentID, Int32(1))
                }
            let timeliness = Timeliness.evaluate(
                signingTime: EdXMLDate.instant(header.signingTime) ?? sendTime, sendTime: sendTime,
                priority: header.priority, calendar: limits.calendar)
            let relatedID: String? = related?.documentID
            try await connection.query(
                """
                INSERT INTO exchange.documents
                    (document_id, sender, signed_document, envelope_sha256, priority, attachment_count, attachment_bytes,
                     send_time, business_type, related_document_id, business_reason, lineage_id, version, legal_value,
                     signing_time, send_deadline, on_time, timeliness)
                VALUES (\(header.documentID), \(sender), \(Data(envelope)), \(envelopeSHA256), \(Int(header.priority)),
                        \(header.attachments.count), \(totalBytes), \(sendTime), \(header.businessType.rawValue),
                        \(relatedID), \(header.businessReason), \(lineageID), \(Int(version)), \(legalValue.rawValue),
                        \(timeliness.signingTime), \(timeliness.deadline), \(timeliness.isOnTime),
                        \(timeliness.description))
                """, logger: logger)
            var receiver = AttachmentReceiver(
                attachments: header.attachments, maximumChunkBytes: limits.maximumChunkBytes)
            while let message = try await remaining.iterator.next() {
                guard case .chunk(let chunk)? = message.part else {
                    throw RPCError(
                        code: .invalidArgument, message: "only the first SendDocument message may carry `document`")
                }
                let chunkIndex = try receiver.accept(chunk)
                try await connection.query(
                    """
                    INSERT INTO exchange.attachment_chunks (document_id, attachment_index, chunk_index, data)
                    VALUES (\(header.documentID), \(Int(chunk.attachmentIndex)), \(chunkIndex), \(chunk.data))
                    """, logger: logger)
            }
            try receiver.finish()

            var sent = Vdxp_Exchange_V1_DocumentSent.with {
                $0.senderOrganisationID = sender
                $0.priority = header.priority
                $0.headerSha256 = Data(SHA256.hash(data: signed.header))
                $0.attachmentCount = Int32(header.attachments.count)
                $0.attachmentBytes = totalBytes
                $0.subject = header.subject
                $0.documentTypeName = header.documentType.typeName
                $0.sendTime = .init(date: sendTime)
                $0.businessType = header.businessType
                $0.relatedDocumentID = relatedID ?? ""
                $0.businessReason = header.businessReason
                $0.version = version
                $0.legalValue = legalValue
                $0.timeliness = .with {
                    $0.signingTime = .init(date: timeliness.signingTime)
                    $0.deadline = .init(date: timeliness.deadline)
                    $0.onTime = timeliness.isOnTime
                    $0.explanation = timeliness.description
                }
            }
            for recipient in header.recipients {
                let deliveryID = UUID()
                try await connection.query(
                    """
                    INSERT INTO exchange.deliveries (delivery_id, document_id, recipient, priority, state)
                    VALUES (\(deliveryID), \(header.documentID), \(recipient.organisationID), \(Int(header.priority)),
                            \(Vdxp_Exchange_V1_DeliveryState.queued.rawValue))
                    """, logger: logger)
                try await connection.query(
                    "SELECT pg_notify(\(ExchangeChannels.inbox), \(recipient.organisationID))", logger: logger)
                sent.deliveries.append(
                    .with {
                        $0.recipientOrganisationID = recipient.organisationID
                        $0.deliveryID = deliveryID.uuidString.lowercased()
                    })
            }
            try await journal.append(
                .with { $0.documentSent = sent }, type: "document.sent", documentID: header.documentID, on: connection)
            if let related {
                if header.businessType == .revoke {
                    try await lifecycle.revoke(related, by: header, on: connection)
                } else {
                    try await lifecycle.supersede(related, by: header, on: connection)
                }
            }
        }
    }
}

/// Holds the rest of the request stream while the transaction reads it. The stream is consumed by one task only,
/// sequentially (the handler's); the box exists because the transaction closure may not capture a `var`.
final class RequestStream: @unchecked Sendable {
    var iterator: RPCAsyncSequence<Vdxp_Exchange_V1_SendDocumentRequest, any Error>.AsyncIterator

    init(_ iterator: RPCAsyncSequence<Vdxp_Exchange_V1_SendDocumentRequest, any Error>.AsyncIterator) {
        self.iterator = iterator
    }
}

/// Follows the attachment chunks of a `SendDocument` stream: in header order, each within its declared size, and
/// with the declared SHA-256 when complete. Holds one running hash, never the bytes.
struct AttachmentReceiver {
    let attachments: [Vdxp_Exchange_V1_AttachmentDescriptor]
    let maximumChunkBytes: Int
    private var current = 0
    private var received: Int64 = 0
    private var chunkIndex = 0
    private var hasher = SHA256()

    init(attachments: [Vdxp_Exchange_V1_AttachmentDescriptor], maximumChunkBytes: Int) {
        self.attachments = attachments
        self.maximumChunkBytes = maximumChunkBytes
    }

    /// Accepts a chunk and returns its index within its attachment.
    mutating func accept(_ chunk: Vdxp_Exchange_V1_AttachmentChunk) throws(RPCError) -> Int {
        let index = Int(chunk.attachmentIndex)
        guard index >= current, index < attachments.count else {
            throw RPCError(
                code: .invalidArgument,
                message: "chunk.attachment_index \(index) is out of order or out of range: send attachments 0 to "
                    + "\(attachments.count - 1) in header order")
        }
        guard !chunk.data.isEmpty, chunk.data.count <= maximumChunkBytes else {
            throw RPCError(
                code: .invalidArgument, message: "chunk.data must be 1 byte to 1 MiB; got \(chunk.data.count) bytes")
        }
        while current < index { try complete() }
        received += Int64(chunk.data.count)
        guard received <= attachments[index].sizeBytes else {
            throw RPCError(
                code: .invalidArgument,
                message:
                    "attachments[\(index)] '\(attachments[index].name)' is larger than its declared size_bytes \(attachments[index].sizeBytes)"
            )
        }
        hasher.update(data: chunk.data)
        defer { chunkIndex += 1 }
        return chunkIndex
    }

    /// Checks that every attachment arrived whole.
    mutating func finish() throws(RPCError) {
        while current < attachments.count { try complete() }
    }

    private mutating func complete() throws(RPCError) {
        let descriptor = attachments[current]
        guard received == descriptor.sizeBytes else {
            throw RPCError(
                code: .invalidArgument,
                message:
                    "attachments[\(current)] \(descriptor.name.echoed) ended after \(received) bytes; its header declares \(descriptor.sizeBytes)"
            )
        }
        let digest = Data(hasher.finalize())
        guard digest == descriptor.sha256 else {
            throw RPCError(
                code: .invalidArgument,
                message:
                    "attachments[\(current)] \(descriptor.name.echoed) does not match its sha256 in the signed header: "
                    + "the bytes were changed or the header describes another file")
        }
        current += 1
        received = 0
        chunkIndex = 0
        hasher = SHA256()
    }
}
