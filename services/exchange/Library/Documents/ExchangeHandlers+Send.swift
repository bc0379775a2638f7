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
    /// commit, from what was written.
    func sendDocument(
        request: RPCAsyncSequence<Vdxp_Exchange_V1_SendDocumentRequest, any Error>, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_SendDocumentResponse {
        let snapshot = try currentConfiguration()
        let sender = try activeCaller(in: snapshot)
        var messages = request.makeAsyncIterator()
        let opening = RequestStream(messages)
        let firstMessage = try await opening.next(within: settings.streamedSendMessageWait)
        messages = opening.iterator
        guard let first = firstMessage, case .document(let signed)? = first.part else {
            throw ExchangeError.invalidField(
                field: "document", message: "the first SendDocument message must carry `document`")
        }
        guard signed.header.count <= settings.maximumHeaderBytes else {
            throw ExchangeError.invalidField(
                field: "document.header", message: "document.header is \(signed.header.count) bytes; at most 1 MiB")
        }
        guard let header = try? Vdxp_Exchange_V1_DocumentHeader(serializedBytes: signed.header) else {
            throw ExchangeError.invalidField(
                field: "document.header", message: "document.header does not parse as a DocumentHeader")
        }
        let now = clock.now()
        // The header arrives as signed bytes, which MessageLimitsInterceptor does not look into: its strings are
        // checked for U+0000 here (Exchange keeps only the bytes, but Search, Monitoring and Report write the header's
        // text to PostgreSQL, which refuses it — and would retry that journal entry forever).
        let violations =
            WellKnownTypeRanges.violations(in: header)
            + DocumentHeaderValidator(maximumTotalAttachmentBytes: settings.maximumDocumentBytes).violations(
                in: header, caller: try OrganisationID(validating: sender), now: now)
            + JointIssuerRules.violations(in: header, sender: sender, snapshot: snapshot)
        guard violations.isEmpty else {
            // Field paths from the request's root, so that BadRequest details name `document.header.subject`.
            throw InvalidArgumentError(
                violations: violations.map { FieldViolation(field: "document.header.\($0.field)", rule: $0.rule) })
        }
        for (index, recipient) in header.recipients.enumerated() {
            guard let member = snapshot.parties[recipient.organisationID] else {
                throw ExchangeError.recipientNotMember(index: index, organisationID: recipient.organisationID)
            }
            // A revocation goes to every holder of the document (DocumentLifecycle checks that it names exactly
            // them), connected or not (Art. 15.3): a holder suspended, cut off or closed since keeps its copy, which
            // is marked revoked at once; the revoking document's delivery to it fails like any other and the sender
            // may retry it once the holder is back.
            if header.businessType == .revoke { continue }
            if member.state == .closed, !member.successorOrganisationID.isEmpty {
                throw ExchangeError.recipientClosed(
                    index: index, organisationID: recipient.organisationID, successor: member.successorOrganisationID)
            }
            guard ConnectionLifecycle.canExchange(member.state) else {
                throw ExchangeError.recipientCannotReceive(
                    index: index, organisationID: recipient.organisationID, state: member.state)
            }
        }
        let verdict = try await DocumentSignatureChecker(
            snapshot: snapshot, unsealed: settings.unsealedDocuments, chains: chains
        )
        .check(signed, header: header, sender: sender, at: now)

        let envelope: [UInt8] = try signed.serializedBytes()
        let envelopeSHA256 = Data(SHA256.hash(data: envelope))
        let attachmentBytes = header.attachments.reduce(Int64(0)) { $0 + $1.sizeBytes }
        let allowance = settings.uploadAllowance(attachmentBytes: attachmentBytes)
        let upload = (
            deadline: ContinuousClock.now + allowance,
            tooSlow: ExchangeError.uploadTooSlow(
                bytes: attachmentBytes, seconds: Int(allowance.components.seconds),
                kibPerSecond: settings.minimumUploadBytesPerSecond / 1024)
        )
        if let sends, header.businessType == .new, attachmentBytes <= settings.groupedDocumentMaximumBytes {
            return try await sendGrouped(
                signed, header: header, envelope: envelope, envelopeSHA256: envelopeSHA256,
                attachmentBytes: attachmentBytes, sender: sender, verdict: verdict, snapshot: snapshot, with: sends,
                upload: upload, messages: &messages)
        }
        if let repeated = try await documents.version(of: header.documentID, envelopeSHA256: envelopeSHA256) {
            return try await duplicateAnswer(
                repeated, envelopeSHA256: envelopeSHA256, sender: sender, draining: &messages)
        }
        // Only an UPDATE of that very id adds a version under a taken id (Art. 15.4); anything else is refused.
        let keepsID = header.businessType == .update && header.relatedDocumentID == header.documentID
        if !keepsID, let existing = try await documents.document(header.documentID) {
            return try await duplicateAnswer(
                existing, envelopeSHA256: envelopeSHA256, sender: sender, draining: &messages)
        }
        guard attachmentBytes > settings.groupedDocumentMaximumBytes else {
            // Small enough to hold (1 MiB at most): read whole before the transaction, which then never waits for
            // the client.
            let chunks = try await receiveAttachments(of: header, upload: upload, from: &messages)
            return try await storeAlone(
                signed, header: header, envelope: envelope, envelopeSHA256: envelopeSHA256, sender: sender,
                verdict: verdict, attachments: .received(chunks), messages: &messages)
        }
        return try await streamedSends.withSlot(for: sender) {
            try await storeAlone(
                signed, header: header, envelope: envelope, envelopeSHA256: envelopeSHA256, sender: sender,
                verdict: verdict, attachments: .streamed(wait: settings.streamedSendMessageWait, upload: upload),
                messages: &messages)
        }
    }

    /// Stores a document in its own transaction (`store`); a unique-key race lost to another send of the same id is
    /// answered as for any taken id, and so is a revocation or a new version that found the document it acts on
    /// already acted on by its twin — the same bytes, a retry racing its first attempt — which committed first.
    private func storeAlone(
        _ signed: Vdxp_Exchange_V1_SignedDocument, header: Vdxp_Exchange_V1_DocumentHeader, envelope: [UInt8],
        envelopeSHA256: Data, sender: String, verdict: DocumentSignatureChecker.Verdict, attachments: AttachmentSource,
        messages: inout RPCAsyncSequence<Vdxp_Exchange_V1_SendDocumentRequest, any Error>.AsyncIterator
    ) async throws -> Vdxp_Exchange_V1_SendDocumentResponse {
        do {
            let document = try await store(
                signed, header: header, envelope: envelope, envelopeSHA256: envelopeSHA256, sender: sender,
                verdict: verdict, attachments: attachments, messages: &messages)
            return .with { $0.document = document }
        } catch let error as PSQLError where error.isUniqueViolation {
            var existing = try await documents.version(of: header.documentID, envelopeSHA256: envelopeSHA256)
            if existing == nil { existing = try await documents.document(header.documentID) }
            guard let existing else { throw error }
            return try await duplicateAnswer(
                existing, envelopeSHA256: envelopeSHA256, sender: sender, draining: &messages)
        } catch let error as ExchangeError where Self.actedOnBySameID(error, documentID: header.documentID) {
            guard let twin = try await documents.version(of: header.documentID, envelopeSHA256: envelopeSHA256)
            else { throw error }
            return try await duplicateAnswer(twin, envelopeSHA256: envelopeSHA256, sender: sender, draining: &messages)
        }
    }

    /// Whether `error` refuses a send because the document it revokes or replaces was revoked or replaced meanwhile
    /// by a document of the send's own id.
    private static func actedOnBySameID(_ error: ExchangeError, documentID: String) -> Bool {
        switch error {
        case .actsOnRevoked(_, _, let revokedBy, _): revokedBy == documentID
        case .actsOnSuperseded(_, _, let supersededBy, _, _): supersededBy == documentID
        default: false
        }
    }

    /// Where the attachment chunks of a send stored in its own transaction come from.
    enum AttachmentSource {
        /// Read whole before the transaction (1 MiB at most).
        case received([ReceivedChunk])
        /// Read from the stream inside the transaction, each message within `wait` and all by `upload.deadline`.
        case streamed(wait: Duration, upload: Upload)
    }

    /// By when a send's attachments must have arrived (``ExchangeSettings/uploadAllowance(attachmentBytes:)``), and
    /// the error when they have not.
    typealias Upload = (deadline: ContinuousClock.Instant, tooSlow: ExchangeError)

    /// An attachment chunk read and checked, with its place: the attachment's index and its own within it.
    typealias ReceivedChunk = (attachment: Int, chunk: Int, data: Data)

    /// Reads the rest of the stream, attachment chunks only, checked as they come (`AttachmentReceiver`) and kept,
    /// each message within the message wait and all by `upload.deadline`: a stalled client holds the chunks read so
    /// far in memory.
    private func receiveAttachments(
        of header: Vdxp_Exchange_V1_DocumentHeader, upload: Upload,
        from messages: inout RPCAsyncSequence<Vdxp_Exchange_V1_SendDocumentRequest, any Error>.AsyncIterator
    ) async throws -> [ReceivedChunk] {
        var receiver = AttachmentReceiver(
            attachments: header.attachments, maximumChunkBytes: settings.maximumChunkBytes)
        var chunks: [ReceivedChunk] = []
        let stream = RequestStream(messages)
        defer { messages = stream.iterator }
        while let message = try await stream.next(within: settings.streamedSendMessageWait, upload: upload) {
            guard case .chunk(let chunk)? = message.part else {
                throw ExchangeError.invalidField(
                    field: "document", message: "only the first SendDocument message may carry `document`")
            }
            let index = try receiver.accept(chunk)
            chunks.append((attachment: Int(chunk.attachmentIndex), chunk: index, data: chunk.data))
        }
        try receiver.finish()
        return chunks
    }

    /// Sends a new document with a commit group (`SendCommitter`): reads its attachments whole (checked as they come),
    /// then waits for its group to commit, and answers from what was written — or, when its id turned out taken, as
    /// for any taken id. The id is not probed first: the group's insert skips a taken id without failing the others.
    private func sendGrouped(
        _ signed: Vdxp_Exchange_V1_SignedDocument, header: Vdxp_Exchange_V1_DocumentHeader, envelope: [UInt8],
        envelopeSHA256: Data, attachmentBytes: Int64, sender: String, verdict: DocumentSignatureChecker.Verdict,
        snapshot: GlobalConfigurationSnapshot, with sends: SendCommitter, upload: Upload,
        messages: inout RPCAsyncSequence<Vdxp_Exchange_V1_SendDocumentRequest, any Error>.AsyncIterator
    ) async throws -> Vdxp_Exchange_V1_SendDocumentResponse {
        let chunks: [ReceivedChunk]
        do {
            chunks = try await receiveAttachments(of: header, upload: upload, from: &messages)
        } catch let error as ExchangeError {
            // A retry may come without its chunks ("Retrying a send" in exchange_service.proto): when the id is
            // taken, the answer is the taken id's, not the chunks the retry left out.
            guard
                let answer = try await takenIDAnswer(
                    header.documentID, envelopeSHA256: envelopeSHA256,
                    sender: sender, draining: &messages)
            else { throw error }
            return answer
        }
        // Art. 13.2: due by the configured time, and in any case by the end of the recipient's working day.
        let acknowledgeDue = settings.acknowledgementDeadline.deadline(sentAt: clock.now(), calendar: snapshot.calendar)
        let prepared = PreparedSend(
            header: header, headerSHA256: Data(SHA256.hash(data: signed.header)), sender: sender, envelope: envelope,
            envelopeSHA256: envelopeSHA256, verdict: verdict, chunks: chunks, attachmentBytes: attachmentBytes,
            acknowledgeDue: acknowledgeDue, calendar: snapshot.calendar,
            deliveryIDs: header.recipients.map { _ in UUID() })
        switch try await sends.commit(prepared) {
        case .stored(let times, let timeliness, let deliveries):
            return .with {
                $0.document = Self.sentDocument(
                    header: header, sender: sender, stored: times, verdict: verdict, timeliness: timeliness,
                    version: 1, relatedDocumentID: nil, earlierVersions: [], deliveries: deliveries,
                    acknowledgeDue: acknowledgeDue)
            }
        case .taken:
            guard
                let answer = try await takenIDAnswer(
                    header.documentID, envelopeSHA256: envelopeSHA256, sender: sender, draining: &messages)
            else { throw ExchangeError.documentIDTaken(documentID: header.documentID) }
            return answer
        }
    }

    /// The answer to a send of `documentID` when that id is taken (`duplicateAnswer` with the version of the same
    /// bytes, else the latest); nil when it is not.
    private func takenIDAnswer(
        _ documentID: String, envelopeSHA256: Data, sender: String,
        draining messages: inout RPCAsyncSequence<Vdxp_Exchange_V1_SendDocumentRequest, any Error>.AsyncIterator
    ) async throws -> Vdxp_Exchange_V1_SendDocumentResponse? {
        let versions = try await documents.versions(of: documentID)
        guard let existing = versions.first(where: { $0.envelopeSHA256 == envelopeSHA256 }) ?? versions.last else {
            return nil
        }
        return try await duplicateAnswer(existing, envelopeSHA256: envelopeSHA256, sender: sender, draining: &messages)
    }

    /// The answer to a send whose document id is taken: the original document, marked `duplicate`, when the same
    /// sender resent exactly the same signed bytes (the rest of the stream is drained); ALREADY_EXISTS otherwise.
    private func duplicateAnswer(
        _ existing: DocumentRow, envelopeSHA256: Data, sender: String,
        draining messages: inout RPCAsyncSequence<Vdxp_Exchange_V1_SendDocumentRequest, any Error>.AsyncIterator
    ) async throws -> Vdxp_Exchange_V1_SendDocumentResponse {
        guard existing.sender == sender, existing.envelopeSHA256 == envelopeSHA256 else {
            throw ExchangeError.documentIDTaken(documentID: existing.documentID)
        }
        let rest = RequestStream(messages)
        defer { messages = rest.iterator }
        while try await rest.next(within: settings.streamedSendMessageWait) != nil {}
        guard
            let document = try await views.documentView(
                existing.documentID, version: existing.version, viewer: sender, includeSigned: false)
        else { throw ExchangeError.documentNotFound(documentID: existing.documentID) }
        return .with {
            $0.document = document
            $0.duplicate = true
        }
    }

    /// Stores the document, its attachments, one delivery per recipient, what it does to the document it revokes,
    /// updates or replaces, and the journal entries in one transaction; returns the document as its sender sees it,
    /// built from what was written.
    private func store(
        _ signed: Vdxp_Exchange_V1_SignedDocument, header: Vdxp_Exchange_V1_DocumentHeader, envelope: [UInt8],
        envelopeSHA256: Data, sender: String, verdict: DocumentSignatureChecker.Verdict, attachments: AttachmentSource,
        messages: inout RPCAsyncSequence<Vdxp_Exchange_V1_SendDocumentRequest, any Error>.AsyncIterator
    ) async throws -> Vdxp_Exchange_V1_Document {
        let totalBytes = header.attachments.reduce(Int64(0)) { $0 + $1.sizeBytes }
        let settings = self.settings
        let calendar = try currentConfiguration().calendar  // Central's, from the global configuration
        let documents = self.documents
        let deliveries = self.deliveries
        let journal = self.journal
        let lifecycle = self.lifecycle
        let remaining = RequestStream(messages)
        defer { messages = remaining.iterator }
        // Art. 13.2: due by the configured time, and in any case by the end of the recipient's working day.
        let acknowledgeDue = settings.acknowledgementDeadline.deadline(sentAt: clock.now(), calendar: calendar)
        return try await database.transaction(logger: logger) { connection in
            let sendTime = try await documents.transactionTime(on: connection)
            // What a revocation, update or replacement acts on is locked and checked before any attachment is read.
            let plan = try await lifecycle.plan(for: header, sender: sender, on: connection)
            let (lineageID, version) = plan.lineage(of: header.documentID)
            let key = DocumentKey(documentID: header.documentID, version: version)
            let earlierVersions: [DocumentRow] =
                if case .supersede(let previous, _) = plan {
                    try await documents.lineage(previous.lineageID, on: connection)
                } else { [] }
            let timeliness = Timeliness.evaluate(
                signingTime: EdXMLDate.instant(header.signingTime) ?? sendTime, sendTime: sendTime,
                priority: header.priority, calendar: calendar)
            let relatedID = plan.relatedDocument?.documentID
            let stored = try await documents.insert(
                .init(
                    documentID: header.documentID, sender: sender, envelope: envelope, envelopeSHA256: envelopeSHA256,
                    header: header, attachmentBytes: totalBytes, sendTime: sendTime, relatedDocumentID: relatedID,
                    lineageID: lineageID, version: version, legalValue: verdict.legalValue,
                    legalValueReason: verdict.reason, timeliness: timeliness),
                on: connection)
            switch attachments {
            case .received(let chunks):
                try await documents.insertChunks(
                    chunks.map { .init(key: key, attachment: $0.attachment, chunk: $0.chunk, data: $0.data) },
                    on: connection)
            case .streamed(let wait, let upload):
                var receiver = AttachmentReceiver(
                    attachments: header.attachments, maximumChunkBytes: settings.maximumChunkBytes)
                while let message = try await remaining.next(within: wait, upload: upload) {
                    guard case .chunk(let chunk)? = message.part else {
                        throw ExchangeError.invalidField(
                            field: "document", message: "only the first SendDocument message may carry `document`")
                    }
                    let chunkIndex = try receiver.accept(chunk)
                    try await documents.insertChunk(
                        chunk.data, of: key, attachment: Int(chunk.attachmentIndex), chunk: chunkIndex,
                        on: connection)
                }
                try receiver.finish()
            }

            var sent = Self.documentSent(
                header: header, headerSHA256: Data(SHA256.hash(data: signed.header)), sender: sender,
                attachmentBytes: totalBytes, sendTime: sendTime, relatedDocumentID: relatedID, version: version,
                verdict: verdict, timeliness: timeliness)
            for recipient in header.recipients {
                let deliveryID = UUID()
                try await deliveries.queueDocument(
                    key, sentBy: sender, deliveryID: deliveryID, to: recipient.organisationID,
                    priority: header.priority,
                    acknowledgeDue: acknowledgeDue, on: connection)
                sent.deliveries.append(
                    .with {
                        $0.recipientOrganisationID = recipient.organisationID
                        $0.deliveryID = deliveryID.uuidString.lowercased()
                    })
            }
            try await journal.append(
                .with { $0.documentSent = sent }, type: "document.sent", documentID: header.documentID, on: connection)
            try await lifecycle.apply(plan, by: header, on: connection)
            return Self.sentDocument(
                header: header, sender: sender, stored: stored, verdict: verdict, timeliness: timeliness,
                version: version, relatedDocumentID: relatedID, earlierVersions: earlierVersions,
                deliveries: sent.deliveries, acknowledgeDue: acknowledgeDue)
        }
    }

    /// The journal's `document.sent` event of a document stored at `sendTime`, without its deliveries.
    static func documentSent(
        header: Vdxp_Exchange_V1_DocumentHeader, headerSHA256: Data, sender: String, attachmentBytes: Int64,
        sendTime: Date, relatedDocumentID: String?, version: Int32, verdict: DocumentSignatureChecker.Verdict,
        timeliness: Timeliness
    ) -> Vdxp_Exchange_V1_DocumentSent {
        .with {
            $0.senderOrganisationID = sender
            $0.priority = header.priority
            $0.headerSha256 = headerSHA256
            $0.attachmentCount = Int32(header.attachments.count)
            $0.attachmentBytes = attachmentBytes
            $0.subject = header.subject
            $0.documentTypeName = header.documentType.typeName
            $0.sendTime = .init(date: sendTime)
            $0.businessType = header.businessType
            $0.relatedDocumentID = relatedDocumentID ?? ""
            $0.businessReason = header.businessReason
            $0.version = version
            $0.legalValue = verdict.legalValue
            $0.legalValueReason = verdict.reason
            $0.timeliness = .with {
                $0.signingTime = .init(date: timeliness.signingTime)
                $0.deadline = .init(date: timeliness.deadline)
                $0.onTime = timeliness.isOnTime
                $0.explanation = timeliness.description
            }
            // QĐ 28 Art. 10.2 metadata for the projections, dates written `yyyy-MM-dd`.
            let shown = DocumentHeaderNormaliser.normalised(header)
            $0.documentTypeCode = header.documentType.type
            $0.code = header.code
            $0.senderOrganisationName = header.sender.name
            $0.signer = header.signer
            $0.promulgation = shown.promulgation
            $0.dueDate = shown.dueDate
            $0.responseFor = header.responseFor
        }
    }

    /// The document just stored, as its sender sees it: every recipient QUEUED with no status yet and its
    /// acknowledgement deadline, and every version of its lineage.
    private static func sentDocument(
        header: Vdxp_Exchange_V1_DocumentHeader, sender: String, stored: DocumentStore.StoredTimes,
        verdict: DocumentSignatureChecker.Verdict, timeliness: Timeliness, version: Int32, relatedDocumentID: String?,
        earlierVersions: [DocumentRow], deliveries: [Vdxp_Exchange_V1_SentDelivery], acknowledgeDue: Date
    ) -> Vdxp_Exchange_V1_Document {
        .with {
            $0.documentID = header.documentID
            $0.senderOrganisationID = sender
            $0.header = DocumentHeaderNormaliser.normalised(header)
            $0.sendTime = .init(date: stored.sendTime)
            $0.recipients = deliveries.sorted { $0.recipientOrganisationID < $1.recipientOrganisationID }.map {
                delivery in
                .with {
                    $0.recipientOrganisationID = delivery.recipientOrganisationID
                    $0.deliveryID = delivery.deliveryID
                    $0.deliveryState = .queued
                    $0.disposition = .current
                    $0.acknowledgeDeadline = .init(date: acknowledgeDue)
                }
            }
            $0.legalValue = verdict.legalValue
            $0.legalValueReason = verdict.reason
            $0.timeliness = .with {
                $0.signingTime = .init(date: stored.signingTime)
                $0.deadline = .init(date: stored.deadline)
                $0.onTime = timeliness.isOnTime
                $0.explanation = timeliness.description
            }
            $0.version = version
            $0.versions =
                earlierVersions.map(\.versionSummary) + [
                    .with {
                        $0.documentID = header.documentID
                        $0.version = version
                        $0.businessType = header.businessType
                        $0.businessReason = header.businessReason
                        $0.sendTime = .init(date: stored.sendTime)
                    }
                ]
        }
    }
}
