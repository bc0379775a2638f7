import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPStore

/// Reads of the `exchange` schema shared by the handlers.
struct ExchangeRepository: Sendable {
    let database: Database
    let logger: Logger

    /// Runs `query` on `connection` when given (inside a transaction), else on the pool.
    func query(_ query: PostgresQuery, on connection: PostgresConnection?) async throws -> PostgresRowSequence {
        if let connection { return try await connection.query(query, logger: logger) }
        return try await database.query(query, logger: logger)
    }

    // MARK: Documents

    func document(_ documentID: String, on connection: PostgresConnection? = nil) async throws -> DocumentRow? {
        try await documents([documentID], on: connection)[documentID]
    }

    /// Several documents in one query, by id (ids not found are absent).
    func documents(_ documentIDs: [String], on connection: PostgresConnection? = nil) async throws -> [String:
        DocumentRow]
    {
        guard !documentIDs.isEmpty else { return [:] }
        let rows = try await query(
            "SELECT \(unescaped: DocumentRow.columns) FROM exchange.documents WHERE document_id = ANY(\(documentIDs))",
            on: connection)
        var documents: [String: DocumentRow] = [:]
        for try await row in rows {
            let document = try DocumentRow(row)
            documents[document.documentID] = document
        }
        return documents
    }

    /// The versions of a lineage, oldest first.
    func lineage(_ lineageID: String) async throws -> [DocumentRow] {
        let rows = try await database.query(
            """
            SELECT \(unescaped: DocumentRow.columns) FROM exchange.documents
            WHERE lineage_id = \(lineageID) ORDER BY version
            """, logger: logger)
        var versions: [DocumentRow] = []
        for try await row in rows { versions.append(try DocumentRow(row)) }
        return versions
    }

    // MARK: Deliveries

    /// The document deliveries (one per recipient) of a document, optionally for one recipient only.
    func deliveries(
        of documentID: String, recipient: String? = nil, on connection: PostgresConnection? = nil
    ) async throws -> [DeliveryRow] {
        let recipient = recipient ?? ""
        let rows = try await query(
            """
            SELECT \(unescaped: DeliveryRow.columns) FROM exchange.deliveries
            WHERE document_id = \(documentID) AND kind = 1 AND (\(recipient) = '' OR recipient = \(recipient))
            ORDER BY recipient
            """, on: connection)
        var result: [DeliveryRow] = []
        for try await row in rows { result.append(try DeliveryRow(row)) }
        return result
    }

    /// The documents among `documentIDs` that `recipient` received.
    func received(_ documentIDs: [String], by recipient: String) async throws -> Set<String> {
        let rows = try await database.query(
            """
            SELECT document_id FROM exchange.deliveries
            WHERE kind = 1 AND recipient = \(recipient) AND document_id = ANY(\(documentIDs))
            """, logger: logger)
        var received: Set<String> = []
        for try await documentID in rows.decode(String.self) { received.insert(documentID) }
        return received
    }

    func history(of deliveryIDs: [UUID]) async throws -> [UUID: [Vdxp_Exchange_V1_StatusChange]] {
        guard !deliveryIDs.isEmpty else { return [:] }
        let rows = try await database.query(
            """
            SELECT delivery_id, status, status_time, handler_name, handler_unit, handler_position, comment, record_time,
                   retract_request_id
            FROM exchange.status_history WHERE delivery_id = ANY(\(deliveryIDs)) ORDER BY id
            """, logger: logger)
        var result: [UUID: [Vdxp_Exchange_V1_StatusChange]] = [:]
        for try await row in rows.decode((UUID, Int, Date, String, String, String, String, Date, UUID?).self) {
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
                    if let request = row.8 { $0.retractRequestID = request.uuidString.lowercased() }
                })
        }
        return result
    }

    /// The retract requests of some deliveries, oldest first.
    func retractRequests(of deliveryIDs: [UUID]) async throws -> [UUID: [Vdxp_Exchange_V1_RetractRequest]] {
        guard !deliveryIDs.isEmpty else { return [:] }
        let rows = try await database.query(
            """
            SELECT \(unescaped: RetractRequestRow.columns) FROM exchange.retract_requests
            WHERE delivery_id = ANY(\(deliveryIDs)) ORDER BY request_time, request_id
            """, logger: logger)
        var result: [UUID: [Vdxp_Exchange_V1_RetractRequest]] = [:]
        for try await row in rows {
            let request = try RetractRequestRow(row)
            result[request.deliveryID, default: []].append(request.proto)
        }
        return result
    }

    /// The recipient states of a document, with histories, optionally for one recipient only.
    func recipientStates(of documentID: String, recipient: String? = nil) async throws
        -> [Vdxp_Exchange_V1_RecipientState]
    {
        try await recipientStates(for: try await deliveries(of: documentID, recipient: recipient))
    }

    /// The recipient states of some document deliveries, with histories and retract requests.
    func recipientStates(for deliveries: [DeliveryRow]) async throws -> [Vdxp_Exchange_V1_RecipientState] {
        let ids = deliveries.map(\.deliveryID)
        let histories = try await history(of: ids)
        let requests = try await retractRequests(of: ids)
        return deliveries.map { delivery in
            delivery.recipientState(
                history: histories[delivery.deliveryID] ?? [], retractRequests: requests[delivery.deliveryID] ?? [])
        }
    }

    // MARK: The document as a member sees it

    /// The document as `viewer` may see it: all recipients for the sender, its own entry for a recipient, nil for
    /// anyone else (who must not learn that the document exists).
    ///
    /// Unless `exactVersion`, the answer is the newest version of the document's lineage that `viewer` may see;
    /// `versions` lists every version it may see.
    func documentView(
        _ documentID: String, viewer: String, includeSigned: Bool, exactVersion: Bool = true
    ) async throws -> Vdxp_Exchange_V1_Document? {
        guard let requested = try await document(documentID) else { return nil }
        let isSender = requested.sender == viewer
        var versions =
            requested.version == 1 && requested.supersededBy == nil
            ? [requested] : try await lineage(requested.lineageID)
        if !isSender {
            let received = try await self.received(versions.map(\.documentID), by: viewer)
            versions = versions.filter { received.contains($0.documentID) }
        }
        guard versions.contains(where: { $0.documentID == documentID }) else { return nil }
        let shown = exactVersion ? requested : versions.last ?? requested
        let recipients = try await recipientStates(of: shown.documentID, recipient: isSender ? nil : viewer)
        return .with {
            $0.documentID = shown.documentID
            $0.senderOrganisationID = shown.sender
            if includeSigned { $0.signedDocument = shown.signed }
            $0.header = DocumentHeaderNormaliser.normalised(shown.header)
            $0.sendTime = .init(date: shown.sendTime)
            $0.recipients = recipients
            $0.legalValue = shown.legalValue
            if let timeliness = shown.timeliness { $0.timeliness = timeliness }
            $0.version = shown.version
            $0.versions = versions.map(\.versionSummary)
            $0.revokedByDocumentID = shown.revokedBy ?? ""
            $0.supersededByDocumentID = shown.supersededBy ?? ""
        }
    }
}
