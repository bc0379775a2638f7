import VDXPStore
import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto

/// Reads of the `exchange` schema shared by the handlers.
struct ExchangeRepository: Sendable {
    let database: PostgresClient
    let logger: Logger

    /// A stored document's summary row.
    struct DocumentRow: Sendable {
        var documentID: String
        var sender: String
        var signed: Vdxp_Exchange_V1_SignedDocument
        var header: Vdxp_Exchange_V1_DocumentHeader
        var envelopeSHA256: Data
        var priority: Int32
        var sendTime: Date
    }

    /// One delivery row.
    struct DeliveryRow: Sendable {
        var deliveryID: UUID
        var documentID: String
        var recipient: String
        var priority: Int32
        var state: Int
        var status: Int
        var leaseExpires: Date?
        var attemptCount: Int32
        var createTime: Date
    }

    static let deliveryColumns =
        "delivery_id, document_id, recipient, priority, state, status, lease_expires, attempt_count, create_time"

    static func deliveryRow(_ row: (UUID, String, String, Int, Int, Int, Date?, Int, Date)) -> DeliveryRow {
        DeliveryRow(
            deliveryID: row.0, documentID: row.1, recipient: row.2, priority: Int32(row.3), state: row.4,
            status: row.5, leaseExpires: row.6, attemptCount: Int32(row.7), createTime: row.8)
    }

    typealias DeliveryTuple = (UUID, String, String, Int, Int, Int, Date?, Int, Date)

    func document(_ documentID: String, on connection: PostgresConnection? = nil) async throws -> DocumentRow? {
        try await documents([documentID], on: connection)[documentID]
    }

    /// Several documents in one query, by id (ids not found are absent).
    func documents(_ documentIDs: [String], on connection: PostgresConnection? = nil) async throws -> [String: DocumentRow] {
        guard !documentIDs.isEmpty else { return [:] }
        let query: PostgresQuery = """
            SELECT document_id, sender, signed_document, envelope_sha256, priority, send_time
            FROM exchange.documents WHERE document_id = ANY(\(documentIDs))
            """
        let rows = if let connection { try await connection.query(query, logger: logger) } else {
            try await database.query(query, logger: logger)
        }
        var documents: [String: DocumentRow] = [:]
        for try await row in rows.decode((String, String, Data, Data, Int, Date).self) {
            let signed = try Vdxp_Exchange_V1_SignedDocument(serializedBytes: row.2)
            let header = try Vdxp_Exchange_V1_DocumentHeader(serializedBytes: signed.header)
            documents[row.0] = DocumentRow(
                documentID: row.0, sender: row.1, signed: signed, header: header, envelopeSHA256: row.3,
                priority: Int32(row.4), sendTime: row.5)
        }
        return documents
    }

    func deliveries(of documentID: String, recipient: String? = nil) async throws -> [DeliveryRow] {
        let recipient = recipient ?? ""
        let rows = try await database.query(
            """
            SELECT delivery_id, document_id, recipient, priority, state, status, lease_expires, attempt_count, create_time
            FROM exchange.deliveries
            WHERE document_id = \(documentID) AND (\(recipient) = '' OR recipient = \(recipient)) ORDER BY recipient
            """, logger: logger)
        var result: [DeliveryRow] = []
        for try await row in rows.decode(DeliveryTuple.self) { result.append(Self.deliveryRow(row)) }
        return result
    }

    func history(of deliveryIDs: [UUID]) async throws -> [UUID: [Vdxp_Exchange_V1_StatusChange]] {
        guard !deliveryIDs.isEmpty else { return [:] }
        let rows = try await database.query(
            """
            SELECT delivery_id, status, status_time, handler_name, handler_unit, handler_position, comment, record_time
            FROM exchange.status_history WHERE delivery_id = ANY(\(deliveryIDs)) ORDER BY id
            """, logger: logger)
        var result: [UUID: [Vdxp_Exchange_V1_StatusChange]] = [:]
        for try await row in rows.decode((UUID, Int, Date, String, String, String, String, Date).self) {
            result[row.0, default: []].append(
                .with {
                    $0.status = Vdxp_Exchange_V1_DocumentStatus(rawValue: row.1) ?? .unspecified
                    $0.statusTime = .init(date: row.2)
                    if !row.3.isEmpty || !row.4.isEmpty {
                        $0.handler = .with { handler in
                            handler.fullName = row.3
                            handler.unit = row.4
                            handler.position = row.5
                        }
                    }
                    $0.comment = row.6
                    $0.recordTime = .init(date: row.7)
                })
        }
        return result
    }

    /// The recipient states of a document, with histories, optionally for one recipient only.
    func recipientStates(of documentID: String, recipient: String? = nil) async throws -> [Vdxp_Exchange_V1_RecipientState] {
        let deliveries = try await self.deliveries(of: documentID, recipient: recipient)
        let histories = try await history(of: deliveries.map(\.deliveryID))
        return deliveries.map { delivery in
            .with {
                $0.recipientOrganisationID = delivery.recipient
                $0.deliveryID = delivery.deliveryID.uuidString.lowercased()
                $0.deliveryState = Vdxp_Exchange_V1_DeliveryState(rawValue: delivery.state) ?? .unspecified
                $0.status = Vdxp_Exchange_V1_DocumentStatus(rawValue: delivery.status) ?? .unspecified
                $0.history = histories[delivery.deliveryID] ?? []
                $0.attemptCount = delivery.attemptCount
            }
        }
    }

    /// The document as `viewer` may see it: all recipients for the sender, its own entry for a recipient, nil for
    /// anyone else (who must not learn that the document exists).
    func documentView(_ documentID: String, viewer: String, includeSigned: Bool) async throws -> Vdxp_Exchange_V1_Document? {
        guard let row = try await document(documentID) else { return nil }
        let recipients: [Vdxp_Exchange_V1_RecipientState]
        if row.sender == viewer {
            recipients = try await recipientStates(of: documentID)
        } else {
            recipients = try await recipientStates(of: documentID, recipient: viewer)
            if recipients.isEmpty { return nil }
        }
        return .with {
            $0.documentID = row.documentID
            $0.senderOrganisationID = row.sender
            if includeSigned { $0.signedDocument = row.signed }
            $0.header = row.header
            $0.sendTime = .init(date: row.sendTime)
            $0.recipients = recipients
        }
    }
}
