// Exchange: sending, receiving and following signed official documents (Art. 13–15, QĐ 28 Art. 8–10).
//
// Every call arrives over mutual TLS. Agencies' systems call with their member connection certificate (registered in
// Central); the caller's organisation id is that identity, never a field of the request. A member sees only the
// documents it sent or received: asking about any other document answers NOT_FOUND, exactly as if it did not exist.
// `StreamJournal` is for the platform's own services only.
//
// Errors are gRPC status codes with a message naming the field and the rule (values you sent are repeated at most
// about 100 characters long): INVALID_ARGUMENT (bad input: every INVALID_ARGUMENT also carries, in the trailer
// `grpc-status-details-bin`, a `google.rpc.Status` with one `google.rpc.BadRequest`; each of its field violations
// has `field`, the broken field's proto path from the request's root — e.g. `document.header.subject`,
// `document.signatures[0].certificate_chain`, `chunk.data`, `status_time.seconds`, `page_token` — and
// `description`, the rule it breaks and how to fix it; a header that breaks several rules lists them all, so read the
// details rather than parse the message), FAILED_PRECONDITION (a state forbids it, e.g. an illegal status
// transition), NOT_FOUND, ALREADY_EXISTS (a document id already used with other bytes),
// PERMISSION_DENIED (wrong identity, or a member that is not connected: only TRIAL and OFFICIAL members exchange
// documents; a closed id is told its successor), UNAUTHENTICATED (a certificate that is not registered to any
// member, or an invalid account token), RESOURCE_EXHAUSTED (a request message over 4 MiB), DEADLINE_EXCEEDED (your
// `grpc-timeout` passed: the server honours it, leases nothing for a caller that has gone, and ends streams with this
// code), UNAVAILABLE (no valid global configuration right now, or the database is unreachable — answered at once,
// not after your deadline: retry shortly), INTERNAL (a server fault; the message carries a request id for the
// operator). A connection without a client certificate, or with one that does not chain to a trusted authority, is
// refused during the TLS handshake.
//
// Times: every `google.protobuf.Timestamp` you send must lie in years 1 to 9999 with `nanos` 0 to 999,999,999, and
// every `google.protobuf.Duration` within ±10,000 years with `seconds` and `nanos` of one sign, as the well-known
// types define; anything else is INVALID_ARGUMENT naming the field.
//
// Limits (server settings, defaults shown): a document's attachments total at most 256 MiB
// (`VDXP_EXCHANGE_MAX_DOCUMENT_BYTES`), at most 50 attachments; a gRPC message is at most 4 MiB, so attachment
// chunks carry at most 1 MiB of data each (a message over 16 MiB is cut off by the transport with a stream reset,
// which clients report as CANCELLED); a lease lasts 10 s to 1 h exactly (default 5 min).
//
// ## Connecting: the platform CA, the configuration anchor and the server name
//
// When the operator registers your connection (Central, Art. 8), it hands your organisation, through the official
// channel, the platform CA certificate (the root that issues every VDXP service's server certificate) and the
// configuration anchor certificate (whose key signs the global configuration and account tokens); confirm their
// SHA-256 fingerprints with the operator by a second channel before trusting them. Verify Exchange's server
// certificate against the platform CA with the host name you connect to — the endpoint in your connection letter,
// which the server certificate names (the development PKI's certificates name `localhost`, `exchange`,
// `vdxp-exchange` and `vdxp-exchange.vdxp.svc[.cluster.local]`); never turn host name checking off. The operator
// renews both certificates before they expire and announces the new ones ahead of the change (docs/operations.md,
// "Renewing the platform CA and the configuration anchor"): trust the new CA beside the old one from the
// announcement until the old one is retired.
//
// ## Acting for a represented unit (Art. 3.3, 8.2.b)
//
// A provincial LGSP or a ministry's document system carries the traffic of units that have no connection of their
// own; the operator registers them under it in Central (`RegisterRepresentedUnit`) and the global configuration
// publishes them (`ConfiguredMember.represented_units`). To call for such a unit, send the metadata
// `vdxp-acting-for: <the unit's organisation id>` with the call: Exchange then treats the call exactly as if the unit
// had made it on a connection of its own — it sends as the unit (the header's `sender` is the unit, sealed with the
// unit's registered seal or its parent's), leases and acknowledges the unit's deliveries, reports the unit's statuses,
// and sees only the unit's documents. Without the metadata the call is the member's own; the member's inbox never
// holds its units' documents. A unit is connected exactly while its parent is TRIAL or OFFICIAL, and other members
// address it like any member. A unit not registered under the calling member is PERMISSION_DENIED; the metadata
// repeated or empty is INVALID_ARGUMENT; from a caller that is not a member, PERMISSION_DENIED.
//
// ## Retrying a send
//
// A send whose answer you did not get (timeout, UNAVAILABLE, a broken connection) may or may not have been
// committed. Retry with exactly the same stored `SignedDocument` bytes — do not sign again: RSA-PSS and ECDSA
// signatures differ every time, so a re-signed document under the same id is other bytes and gets ALREADY_EXISTS. If
// the first attempt was committed, the retry is answered with the original document and `duplicate = true` as soon
// as the first message arrives, whether or not you stream the attachment chunks again.

// DO NOT EDIT.
// swift-format-ignore-file
// swiftlint:disable all
//
// Generated by the gRPC Swift generator plugin for the protocol buffer compiler.
// Source: vdxp/exchange/v1/exchange_service.proto
//
// For information on using the generated types, please see the documentation:
//   https://github.com/grpc/grpc-swift

import GRPCCore
import GRPCProtobuf

// MARK: - vdxp.exchange.v1.ExchangeService

/// Namespace containing generated types for the "vdxp.exchange.v1.ExchangeService" service.
@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
public enum Vdxp_Exchange_V1_ExchangeService: Sendable {
    /// Service descriptor for the "vdxp.exchange.v1.ExchangeService" service.
    public static let descriptor = GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService")
    /// Namespace for method metadata.
    public enum Method: Sendable {
        /// Namespace for "SendDocument" metadata.
        public enum SendDocument: Sendable {
            /// Request type for "SendDocument".
            public typealias Input = Vdxp_Exchange_V1_SendDocumentRequest
            /// Response type for "SendDocument".
            public typealias Output = Vdxp_Exchange_V1_SendDocumentResponse
            /// Descriptor for "SendDocument".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "SendDocument",
                type: .clientStreaming
            )
        }
        /// Namespace for "DownloadAttachment" metadata.
        public enum DownloadAttachment: Sendable {
            /// Request type for "DownloadAttachment".
            public typealias Input = Vdxp_Exchange_V1_DownloadAttachmentRequest
            /// Response type for "DownloadAttachment".
            public typealias Output = Vdxp_Exchange_V1_DownloadAttachmentResponse
            /// Descriptor for "DownloadAttachment".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "DownloadAttachment",
                type: .serverStreaming
            )
        }
        /// Namespace for "FetchInbox" metadata.
        public enum FetchInbox: Sendable {
            /// Request type for "FetchInbox".
            public typealias Input = Vdxp_Exchange_V1_FetchInboxRequest
            /// Response type for "FetchInbox".
            public typealias Output = Vdxp_Exchange_V1_FetchInboxResponse
            /// Descriptor for "FetchInbox".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "FetchInbox",
                type: .unary
            )
        }
        /// Namespace for "SubscribeInbox" metadata.
        public enum SubscribeInbox: Sendable {
            /// Request type for "SubscribeInbox".
            public typealias Input = Vdxp_Exchange_V1_SubscribeInboxRequest
            /// Response type for "SubscribeInbox".
            public typealias Output = Vdxp_Exchange_V1_SubscribeInboxResponse
            /// Descriptor for "SubscribeInbox".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "SubscribeInbox",
                type: .serverStreaming
            )
        }
        /// Namespace for "AcknowledgeDelivery" metadata.
        public enum AcknowledgeDelivery: Sendable {
            /// Request type for "AcknowledgeDelivery".
            public typealias Input = Vdxp_Exchange_V1_AcknowledgeDeliveryRequest
            /// Response type for "AcknowledgeDelivery".
            public typealias Output = Vdxp_Exchange_V1_Delivery
            /// Descriptor for "AcknowledgeDelivery".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "AcknowledgeDelivery",
                type: .unary
            )
        }
        /// Namespace for "UpdateDocumentStatus" metadata.
        public enum UpdateDocumentStatus: Sendable {
            /// Request type for "UpdateDocumentStatus".
            public typealias Input = Vdxp_Exchange_V1_UpdateDocumentStatusRequest
            /// Response type for "UpdateDocumentStatus".
            public typealias Output = Vdxp_Exchange_V1_RecipientState
            /// Descriptor for "UpdateDocumentStatus".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "UpdateDocumentStatus",
                type: .unary
            )
        }
        /// Namespace for "RejectDocument" metadata.
        public enum RejectDocument: Sendable {
            /// Request type for "RejectDocument".
            public typealias Input = Vdxp_Exchange_V1_RejectDocumentRequest
            /// Response type for "RejectDocument".
            public typealias Output = Vdxp_Exchange_V1_RecipientState
            /// Descriptor for "RejectDocument".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "RejectDocument",
                type: .unary
            )
        }
        /// Namespace for "GetDocument" metadata.
        public enum GetDocument: Sendable {
            /// Request type for "GetDocument".
            public typealias Input = Vdxp_Exchange_V1_GetDocumentRequest
            /// Response type for "GetDocument".
            public typealias Output = Vdxp_Exchange_V1_Document
            /// Descriptor for "GetDocument".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "GetDocument",
                type: .unary
            )
        }
        /// Namespace for "ListSentDocuments" metadata.
        public enum ListSentDocuments: Sendable {
            /// Request type for "ListSentDocuments".
            public typealias Input = Vdxp_Exchange_V1_ListSentDocumentsRequest
            /// Response type for "ListSentDocuments".
            public typealias Output = Vdxp_Exchange_V1_ListSentDocumentsResponse
            /// Descriptor for "ListSentDocuments".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "ListSentDocuments",
                type: .unary
            )
        }
        /// Namespace for "ListReceivedDocuments" metadata.
        public enum ListReceivedDocuments: Sendable {
            /// Request type for "ListReceivedDocuments".
            public typealias Input = Vdxp_Exchange_V1_ListReceivedDocumentsRequest
            /// Response type for "ListReceivedDocuments".
            public typealias Output = Vdxp_Exchange_V1_ListReceivedDocumentsResponse
            /// Descriptor for "ListReceivedDocuments".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "ListReceivedDocuments",
                type: .unary
            )
        }
        /// Namespace for "WatchDocumentStatus" metadata.
        public enum WatchDocumentStatus: Sendable {
            /// Request type for "WatchDocumentStatus".
            public typealias Input = Vdxp_Exchange_V1_WatchDocumentStatusRequest
            /// Response type for "WatchDocumentStatus".
            public typealias Output = Vdxp_Exchange_V1_DocumentStatusEvent
            /// Descriptor for "WatchDocumentStatus".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "WatchDocumentStatus",
                type: .serverStreaming
            )
        }
        /// Namespace for "RetractDocument" metadata.
        public enum RetractDocument: Sendable {
            /// Request type for "RetractDocument".
            public typealias Input = Vdxp_Exchange_V1_RetractDocumentRequest
            /// Response type for "RetractDocument".
            public typealias Output = Vdxp_Exchange_V1_RetractDocumentResponse
            /// Descriptor for "RetractDocument".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "RetractDocument",
                type: .unary
            )
        }
        /// Namespace for "AnswerRetractRequest" metadata.
        public enum AnswerRetractRequest: Sendable {
            /// Request type for "AnswerRetractRequest".
            public typealias Input = Vdxp_Exchange_V1_AnswerRetractRequestRequest
            /// Response type for "AnswerRetractRequest".
            public typealias Output = Vdxp_Exchange_V1_RecipientState
            /// Descriptor for "AnswerRetractRequest".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "AnswerRetractRequest",
                type: .unary
            )
        }
        /// Namespace for "ConfirmRevocation" metadata.
        public enum ConfirmRevocation: Sendable {
            /// Request type for "ConfirmRevocation".
            public typealias Input = Vdxp_Exchange_V1_ConfirmRevocationRequest
            /// Response type for "ConfirmRevocation".
            public typealias Output = Vdxp_Exchange_V1_RecipientState
            /// Descriptor for "ConfirmRevocation".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "ConfirmRevocation",
                type: .unary
            )
        }
        /// Namespace for "ListFailedDeliveries" metadata.
        public enum ListFailedDeliveries: Sendable {
            /// Request type for "ListFailedDeliveries".
            public typealias Input = Vdxp_Exchange_V1_ListFailedDeliveriesRequest
            /// Response type for "ListFailedDeliveries".
            public typealias Output = Vdxp_Exchange_V1_ListFailedDeliveriesResponse
            /// Descriptor for "ListFailedDeliveries".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "ListFailedDeliveries",
                type: .unary
            )
        }
        /// Namespace for "RetryDelivery" metadata.
        public enum RetryDelivery: Sendable {
            /// Request type for "RetryDelivery".
            public typealias Input = Vdxp_Exchange_V1_RetryDeliveryRequest
            /// Response type for "RetryDelivery".
            public typealias Output = Vdxp_Exchange_V1_RecipientState
            /// Descriptor for "RetryDelivery".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "RetryDelivery",
                type: .unary
            )
        }
        /// Namespace for "StreamJournal" metadata.
        public enum StreamJournal: Sendable {
            /// Request type for "StreamJournal".
            public typealias Input = Vdxp_Exchange_V1_StreamJournalRequest
            /// Response type for "StreamJournal".
            public typealias Output = Vdxp_Exchange_V1_JournalEntry
            /// Descriptor for "StreamJournal".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "StreamJournal",
                type: .serverStreaming
            )
        }
        /// Namespace for "ListJournalSeals" metadata.
        public enum ListJournalSeals: Sendable {
            /// Request type for "ListJournalSeals".
            public typealias Input = Vdxp_Exchange_V1_ListJournalSealsRequest
            /// Response type for "ListJournalSeals".
            public typealias Output = Vdxp_Exchange_V1_ListJournalSealsResponse
            /// Descriptor for "ListJournalSeals".
            public static let descriptor = GRPCCore.MethodDescriptor(
                service: GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService"),
                method: "ListJournalSeals",
                type: .unary
            )
        }
        /// Descriptors for all methods in the "vdxp.exchange.v1.ExchangeService" service.
        public static let descriptors: [GRPCCore.MethodDescriptor] = [
            SendDocument.descriptor,
            DownloadAttachment.descriptor,
            FetchInbox.descriptor,
            SubscribeInbox.descriptor,
            AcknowledgeDelivery.descriptor,
            UpdateDocumentStatus.descriptor,
            RejectDocument.descriptor,
            GetDocument.descriptor,
            ListSentDocuments.descriptor,
            ListReceivedDocuments.descriptor,
            WatchDocumentStatus.descriptor,
            RetractDocument.descriptor,
            AnswerRetractRequest.descriptor,
            ConfirmRevocation.descriptor,
            ListFailedDeliveries.descriptor,
            RetryDelivery.descriptor,
            StreamJournal.descriptor,
            ListJournalSeals.descriptor
        ]
    }
}

@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
extension GRPCCore.ServiceDescriptor {
    /// Service descriptor for the "vdxp.exchange.v1.ExchangeService" service.
    public static let vdxp_exchange_v1_ExchangeService = GRPCCore.ServiceDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService")
}

// MARK: vdxp.exchange.v1.ExchangeService (server)

@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
extension Vdxp_Exchange_V1_ExchangeService {
    /// Streaming variant of the service protocol for the "vdxp.exchange.v1.ExchangeService" service.
    ///
    /// This protocol is the lowest-level of the service protocols generated for this service
    /// giving you the most flexibility over the implementation of your service. This comes at
    /// the cost of more verbose and less strict APIs. Each RPC requires you to implement it in
    /// terms of a request stream and response stream. Where the RPC expects only a single
    /// request or response message, you are responsible for ensuring your implementation
    /// maintains this invariant.
    ///
    /// Where possible, prefer using the stricter, less-verbose ``ServiceProtocol``
    /// or ``SimpleServiceProtocol`` instead.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Sending, receiving and following documents.
    public protocol StreamingServiceProtocol: GRPCCore.RegistrableRPCService {
        /// Handle the "SendDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Sends a signed document with its attachments (client streaming).
        /// > 
        /// > The first message carries the `SignedDocument`; then come the attachments' bytes as `AttachmentChunk`s, in
        /// > header order, each attachment's chunks in order, every chunk 1 byte to 1 MiB and, but for each attachment's
        /// > last, at least 64 KiB (INVALID_ARGUMENT naming `chunk.data` otherwise). Exchange checks the signature
        /// > and header before reading any attachment and answers at once if they fail; it checks each attachment's size and
        /// > SHA-256 as it arrives. The answer comes only after the document, one delivery per recipient and the journal
        /// > entries are committed together: an OK means the platform holds the document.
        /// > 
        /// > Idempotent on the document id and the signed bytes: sending the same header and signatures again returns the
        /// > original answer (of that version) with `duplicate = true` (attachments sent along are read and discarded;
        /// > sending none is fine); other bytes under an existing id — including the same header signed again — are refused
        /// > with ALREADY_EXISTS, unless they are an UPDATE of that id (`related_document_id` = `document_id`, Art. 15.4),
        /// > stored as its next version. See "Retrying a send".
        /// > 
        /// > Signature failures tell you what to fix: INVALID_ARGUMENT naming `document.signatures[i]` when the document
        /// > itself is wrong (a signature that does not verify, a chain that does not lead to a trusted authority or is not
        /// > valid now, an unknown scheme, a certificate that signs twice, a second signature whose certificate is not the
        /// > competent signer's, a joint issuer's seal or signer, or a countersigner of a sealing organisation): fix the
        /// > document and sign it again. A document with no signature made with a signing certificate registered to your
        /// > organisation (no seal) is, by the platform's policy `VDXP_EXCHANGE_UNSEALED_DOCUMENTS`, carried as REFERENCE_ONLY
        /// > (the default, Art. 11.2) or refused with PERMISSION_DENIED: then fix your registration (ask the operator to
        /// > register your seal certificate with usage SIGNING), not the document. A document signed by neither your seal nor
        /// > your competent signer is PERMISSION_DENIED whatever the policy.
        /// > 
        /// > Legal value (Art. 11, document.proto): LEGALLY_VALID needs the seal and the competent signer, and the signer is
        /// > bound to your organisation: its certificate's `O=` must be your seal certificate's `O=`, in the seal's `L=` and
        /// > `ST=` when it names them; a joint document needs every joint issuer's seal and signer too; countersignatures
        /// > change nothing. Anything less is accepted as REFERENCE_ONLY, with the reason in `Document.legal_value_reason`.
        /// > 
        /// > Timeliness (Art. 13.1) is recorded, never refused: a normal document is on time if it reaches the platform on its
        /// > signing day or by 12:00 (Vietnam time) of the next working day on the Vietnamese calendar (weekends, public
        /// > holidays and days in lieu are skipped; signed Friday 17:00 before a holiday Monday, the deadline is Tuesday
        /// > 12:00); an urgent one (priority 1 and above) within one hour of signing. See `Document.timeliness`.
        /// > 
        /// > Revoking, updating and replacing (Art. 15.3–15.4) are sends too: a document whose header has `business_type`
        /// > REVOKE, UPDATE or REPLACE and names the earlier document in `related_document_id` (see `BusinessType`). Only
        /// > that document's sender may do so: a `related_document_id` that starts with another organisation's id is
        /// > INVALID_ARGUMENT naming that field (a document id begins with its sender's id, so this needs no lookup — a
        /// > recipient cannot revoke or update what it received, whatever it holds); one of your own ids that names no
        /// > document you sent is NOT_FOUND; a document that is revoked, superseded by a newer version, or itself a
        /// > revocation is FAILED_PRECONDITION, and so is an update or replacement of a document that has 100 versions
        /// > already. The new document, its deliveries and what it does to the earlier document's copies are committed
        /// > together.
        /// > 
        /// > Large documents: a document with more than 1 MiB of attachments is written while its chunks stream in, in a
        /// > transaction that holds one of the replica's database connections. At most `VDXP_EXCHANGE_STREAMED_SENDS` such
        /// > sends stream into one replica at once (half its connections by default), and one member at most a third of them
        /// > (at least one); beyond, RESOURCE_EXHAUSTED at once, before any chunk is read: send again when one of yours is
        /// > done. Documents of 1 MiB or less are read whole first and are not limited so.
        /// > 
        /// > Every send, large or small, must send each message — its first too — within `VDXP_EXCHANGE_CHUNK_WAIT_SECONDS`
        /// > (30 s by default), and all its `n` bytes of attachments within that wait plus `n` /
        /// > `VDXP_EXCHANGE_MINIMUM_UPLOAD_KIB_PER_SECOND` (64 KiB/s by default: 256 MiB within 69 minutes); otherwise it is
        /// > abandoned with DEADLINE_EXCEEDED and nothing is stored: stream the chunks without pause.
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_SendDocumentRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_SendDocumentResponse` messages.
        func sendDocument(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_SendDocumentRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_SendDocumentResponse>

        /// Handle the "DownloadAttachment" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Downloads one attachment of a document the caller sent or received (server streaming), in chunks of at most
        /// > 1 MiB, in order. The first message also carries the attachment's descriptor; check the SHA-256 as you go. A
        /// > recipient whose copy the sender retracted (Art. 15.1) is refused with FAILED_PRECONDITION.
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_DownloadAttachmentRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_DownloadAttachmentResponse` messages.
        func downloadAttachment(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_DownloadAttachmentRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_DownloadAttachmentResponse>

        /// Handle the "FetchInbox" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Leases up to `max_deliveries` of the caller's waiting inbox entries — documents and notices (`DeliveryKind`) —
        /// > highest priority first, then oldest first: a flash document overtakes everything queued. Entries whose lease
        /// > expired unacknowledged are handed out again, up to the attempt limit after which a document's delivery becomes
        /// > FAILED. Acknowledge each one before its lease expires. An answer carries at most
        /// > `VDXP_EXCHANGE_RESPONSE_BYTES` (default 3 MiB, under the 4 MiB a gRPC client receives by default) of
        /// > documents, and at least one entry: entries past it stay in the inbox for the next call, their attempt not counted.
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_FetchInboxRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_FetchInboxResponse` messages.
        func fetchInbox(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_FetchInboxRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_FetchInboxResponse>

        /// Handle the "SubscribeInbox" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Streams the caller's deliveries as they arrive (server streaming), leased like `FetchInbox`: first those
        /// > waiting, highest priority first, then each new one as soon as it is committed. Resumable: after a disconnect,
        /// > subscribe again — acknowledged deliveries are never sent again, unacknowledged ones come back within 10 s of
        /// > their lease's expiry. The stream ends when the server shuts down, or with PERMISSION_DENIED (UNAVAILABLE) within
        /// > 10 s of when a new call would be refused so: the caller suspended or cut off since it subscribed (Art. 9.4–9.5),
        /// > or the platform's configuration expired. Exchange pings a connection silent for 60 s and closes it if no answer
        /// > comes within 20 s; a client may send its own keepalive pings every 10 s or more while a call is open.
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_SubscribeInboxRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_SubscribeInboxResponse` messages.
        func subscribeInbox(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_SubscribeInboxRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_SubscribeInboxResponse>

        /// Handle the "AcknowledgeDelivery" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Confirms receipt of an inbox entry: it becomes ACKNOWLEDGED; for a document the recipient's status becomes
        /// > 01 ARRIVED, handled by the recipient's document system (`StatusChange.handler`). For a revoking document this
        /// > only says the order arrived: the revocation is confirmed by `ConfirmRevocation` (Art. 15.3).
        /// > Idempotent: acknowledging again returns the same delivery. Only the recipient may acknowledge. Acknowledging
        /// > after the lease expired is accepted as long as the entry did not fail, even if it was handed out again meanwhile
        /// > (the recipient has it either way; the other lease's acknowledgement then returns the same delivery); a WITHDRAWN
        /// > or FAILED one is FAILED_PRECONDITION (a delivery not acknowledged by its `acknowledge_deadline` fails, Art. 13.2).
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_AcknowledgeDeliveryRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_Delivery` messages.
        func acknowledgeDelivery(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_AcknowledgeDeliveryRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_Delivery>

        /// Handle the "UpdateDocumentStatus" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Reports the recipient's handling of a document: 03 REGISTERED, 04 ASSIGNED, 05 PROCESSING or 06 COMPLETED,
        /// > with time and handler (Art. 14.3). Statuses only move forward: 01 → 03 → 04 → 05 → 06, where only 04 may be
        /// > left out. Art. 14.3 names the minimum chain the sender receives — arrived, registered, processing, completed —
        /// > so a skip is refused, not filled in: 06 straight after 03 or 04 is FAILED_PRECONDITION asking for 05 first.
        /// > Anything else, including reporting before acknowledging, or on a copy that is no longer CURRENT (retracted,
        /// > revoked, superseded, removed), is FAILED_PRECONDITION. A report that repeats the copy's latest one — its
        /// > status, handler and comment, and its `status_time` when given — is a retry whose answer was lost: it is answered
        /// > with the copy's state and recorded nothing more.
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_UpdateDocumentStatusRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_RecipientState` messages.
        func updateDocumentStatus(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_UpdateDocumentStatusRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_RecipientState>

        /// Handle the "RejectDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Refuses a document (02 REJECTED, Art. 15.2) after acknowledging it and before registering it. The reason is
        /// > mandatory and is sent back to the sender. Its time is when the platform records it. Refusing again with the same
        /// > reason and handler (a retry whose answer was lost) is answered with the copy's state and recorded nothing more.
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_RejectDocumentRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_RecipientState` messages.
        func rejectDocument(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_RejectDocumentRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_RecipientState>

        /// Handle the "GetDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Returns a document the caller sent (with every recipient's state and history) or received (with its own).
        /// > Asked for any version of an updated or replaced document, it returns the current version the caller may see,
        /// > with the lineage in `versions`, unless `exact_version` is set or a `version` is asked. A document id under which
        /// > an UPDATE kept the id names several versions: `version` picks one (NOT_FOUND if the caller may not see it), else
        /// > the latest of them the caller may see. A recipient whose copy was retracted gets the document without its content
        /// > (`Document.content_withheld`).
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_GetDocumentRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_Document` messages.
        func getDocument(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_GetDocumentRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_Document>

        /// Handle the "ListSentDocuments" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the documents the caller sent, newest first, with every recipient's state. A page ends early, before
        /// > `page_size`, once it holds `VDXP_EXCHANGE_RESPONSE_BYTES` (default 3 MiB; a document to hundreds of recipients
        /// > is large): follow `next_page_token` as always. The same holds for `ListReceivedDocuments`.
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_ListSentDocumentsRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_ListSentDocumentsResponse` messages.
        func listSentDocuments(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_ListSentDocumentsRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_ListSentDocumentsResponse>

        /// Handle the "ListReceivedDocuments" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the documents addressed to the caller, newest first, each with the caller's own copy only — acknowledged
        /// > or not: the inbox (`FetchInbox`) holds what is still to be fetched, this list everything the caller may open
        /// > with `GetDocument`. A copy that was since retracted, revoked or superseded stays listed with that state
        /// > (`recipients[0].disposition`). Each version of an updated or replaced document is its own entry.
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_ListReceivedDocumentsRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_ListReceivedDocumentsResponse` messages.
        func listReceivedDocuments(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_ListReceivedDocumentsRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_ListReceivedDocumentsResponse>

        /// Handle the "WatchDocumentStatus" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Follows a document the caller sent (server streaming) — the latest version sent under `document_id` when the
        /// > stream starts (an UPDATE that keeps the id supersedes it, which settles its recipients): at once the current
        /// > state of every recipient, then one event per change (delivery acknowledged or failed, status reported, retract
        /// > requested or answered, copy revoked or superseded, revocation confirmed). The stream ends when the server shuts
        /// > down or when every recipient is settled: a final status (02, 06, 15), a copy no longer current (retracted,
        /// > superseded, removed, or revoked once the revocation is confirmed); and, like `SubscribeInbox`, with the refusal a
        /// > new call would get once the caller is suspended or cut off.
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_WatchDocumentStatusRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_DocumentStatusEvent` messages.
        func watchDocumentStatus(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_WatchDocumentStatusRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_DocumentStatusEvent>

        /// Handle the "RetractDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Takes a document back (lấy lại, Art. 15.1) from some or all of its recipients. Only its sender may, and only
        /// > the current version of a document that is not a revocation and not revoked. For each recipient:
        /// > - not yet registered (no 03; and not 02 REJECTED): retracted at once — copy RETRACTED with the reason in
        /// >   `disposition_reason`, and no status (15 is the recipient's agreement, which this does not need); an
        /// >   unacknowledged delivery is WITHDRAWN (it disappears from the inbox), and a recipient that may already hold the
        /// >   document gets a RETRACTED notice;
        /// > - registered (03–06): a retract request (13) is recorded and sent as a RETRACT_REQUESTED notice; the recipient
        /// >   accepts (15) or refuses (16) with `AnswerRetractRequest`.
        /// > A named recipient whose copy is not current, that rejected the document, that already has an open request, or
        /// > that has refused 5 requests already (a copy is asked at most 5 times) is FAILED_PRECONDITION (and nothing is
        /// > done); with no recipients named, those are skipped. Once its copy is
        /// > RETRACTED (at once, or by its agreement), the recipient can no longer read the document: `GetDocument` and the
        /// > lists show it with `content_withheld`, and `DownloadAttachment` is FAILED_PRECONDITION. Not idempotent: a retry
        /// > after a lost answer is FAILED_PRECONDITION for a recipient the first call retracted or asked ("retracted
        /// > already", "a retract request is still open"), and with no recipients named it acts on whoever is left — read
        /// > the document's recipients (`GetDocument`) before calling again.
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_RetractDocumentRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_RetractDocumentResponse` messages.
        func retractDocument(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_RetractDocumentRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_RetractDocumentResponse>

        /// Handle the "AnswerRetractRequest" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Answers a retract request addressed to the caller (recipient): accept (15, the copy becomes RETRACTED) or
        /// > refuse (16, with a reason). Each answer names its request, so several requests are never confused. A request
        /// > already answered is FAILED_PRECONDITION.
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_AnswerRetractRequestRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_RecipientState` messages.
        func answerRetractRequest(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_AnswerRetractRequestRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_RecipientState>

        /// Handle the "ConfirmRevocation" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Confirms to the sender that the caller (a recipient) handled a revocation (thu hồi, Art. 15.3; QĐ 28 Art. 9.2):
        /// > it marked its copy of the revoked document revoked and stopped handling it. `document_id` is the revoked
        /// > document, not the revoking one. This explicit report, with who handled it, is the confirmation: acknowledging
        /// > the revoking document only says the order arrived, and must come first (FAILED_PRECONDITION otherwise). The
        /// > sender sees `RecipientState.revocation_confirm_time` and `revocation_confirm_handler` on the revoked document.
        /// > Confirming again returns the state of the first confirmation. A copy that is not REVOKED is FAILED_PRECONDITION;
        /// > a document the caller did not receive is NOT_FOUND.
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_ConfirmRevocationRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_RecipientState` messages.
        func confirmRevocation(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_ConfirmRevocationRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_RecipientState>

        /// Handle the "ListFailedDeliveries" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the caller's documents whose delivery to a recipient FAILED (Art. 13.2), most recently failed first, each
        /// > with why (`RecipientState.fail_reason`: attempts used up, not acknowledged by `acknowledge_deadline` — the
        /// > configured time after sending and the end of the recipient's working day at the latest — or the recipient no
        /// > longer connected or closed, with its successor in `successor_organisation_id`).
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_ListFailedDeliveriesRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_ListFailedDeliveriesResponse` messages.
        func listFailedDeliveries(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_ListFailedDeliveriesRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_ListFailedDeliveriesResponse>

        /// Handle the "RetryDelivery" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Puts a FAILED delivery of a document the caller sent back in the recipient's inbox, with a fresh attempt
        /// > count and a fresh acknowledgement deadline counted from now (Art. 13.2: the sender handles a failure). Anything
        /// > but a FAILED delivery is FAILED_PRECONDITION; so is a recipient that is not TRIAL or OFFICIAL now (a closed one
        /// > is told with its successor: send the document there instead).
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_RetryDeliveryRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_RecipientState` messages.
        func retryDelivery(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_RetryDeliveryRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_RecipientState>

        /// Handle the "StreamJournal" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Streams the journal in chain order from just after `after_sequence` (server streaming), then follows new entries
        /// > as they are chained — or, with `until_head`, ends once the entries chained when the call began are sent. Platform
        /// > services (Search, Report, Monitoring) and operators (the audit, `vdxp audit verify`); members get
        /// > PERMISSION_DENIED. Resume with the last `sequence` you processed; replay from 0 to rebuild a projection. An
        /// > `after_sequence` past the last chained entry is FAILED_PRECONDITION: the journal was restored to an earlier point
        /// > (or the cursor is another platform's), and a projection that holds entries it no longer has must be rebuilt.
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_StreamJournalRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_JournalEntry` messages.
        func streamJournal(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_StreamJournalRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_JournalEntry>

        /// Handle the "ListJournalSeals" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the journal's seals (`JournalSeal`, Art. 5.3) in sequence order, those sealing entries after
        /// > `after_sequence`, at most `page_size` (1 to 1000, default 100): page on with the last seal's sequence. Operators
        /// > and platform services; members get PERMISSION_DENIED. INVALID_ARGUMENT for a negative `after_sequence` or a
        /// > `page_size` out of range.
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_ListJournalSealsRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_ListJournalSealsResponse` messages.
        func listJournalSeals(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_ListJournalSealsRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_ListJournalSealsResponse>
    }

    /// Service protocol for the "vdxp.exchange.v1.ExchangeService" service.
    ///
    /// This protocol is higher level than ``StreamingServiceProtocol`` but lower level than
    /// the ``SimpleServiceProtocol``, it provides access to request and response metadata and
    /// trailing response metadata. If you don't need these then consider using
    /// the ``SimpleServiceProtocol``. If you need fine grained control over your RPCs then
    /// use ``StreamingServiceProtocol``.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Sending, receiving and following documents.
    public protocol ServiceProtocol: Vdxp_Exchange_V1_ExchangeService.StreamingServiceProtocol {
        /// Handle the "SendDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Sends a signed document with its attachments (client streaming).
        /// > 
        /// > The first message carries the `SignedDocument`; then come the attachments' bytes as `AttachmentChunk`s, in
        /// > header order, each attachment's chunks in order, every chunk 1 byte to 1 MiB and, but for each attachment's
        /// > last, at least 64 KiB (INVALID_ARGUMENT naming `chunk.data` otherwise). Exchange checks the signature
        /// > and header before reading any attachment and answers at once if they fail; it checks each attachment's size and
        /// > SHA-256 as it arrives. The answer comes only after the document, one delivery per recipient and the journal
        /// > entries are committed together: an OK means the platform holds the document.
        /// > 
        /// > Idempotent on the document id and the signed bytes: sending the same header and signatures again returns the
        /// > original answer (of that version) with `duplicate = true` (attachments sent along are read and discarded;
        /// > sending none is fine); other bytes under an existing id — including the same header signed again — are refused
        /// > with ALREADY_EXISTS, unless they are an UPDATE of that id (`related_document_id` = `document_id`, Art. 15.4),
        /// > stored as its next version. See "Retrying a send".
        /// > 
        /// > Signature failures tell you what to fix: INVALID_ARGUMENT naming `document.signatures[i]` when the document
        /// > itself is wrong (a signature that does not verify, a chain that does not lead to a trusted authority or is not
        /// > valid now, an unknown scheme, a certificate that signs twice, a second signature whose certificate is not the
        /// > competent signer's, a joint issuer's seal or signer, or a countersigner of a sealing organisation): fix the
        /// > document and sign it again. A document with no signature made with a signing certificate registered to your
        /// > organisation (no seal) is, by the platform's policy `VDXP_EXCHANGE_UNSEALED_DOCUMENTS`, carried as REFERENCE_ONLY
        /// > (the default, Art. 11.2) or refused with PERMISSION_DENIED: then fix your registration (ask the operator to
        /// > register your seal certificate with usage SIGNING), not the document. A document signed by neither your seal nor
        /// > your competent signer is PERMISSION_DENIED whatever the policy.
        /// > 
        /// > Legal value (Art. 11, document.proto): LEGALLY_VALID needs the seal and the competent signer, and the signer is
        /// > bound to your organisation: its certificate's `O=` must be your seal certificate's `O=`, in the seal's `L=` and
        /// > `ST=` when it names them; a joint document needs every joint issuer's seal and signer too; countersignatures
        /// > change nothing. Anything less is accepted as REFERENCE_ONLY, with the reason in `Document.legal_value_reason`.
        /// > 
        /// > Timeliness (Art. 13.1) is recorded, never refused: a normal document is on time if it reaches the platform on its
        /// > signing day or by 12:00 (Vietnam time) of the next working day on the Vietnamese calendar (weekends, public
        /// > holidays and days in lieu are skipped; signed Friday 17:00 before a holiday Monday, the deadline is Tuesday
        /// > 12:00); an urgent one (priority 1 and above) within one hour of signing. See `Document.timeliness`.
        /// > 
        /// > Revoking, updating and replacing (Art. 15.3–15.4) are sends too: a document whose header has `business_type`
        /// > REVOKE, UPDATE or REPLACE and names the earlier document in `related_document_id` (see `BusinessType`). Only
        /// > that document's sender may do so: a `related_document_id` that starts with another organisation's id is
        /// > INVALID_ARGUMENT naming that field (a document id begins with its sender's id, so this needs no lookup — a
        /// > recipient cannot revoke or update what it received, whatever it holds); one of your own ids that names no
        /// > document you sent is NOT_FOUND; a document that is revoked, superseded by a newer version, or itself a
        /// > revocation is FAILED_PRECONDITION, and so is an update or replacement of a document that has 100 versions
        /// > already. The new document, its deliveries and what it does to the earlier document's copies are committed
        /// > together.
        /// > 
        /// > Large documents: a document with more than 1 MiB of attachments is written while its chunks stream in, in a
        /// > transaction that holds one of the replica's database connections. At most `VDXP_EXCHANGE_STREAMED_SENDS` such
        /// > sends stream into one replica at once (half its connections by default), and one member at most a third of them
        /// > (at least one); beyond, RESOURCE_EXHAUSTED at once, before any chunk is read: send again when one of yours is
        /// > done. Documents of 1 MiB or less are read whole first and are not limited so.
        /// > 
        /// > Every send, large or small, must send each message — its first too — within `VDXP_EXCHANGE_CHUNK_WAIT_SECONDS`
        /// > (30 s by default), and all its `n` bytes of attachments within that wait plus `n` /
        /// > `VDXP_EXCHANGE_MINIMUM_UPLOAD_KIB_PER_SECOND` (64 KiB/s by default: 256 MiB within 69 minutes); otherwise it is
        /// > abandoned with DEADLINE_EXCEEDED and nothing is stored: stream the chunks without pause.
        ///
        /// - Parameters:
        ///   - request: A streaming request of `Vdxp_Exchange_V1_SendDocumentRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A response containing a single `Vdxp_Exchange_V1_SendDocumentResponse` message.
        func sendDocument(
            request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_SendDocumentRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_SendDocumentResponse>

        /// Handle the "DownloadAttachment" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Downloads one attachment of a document the caller sent or received (server streaming), in chunks of at most
        /// > 1 MiB, in order. The first message also carries the attachment's descriptor; check the SHA-256 as you go. A
        /// > recipient whose copy the sender retracted (Art. 15.1) is refused with FAILED_PRECONDITION.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_DownloadAttachmentRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_DownloadAttachmentResponse` messages.
        func downloadAttachment(
            request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_DownloadAttachmentRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_DownloadAttachmentResponse>

        /// Handle the "FetchInbox" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Leases up to `max_deliveries` of the caller's waiting inbox entries — documents and notices (`DeliveryKind`) —
        /// > highest priority first, then oldest first: a flash document overtakes everything queued. Entries whose lease
        /// > expired unacknowledged are handed out again, up to the attempt limit after which a document's delivery becomes
        /// > FAILED. Acknowledge each one before its lease expires. An answer carries at most
        /// > `VDXP_EXCHANGE_RESPONSE_BYTES` (default 3 MiB, under the 4 MiB a gRPC client receives by default) of
        /// > documents, and at least one entry: entries past it stay in the inbox for the next call, their attempt not counted.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_FetchInboxRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A response containing a single `Vdxp_Exchange_V1_FetchInboxResponse` message.
        func fetchInbox(
            request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_FetchInboxRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_FetchInboxResponse>

        /// Handle the "SubscribeInbox" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Streams the caller's deliveries as they arrive (server streaming), leased like `FetchInbox`: first those
        /// > waiting, highest priority first, then each new one as soon as it is committed. Resumable: after a disconnect,
        /// > subscribe again — acknowledged deliveries are never sent again, unacknowledged ones come back within 10 s of
        /// > their lease's expiry. The stream ends when the server shuts down, or with PERMISSION_DENIED (UNAVAILABLE) within
        /// > 10 s of when a new call would be refused so: the caller suspended or cut off since it subscribed (Art. 9.4–9.5),
        /// > or the platform's configuration expired. Exchange pings a connection silent for 60 s and closes it if no answer
        /// > comes within 20 s; a client may send its own keepalive pings every 10 s or more while a call is open.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_SubscribeInboxRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_SubscribeInboxResponse` messages.
        func subscribeInbox(
            request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_SubscribeInboxRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_SubscribeInboxResponse>

        /// Handle the "AcknowledgeDelivery" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Confirms receipt of an inbox entry: it becomes ACKNOWLEDGED; for a document the recipient's status becomes
        /// > 01 ARRIVED, handled by the recipient's document system (`StatusChange.handler`). For a revoking document this
        /// > only says the order arrived: the revocation is confirmed by `ConfirmRevocation` (Art. 15.3).
        /// > Idempotent: acknowledging again returns the same delivery. Only the recipient may acknowledge. Acknowledging
        /// > after the lease expired is accepted as long as the entry did not fail, even if it was handed out again meanwhile
        /// > (the recipient has it either way; the other lease's acknowledgement then returns the same delivery); a WITHDRAWN
        /// > or FAILED one is FAILED_PRECONDITION (a delivery not acknowledged by its `acknowledge_deadline` fails, Art. 13.2).
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_AcknowledgeDeliveryRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A response containing a single `Vdxp_Exchange_V1_Delivery` message.
        func acknowledgeDelivery(
            request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_AcknowledgeDeliveryRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_Delivery>

        /// Handle the "UpdateDocumentStatus" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Reports the recipient's handling of a document: 03 REGISTERED, 04 ASSIGNED, 05 PROCESSING or 06 COMPLETED,
        /// > with time and handler (Art. 14.3). Statuses only move forward: 01 → 03 → 04 → 05 → 06, where only 04 may be
        /// > left out. Art. 14.3 names the minimum chain the sender receives — arrived, registered, processing, completed —
        /// > so a skip is refused, not filled in: 06 straight after 03 or 04 is FAILED_PRECONDITION asking for 05 first.
        /// > Anything else, including reporting before acknowledging, or on a copy that is no longer CURRENT (retracted,
        /// > revoked, superseded, removed), is FAILED_PRECONDITION. A report that repeats the copy's latest one — its
        /// > status, handler and comment, and its `status_time` when given — is a retry whose answer was lost: it is answered
        /// > with the copy's state and recorded nothing more.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_UpdateDocumentStatusRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A response containing a single `Vdxp_Exchange_V1_RecipientState` message.
        func updateDocumentStatus(
            request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_UpdateDocumentStatusRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_RecipientState>

        /// Handle the "RejectDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Refuses a document (02 REJECTED, Art. 15.2) after acknowledging it and before registering it. The reason is
        /// > mandatory and is sent back to the sender. Its time is when the platform records it. Refusing again with the same
        /// > reason and handler (a retry whose answer was lost) is answered with the copy's state and recorded nothing more.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_RejectDocumentRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A response containing a single `Vdxp_Exchange_V1_RecipientState` message.
        func rejectDocument(
            request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_RejectDocumentRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_RecipientState>

        /// Handle the "GetDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Returns a document the caller sent (with every recipient's state and history) or received (with its own).
        /// > Asked for any version of an updated or replaced document, it returns the current version the caller may see,
        /// > with the lineage in `versions`, unless `exact_version` is set or a `version` is asked. A document id under which
        /// > an UPDATE kept the id names several versions: `version` picks one (NOT_FOUND if the caller may not see it), else
        /// > the latest of them the caller may see. A recipient whose copy was retracted gets the document without its content
        /// > (`Document.content_withheld`).
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_GetDocumentRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A response containing a single `Vdxp_Exchange_V1_Document` message.
        func getDocument(
            request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_GetDocumentRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_Document>

        /// Handle the "ListSentDocuments" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the documents the caller sent, newest first, with every recipient's state. A page ends early, before
        /// > `page_size`, once it holds `VDXP_EXCHANGE_RESPONSE_BYTES` (default 3 MiB; a document to hundreds of recipients
        /// > is large): follow `next_page_token` as always. The same holds for `ListReceivedDocuments`.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_ListSentDocumentsRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A response containing a single `Vdxp_Exchange_V1_ListSentDocumentsResponse` message.
        func listSentDocuments(
            request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_ListSentDocumentsRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_ListSentDocumentsResponse>

        /// Handle the "ListReceivedDocuments" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the documents addressed to the caller, newest first, each with the caller's own copy only — acknowledged
        /// > or not: the inbox (`FetchInbox`) holds what is still to be fetched, this list everything the caller may open
        /// > with `GetDocument`. A copy that was since retracted, revoked or superseded stays listed with that state
        /// > (`recipients[0].disposition`). Each version of an updated or replaced document is its own entry.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_ListReceivedDocumentsRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A response containing a single `Vdxp_Exchange_V1_ListReceivedDocumentsResponse` message.
        func listReceivedDocuments(
            request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_ListReceivedDocumentsRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_ListReceivedDocumentsResponse>

        /// Handle the "WatchDocumentStatus" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Follows a document the caller sent (server streaming) — the latest version sent under `document_id` when the
        /// > stream starts (an UPDATE that keeps the id supersedes it, which settles its recipients): at once the current
        /// > state of every recipient, then one event per change (delivery acknowledged or failed, status reported, retract
        /// > requested or answered, copy revoked or superseded, revocation confirmed). The stream ends when the server shuts
        /// > down or when every recipient is settled: a final status (02, 06, 15), a copy no longer current (retracted,
        /// > superseded, removed, or revoked once the revocation is confirmed); and, like `SubscribeInbox`, with the refusal a
        /// > new call would get once the caller is suspended or cut off.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_WatchDocumentStatusRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_DocumentStatusEvent` messages.
        func watchDocumentStatus(
            request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_WatchDocumentStatusRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_DocumentStatusEvent>

        /// Handle the "RetractDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Takes a document back (lấy lại, Art. 15.1) from some or all of its recipients. Only its sender may, and only
        /// > the current version of a document that is not a revocation and not revoked. For each recipient:
        /// > - not yet registered (no 03; and not 02 REJECTED): retracted at once — copy RETRACTED with the reason in
        /// >   `disposition_reason`, and no status (15 is the recipient's agreement, which this does not need); an
        /// >   unacknowledged delivery is WITHDRAWN (it disappears from the inbox), and a recipient that may already hold the
        /// >   document gets a RETRACTED notice;
        /// > - registered (03–06): a retract request (13) is recorded and sent as a RETRACT_REQUESTED notice; the recipient
        /// >   accepts (15) or refuses (16) with `AnswerRetractRequest`.
        /// > A named recipient whose copy is not current, that rejected the document, that already has an open request, or
        /// > that has refused 5 requests already (a copy is asked at most 5 times) is FAILED_PRECONDITION (and nothing is
        /// > done); with no recipients named, those are skipped. Once its copy is
        /// > RETRACTED (at once, or by its agreement), the recipient can no longer read the document: `GetDocument` and the
        /// > lists show it with `content_withheld`, and `DownloadAttachment` is FAILED_PRECONDITION. Not idempotent: a retry
        /// > after a lost answer is FAILED_PRECONDITION for a recipient the first call retracted or asked ("retracted
        /// > already", "a retract request is still open"), and with no recipients named it acts on whoever is left — read
        /// > the document's recipients (`GetDocument`) before calling again.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_RetractDocumentRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A response containing a single `Vdxp_Exchange_V1_RetractDocumentResponse` message.
        func retractDocument(
            request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_RetractDocumentRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_RetractDocumentResponse>

        /// Handle the "AnswerRetractRequest" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Answers a retract request addressed to the caller (recipient): accept (15, the copy becomes RETRACTED) or
        /// > refuse (16, with a reason). Each answer names its request, so several requests are never confused. A request
        /// > already answered is FAILED_PRECONDITION.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_AnswerRetractRequestRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A response containing a single `Vdxp_Exchange_V1_RecipientState` message.
        func answerRetractRequest(
            request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_AnswerRetractRequestRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_RecipientState>

        /// Handle the "ConfirmRevocation" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Confirms to the sender that the caller (a recipient) handled a revocation (thu hồi, Art. 15.3; QĐ 28 Art. 9.2):
        /// > it marked its copy of the revoked document revoked and stopped handling it. `document_id` is the revoked
        /// > document, not the revoking one. This explicit report, with who handled it, is the confirmation: acknowledging
        /// > the revoking document only says the order arrived, and must come first (FAILED_PRECONDITION otherwise). The
        /// > sender sees `RecipientState.revocation_confirm_time` and `revocation_confirm_handler` on the revoked document.
        /// > Confirming again returns the state of the first confirmation. A copy that is not REVOKED is FAILED_PRECONDITION;
        /// > a document the caller did not receive is NOT_FOUND.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_ConfirmRevocationRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A response containing a single `Vdxp_Exchange_V1_RecipientState` message.
        func confirmRevocation(
            request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_ConfirmRevocationRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_RecipientState>

        /// Handle the "ListFailedDeliveries" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the caller's documents whose delivery to a recipient FAILED (Art. 13.2), most recently failed first, each
        /// > with why (`RecipientState.fail_reason`: attempts used up, not acknowledged by `acknowledge_deadline` — the
        /// > configured time after sending and the end of the recipient's working day at the latest — or the recipient no
        /// > longer connected or closed, with its successor in `successor_organisation_id`).
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_ListFailedDeliveriesRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A response containing a single `Vdxp_Exchange_V1_ListFailedDeliveriesResponse` message.
        func listFailedDeliveries(
            request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_ListFailedDeliveriesRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_ListFailedDeliveriesResponse>

        /// Handle the "RetryDelivery" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Puts a FAILED delivery of a document the caller sent back in the recipient's inbox, with a fresh attempt
        /// > count and a fresh acknowledgement deadline counted from now (Art. 13.2: the sender handles a failure). Anything
        /// > but a FAILED delivery is FAILED_PRECONDITION; so is a recipient that is not TRIAL or OFFICIAL now (a closed one
        /// > is told with its successor: send the document there instead).
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_RetryDeliveryRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A response containing a single `Vdxp_Exchange_V1_RecipientState` message.
        func retryDelivery(
            request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_RetryDeliveryRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_RecipientState>

        /// Handle the "StreamJournal" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Streams the journal in chain order from just after `after_sequence` (server streaming), then follows new entries
        /// > as they are chained — or, with `until_head`, ends once the entries chained when the call began are sent. Platform
        /// > services (Search, Report, Monitoring) and operators (the audit, `vdxp audit verify`); members get
        /// > PERMISSION_DENIED. Resume with the last `sequence` you processed; replay from 0 to rebuild a projection. An
        /// > `after_sequence` past the last chained entry is FAILED_PRECONDITION: the journal was restored to an earlier point
        /// > (or the cursor is another platform's), and a projection that holds entries it no longer has must be rebuilt.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_StreamJournalRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A streaming response of `Vdxp_Exchange_V1_JournalEntry` messages.
        func streamJournal(
            request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_StreamJournalRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_JournalEntry>

        /// Handle the "ListJournalSeals" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the journal's seals (`JournalSeal`, Art. 5.3) in sequence order, those sealing entries after
        /// > `after_sequence`, at most `page_size` (1 to 1000, default 100): page on with the last seal's sequence. Operators
        /// > and platform services; members get PERMISSION_DENIED. INVALID_ARGUMENT for a negative `after_sequence` or a
        /// > `page_size` out of range.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_ListJournalSealsRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A response containing a single `Vdxp_Exchange_V1_ListJournalSealsResponse` message.
        func listJournalSeals(
            request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_ListJournalSealsRequest>,
            context: GRPCCore.ServerContext
        ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_ListJournalSealsResponse>
    }

    /// Simple service protocol for the "vdxp.exchange.v1.ExchangeService" service.
    ///
    /// This is the highest level protocol for the service. The API is the easiest to use but
    /// doesn't provide access to request or response metadata. If you need access to these
    /// then use ``ServiceProtocol`` instead.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Sending, receiving and following documents.
    public protocol SimpleServiceProtocol: Vdxp_Exchange_V1_ExchangeService.ServiceProtocol {
        /// Handle the "SendDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Sends a signed document with its attachments (client streaming).
        /// > 
        /// > The first message carries the `SignedDocument`; then come the attachments' bytes as `AttachmentChunk`s, in
        /// > header order, each attachment's chunks in order, every chunk 1 byte to 1 MiB and, but for each attachment's
        /// > last, at least 64 KiB (INVALID_ARGUMENT naming `chunk.data` otherwise). Exchange checks the signature
        /// > and header before reading any attachment and answers at once if they fail; it checks each attachment's size and
        /// > SHA-256 as it arrives. The answer comes only after the document, one delivery per recipient and the journal
        /// > entries are committed together: an OK means the platform holds the document.
        /// > 
        /// > Idempotent on the document id and the signed bytes: sending the same header and signatures again returns the
        /// > original answer (of that version) with `duplicate = true` (attachments sent along are read and discarded;
        /// > sending none is fine); other bytes under an existing id — including the same header signed again — are refused
        /// > with ALREADY_EXISTS, unless they are an UPDATE of that id (`related_document_id` = `document_id`, Art. 15.4),
        /// > stored as its next version. See "Retrying a send".
        /// > 
        /// > Signature failures tell you what to fix: INVALID_ARGUMENT naming `document.signatures[i]` when the document
        /// > itself is wrong (a signature that does not verify, a chain that does not lead to a trusted authority or is not
        /// > valid now, an unknown scheme, a certificate that signs twice, a second signature whose certificate is not the
        /// > competent signer's, a joint issuer's seal or signer, or a countersigner of a sealing organisation): fix the
        /// > document and sign it again. A document with no signature made with a signing certificate registered to your
        /// > organisation (no seal) is, by the platform's policy `VDXP_EXCHANGE_UNSEALED_DOCUMENTS`, carried as REFERENCE_ONLY
        /// > (the default, Art. 11.2) or refused with PERMISSION_DENIED: then fix your registration (ask the operator to
        /// > register your seal certificate with usage SIGNING), not the document. A document signed by neither your seal nor
        /// > your competent signer is PERMISSION_DENIED whatever the policy.
        /// > 
        /// > Legal value (Art. 11, document.proto): LEGALLY_VALID needs the seal and the competent signer, and the signer is
        /// > bound to your organisation: its certificate's `O=` must be your seal certificate's `O=`, in the seal's `L=` and
        /// > `ST=` when it names them; a joint document needs every joint issuer's seal and signer too; countersignatures
        /// > change nothing. Anything less is accepted as REFERENCE_ONLY, with the reason in `Document.legal_value_reason`.
        /// > 
        /// > Timeliness (Art. 13.1) is recorded, never refused: a normal document is on time if it reaches the platform on its
        /// > signing day or by 12:00 (Vietnam time) of the next working day on the Vietnamese calendar (weekends, public
        /// > holidays and days in lieu are skipped; signed Friday 17:00 before a holiday Monday, the deadline is Tuesday
        /// > 12:00); an urgent one (priority 1 and above) within one hour of signing. See `Document.timeliness`.
        /// > 
        /// > Revoking, updating and replacing (Art. 15.3–15.4) are sends too: a document whose header has `business_type`
        /// > REVOKE, UPDATE or REPLACE and names the earlier document in `related_document_id` (see `BusinessType`). Only
        /// > that document's sender may do so: a `related_document_id` that starts with another organisation's id is
        /// > INVALID_ARGUMENT naming that field (a document id begins with its sender's id, so this needs no lookup — a
        /// > recipient cannot revoke or update what it received, whatever it holds); one of your own ids that names no
        /// > document you sent is NOT_FOUND; a document that is revoked, superseded by a newer version, or itself a
        /// > revocation is FAILED_PRECONDITION, and so is an update or replacement of a document that has 100 versions
        /// > already. The new document, its deliveries and what it does to the earlier document's copies are committed
        /// > together.
        /// > 
        /// > Large documents: a document with more than 1 MiB of attachments is written while its chunks stream in, in a
        /// > transaction that holds one of the replica's database connections. At most `VDXP_EXCHANGE_STREAMED_SENDS` such
        /// > sends stream into one replica at once (half its connections by default), and one member at most a third of them
        /// > (at least one); beyond, RESOURCE_EXHAUSTED at once, before any chunk is read: send again when one of yours is
        /// > done. Documents of 1 MiB or less are read whole first and are not limited so.
        /// > 
        /// > Every send, large or small, must send each message — its first too — within `VDXP_EXCHANGE_CHUNK_WAIT_SECONDS`
        /// > (30 s by default), and all its `n` bytes of attachments within that wait plus `n` /
        /// > `VDXP_EXCHANGE_MINIMUM_UPLOAD_KIB_PER_SECOND` (64 KiB/s by default: 256 MiB within 69 minutes); otherwise it is
        /// > abandoned with DEADLINE_EXCEEDED and nothing is stored: stream the chunks without pause.
        ///
        /// - Parameters:
        ///   - request: A stream of `Vdxp_Exchange_V1_SendDocumentRequest` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A `Vdxp_Exchange_V1_SendDocumentResponse` to respond with.
        func sendDocument(
            request: GRPCCore.RPCAsyncSequence<Vdxp_Exchange_V1_SendDocumentRequest, any Swift.Error>,
            context: GRPCCore.ServerContext
        ) async throws -> Vdxp_Exchange_V1_SendDocumentResponse

        /// Handle the "DownloadAttachment" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Downloads one attachment of a document the caller sent or received (server streaming), in chunks of at most
        /// > 1 MiB, in order. The first message also carries the attachment's descriptor; check the SHA-256 as you go. A
        /// > recipient whose copy the sender retracted (Art. 15.1) is refused with FAILED_PRECONDITION.
        ///
        /// - Parameters:
        ///   - request: A `Vdxp_Exchange_V1_DownloadAttachmentRequest` message.
        ///   - response: A response stream of `Vdxp_Exchange_V1_DownloadAttachmentResponse` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        func downloadAttachment(
            request: Vdxp_Exchange_V1_DownloadAttachmentRequest,
            response: GRPCCore.RPCWriter<Vdxp_Exchange_V1_DownloadAttachmentResponse>,
            context: GRPCCore.ServerContext
        ) async throws

        /// Handle the "FetchInbox" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Leases up to `max_deliveries` of the caller's waiting inbox entries — documents and notices (`DeliveryKind`) —
        /// > highest priority first, then oldest first: a flash document overtakes everything queued. Entries whose lease
        /// > expired unacknowledged are handed out again, up to the attempt limit after which a document's delivery becomes
        /// > FAILED. Acknowledge each one before its lease expires. An answer carries at most
        /// > `VDXP_EXCHANGE_RESPONSE_BYTES` (default 3 MiB, under the 4 MiB a gRPC client receives by default) of
        /// > documents, and at least one entry: entries past it stay in the inbox for the next call, their attempt not counted.
        ///
        /// - Parameters:
        ///   - request: A `Vdxp_Exchange_V1_FetchInboxRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A `Vdxp_Exchange_V1_FetchInboxResponse` to respond with.
        func fetchInbox(
            request: Vdxp_Exchange_V1_FetchInboxRequest,
            context: GRPCCore.ServerContext
        ) async throws -> Vdxp_Exchange_V1_FetchInboxResponse

        /// Handle the "SubscribeInbox" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Streams the caller's deliveries as they arrive (server streaming), leased like `FetchInbox`: first those
        /// > waiting, highest priority first, then each new one as soon as it is committed. Resumable: after a disconnect,
        /// > subscribe again — acknowledged deliveries are never sent again, unacknowledged ones come back within 10 s of
        /// > their lease's expiry. The stream ends when the server shuts down, or with PERMISSION_DENIED (UNAVAILABLE) within
        /// > 10 s of when a new call would be refused so: the caller suspended or cut off since it subscribed (Art. 9.4–9.5),
        /// > or the platform's configuration expired. Exchange pings a connection silent for 60 s and closes it if no answer
        /// > comes within 20 s; a client may send its own keepalive pings every 10 s or more while a call is open.
        ///
        /// - Parameters:
        ///   - request: A `Vdxp_Exchange_V1_SubscribeInboxRequest` message.
        ///   - response: A response stream of `Vdxp_Exchange_V1_SubscribeInboxResponse` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        func subscribeInbox(
            request: Vdxp_Exchange_V1_SubscribeInboxRequest,
            response: GRPCCore.RPCWriter<Vdxp_Exchange_V1_SubscribeInboxResponse>,
            context: GRPCCore.ServerContext
        ) async throws

        /// Handle the "AcknowledgeDelivery" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Confirms receipt of an inbox entry: it becomes ACKNOWLEDGED; for a document the recipient's status becomes
        /// > 01 ARRIVED, handled by the recipient's document system (`StatusChange.handler`). For a revoking document this
        /// > only says the order arrived: the revocation is confirmed by `ConfirmRevocation` (Art. 15.3).
        /// > Idempotent: acknowledging again returns the same delivery. Only the recipient may acknowledge. Acknowledging
        /// > after the lease expired is accepted as long as the entry did not fail, even if it was handed out again meanwhile
        /// > (the recipient has it either way; the other lease's acknowledgement then returns the same delivery); a WITHDRAWN
        /// > or FAILED one is FAILED_PRECONDITION (a delivery not acknowledged by its `acknowledge_deadline` fails, Art. 13.2).
        ///
        /// - Parameters:
        ///   - request: A `Vdxp_Exchange_V1_AcknowledgeDeliveryRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A `Vdxp_Exchange_V1_Delivery` to respond with.
        func acknowledgeDelivery(
            request: Vdxp_Exchange_V1_AcknowledgeDeliveryRequest,
            context: GRPCCore.ServerContext
        ) async throws -> Vdxp_Exchange_V1_Delivery

        /// Handle the "UpdateDocumentStatus" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Reports the recipient's handling of a document: 03 REGISTERED, 04 ASSIGNED, 05 PROCESSING or 06 COMPLETED,
        /// > with time and handler (Art. 14.3). Statuses only move forward: 01 → 03 → 04 → 05 → 06, where only 04 may be
        /// > left out. Art. 14.3 names the minimum chain the sender receives — arrived, registered, processing, completed —
        /// > so a skip is refused, not filled in: 06 straight after 03 or 04 is FAILED_PRECONDITION asking for 05 first.
        /// > Anything else, including reporting before acknowledging, or on a copy that is no longer CURRENT (retracted,
        /// > revoked, superseded, removed), is FAILED_PRECONDITION. A report that repeats the copy's latest one — its
        /// > status, handler and comment, and its `status_time` when given — is a retry whose answer was lost: it is answered
        /// > with the copy's state and recorded nothing more.
        ///
        /// - Parameters:
        ///   - request: A `Vdxp_Exchange_V1_UpdateDocumentStatusRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A `Vdxp_Exchange_V1_RecipientState` to respond with.
        func updateDocumentStatus(
            request: Vdxp_Exchange_V1_UpdateDocumentStatusRequest,
            context: GRPCCore.ServerContext
        ) async throws -> Vdxp_Exchange_V1_RecipientState

        /// Handle the "RejectDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Refuses a document (02 REJECTED, Art. 15.2) after acknowledging it and before registering it. The reason is
        /// > mandatory and is sent back to the sender. Its time is when the platform records it. Refusing again with the same
        /// > reason and handler (a retry whose answer was lost) is answered with the copy's state and recorded nothing more.
        ///
        /// - Parameters:
        ///   - request: A `Vdxp_Exchange_V1_RejectDocumentRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A `Vdxp_Exchange_V1_RecipientState` to respond with.
        func rejectDocument(
            request: Vdxp_Exchange_V1_RejectDocumentRequest,
            context: GRPCCore.ServerContext
        ) async throws -> Vdxp_Exchange_V1_RecipientState

        /// Handle the "GetDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Returns a document the caller sent (with every recipient's state and history) or received (with its own).
        /// > Asked for any version of an updated or replaced document, it returns the current version the caller may see,
        /// > with the lineage in `versions`, unless `exact_version` is set or a `version` is asked. A document id under which
        /// > an UPDATE kept the id names several versions: `version` picks one (NOT_FOUND if the caller may not see it), else
        /// > the latest of them the caller may see. A recipient whose copy was retracted gets the document without its content
        /// > (`Document.content_withheld`).
        ///
        /// - Parameters:
        ///   - request: A `Vdxp_Exchange_V1_GetDocumentRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A `Vdxp_Exchange_V1_Document` to respond with.
        func getDocument(
            request: Vdxp_Exchange_V1_GetDocumentRequest,
            context: GRPCCore.ServerContext
        ) async throws -> Vdxp_Exchange_V1_Document

        /// Handle the "ListSentDocuments" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the documents the caller sent, newest first, with every recipient's state. A page ends early, before
        /// > `page_size`, once it holds `VDXP_EXCHANGE_RESPONSE_BYTES` (default 3 MiB; a document to hundreds of recipients
        /// > is large): follow `next_page_token` as always. The same holds for `ListReceivedDocuments`.
        ///
        /// - Parameters:
        ///   - request: A `Vdxp_Exchange_V1_ListSentDocumentsRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A `Vdxp_Exchange_V1_ListSentDocumentsResponse` to respond with.
        func listSentDocuments(
            request: Vdxp_Exchange_V1_ListSentDocumentsRequest,
            context: GRPCCore.ServerContext
        ) async throws -> Vdxp_Exchange_V1_ListSentDocumentsResponse

        /// Handle the "ListReceivedDocuments" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the documents addressed to the caller, newest first, each with the caller's own copy only — acknowledged
        /// > or not: the inbox (`FetchInbox`) holds what is still to be fetched, this list everything the caller may open
        /// > with `GetDocument`. A copy that was since retracted, revoked or superseded stays listed with that state
        /// > (`recipients[0].disposition`). Each version of an updated or replaced document is its own entry.
        ///
        /// - Parameters:
        ///   - request: A `Vdxp_Exchange_V1_ListReceivedDocumentsRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A `Vdxp_Exchange_V1_ListReceivedDocumentsResponse` to respond with.
        func listReceivedDocuments(
            request: Vdxp_Exchange_V1_ListReceivedDocumentsRequest,
            context: GRPCCore.ServerContext
        ) async throws -> Vdxp_Exchange_V1_ListReceivedDocumentsResponse

        /// Handle the "WatchDocumentStatus" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Follows a document the caller sent (server streaming) — the latest version sent under `document_id` when the
        /// > stream starts (an UPDATE that keeps the id supersedes it, which settles its recipients): at once the current
        /// > state of every recipient, then one event per change (delivery acknowledged or failed, status reported, retract
        /// > requested or answered, copy revoked or superseded, revocation confirmed). The stream ends when the server shuts
        /// > down or when every recipient is settled: a final status (02, 06, 15), a copy no longer current (retracted,
        /// > superseded, removed, or revoked once the revocation is confirmed); and, like `SubscribeInbox`, with the refusal a
        /// > new call would get once the caller is suspended or cut off.
        ///
        /// - Parameters:
        ///   - request: A `Vdxp_Exchange_V1_WatchDocumentStatusRequest` message.
        ///   - response: A response stream of `Vdxp_Exchange_V1_DocumentStatusEvent` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        func watchDocumentStatus(
            request: Vdxp_Exchange_V1_WatchDocumentStatusRequest,
            response: GRPCCore.RPCWriter<Vdxp_Exchange_V1_DocumentStatusEvent>,
            context: GRPCCore.ServerContext
        ) async throws

        /// Handle the "RetractDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Takes a document back (lấy lại, Art. 15.1) from some or all of its recipients. Only its sender may, and only
        /// > the current version of a document that is not a revocation and not revoked. For each recipient:
        /// > - not yet registered (no 03; and not 02 REJECTED): retracted at once — copy RETRACTED with the reason in
        /// >   `disposition_reason`, and no status (15 is the recipient's agreement, which this does not need); an
        /// >   unacknowledged delivery is WITHDRAWN (it disappears from the inbox), and a recipient that may already hold the
        /// >   document gets a RETRACTED notice;
        /// > - registered (03–06): a retract request (13) is recorded and sent as a RETRACT_REQUESTED notice; the recipient
        /// >   accepts (15) or refuses (16) with `AnswerRetractRequest`.
        /// > A named recipient whose copy is not current, that rejected the document, that already has an open request, or
        /// > that has refused 5 requests already (a copy is asked at most 5 times) is FAILED_PRECONDITION (and nothing is
        /// > done); with no recipients named, those are skipped. Once its copy is
        /// > RETRACTED (at once, or by its agreement), the recipient can no longer read the document: `GetDocument` and the
        /// > lists show it with `content_withheld`, and `DownloadAttachment` is FAILED_PRECONDITION. Not idempotent: a retry
        /// > after a lost answer is FAILED_PRECONDITION for a recipient the first call retracted or asked ("retracted
        /// > already", "a retract request is still open"), and with no recipients named it acts on whoever is left — read
        /// > the document's recipients (`GetDocument`) before calling again.
        ///
        /// - Parameters:
        ///   - request: A `Vdxp_Exchange_V1_RetractDocumentRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A `Vdxp_Exchange_V1_RetractDocumentResponse` to respond with.
        func retractDocument(
            request: Vdxp_Exchange_V1_RetractDocumentRequest,
            context: GRPCCore.ServerContext
        ) async throws -> Vdxp_Exchange_V1_RetractDocumentResponse

        /// Handle the "AnswerRetractRequest" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Answers a retract request addressed to the caller (recipient): accept (15, the copy becomes RETRACTED) or
        /// > refuse (16, with a reason). Each answer names its request, so several requests are never confused. A request
        /// > already answered is FAILED_PRECONDITION.
        ///
        /// - Parameters:
        ///   - request: A `Vdxp_Exchange_V1_AnswerRetractRequestRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A `Vdxp_Exchange_V1_RecipientState` to respond with.
        func answerRetractRequest(
            request: Vdxp_Exchange_V1_AnswerRetractRequestRequest,
            context: GRPCCore.ServerContext
        ) async throws -> Vdxp_Exchange_V1_RecipientState

        /// Handle the "ConfirmRevocation" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Confirms to the sender that the caller (a recipient) handled a revocation (thu hồi, Art. 15.3; QĐ 28 Art. 9.2):
        /// > it marked its copy of the revoked document revoked and stopped handling it. `document_id` is the revoked
        /// > document, not the revoking one. This explicit report, with who handled it, is the confirmation: acknowledging
        /// > the revoking document only says the order arrived, and must come first (FAILED_PRECONDITION otherwise). The
        /// > sender sees `RecipientState.revocation_confirm_time` and `revocation_confirm_handler` on the revoked document.
        /// > Confirming again returns the state of the first confirmation. A copy that is not REVOKED is FAILED_PRECONDITION;
        /// > a document the caller did not receive is NOT_FOUND.
        ///
        /// - Parameters:
        ///   - request: A `Vdxp_Exchange_V1_ConfirmRevocationRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A `Vdxp_Exchange_V1_RecipientState` to respond with.
        func confirmRevocation(
            request: Vdxp_Exchange_V1_ConfirmRevocationRequest,
            context: GRPCCore.ServerContext
        ) async throws -> Vdxp_Exchange_V1_RecipientState

        /// Handle the "ListFailedDeliveries" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the caller's documents whose delivery to a recipient FAILED (Art. 13.2), most recently failed first, each
        /// > with why (`RecipientState.fail_reason`: attempts used up, not acknowledged by `acknowledge_deadline` — the
        /// > configured time after sending and the end of the recipient's working day at the latest — or the recipient no
        /// > longer connected or closed, with its successor in `successor_organisation_id`).
        ///
        /// - Parameters:
        ///   - request: A `Vdxp_Exchange_V1_ListFailedDeliveriesRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A `Vdxp_Exchange_V1_ListFailedDeliveriesResponse` to respond with.
        func listFailedDeliveries(
            request: Vdxp_Exchange_V1_ListFailedDeliveriesRequest,
            context: GRPCCore.ServerContext
        ) async throws -> Vdxp_Exchange_V1_ListFailedDeliveriesResponse

        /// Handle the "RetryDelivery" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Puts a FAILED delivery of a document the caller sent back in the recipient's inbox, with a fresh attempt
        /// > count and a fresh acknowledgement deadline counted from now (Art. 13.2: the sender handles a failure). Anything
        /// > but a FAILED delivery is FAILED_PRECONDITION; so is a recipient that is not TRIAL or OFFICIAL now (a closed one
        /// > is told with its successor: send the document there instead).
        ///
        /// - Parameters:
        ///   - request: A `Vdxp_Exchange_V1_RetryDeliveryRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A `Vdxp_Exchange_V1_RecipientState` to respond with.
        func retryDelivery(
            request: Vdxp_Exchange_V1_RetryDeliveryRequest,
            context: GRPCCore.ServerContext
        ) async throws -> Vdxp_Exchange_V1_RecipientState

        /// Handle the "StreamJournal" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Streams the journal in chain order from just after `after_sequence` (server streaming), then follows new entries
        /// > as they are chained — or, with `until_head`, ends once the entries chained when the call began are sent. Platform
        /// > services (Search, Report, Monitoring) and operators (the audit, `vdxp audit verify`); members get
        /// > PERMISSION_DENIED. Resume with the last `sequence` you processed; replay from 0 to rebuild a projection. An
        /// > `after_sequence` past the last chained entry is FAILED_PRECONDITION: the journal was restored to an earlier point
        /// > (or the cursor is another platform's), and a projection that holds entries it no longer has must be rebuilt.
        ///
        /// - Parameters:
        ///   - request: A `Vdxp_Exchange_V1_StreamJournalRequest` message.
        ///   - response: A response stream of `Vdxp_Exchange_V1_JournalEntry` messages.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        func streamJournal(
            request: Vdxp_Exchange_V1_StreamJournalRequest,
            response: GRPCCore.RPCWriter<Vdxp_Exchange_V1_JournalEntry>,
            context: GRPCCore.ServerContext
        ) async throws

        /// Handle the "ListJournalSeals" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the journal's seals (`JournalSeal`, Art. 5.3) in sequence order, those sealing entries after
        /// > `after_sequence`, at most `page_size` (1 to 1000, default 100): page on with the last seal's sequence. Operators
        /// > and platform services; members get PERMISSION_DENIED. INVALID_ARGUMENT for a negative `after_sequence` or a
        /// > `page_size` out of range.
        ///
        /// - Parameters:
        ///   - request: A `Vdxp_Exchange_V1_ListJournalSealsRequest` message.
        ///   - context: Context providing information about the RPC.
        /// - Throws: Any error which occurred during the processing of the request. Thrown errors
        ///     of type `RPCError` are mapped to appropriate statuses. All other errors are converted
        ///     to an internal error.
        /// - Returns: A `Vdxp_Exchange_V1_ListJournalSealsResponse` to respond with.
        func listJournalSeals(
            request: Vdxp_Exchange_V1_ListJournalSealsRequest,
            context: GRPCCore.ServerContext
        ) async throws -> Vdxp_Exchange_V1_ListJournalSealsResponse
    }
}

// Default implementation of 'registerMethods(with:)'.
@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
extension Vdxp_Exchange_V1_ExchangeService.StreamingServiceProtocol {
    public func registerMethods<Transport>(with router: inout GRPCCore.RPCRouter<Transport>) where Transport: GRPCCore.ServerTransport {
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.SendDocument.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_SendDocumentRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_SendDocumentResponse>(),
            handler: { request, context in
                try await self.sendDocument(
                    request: request,
                    context: context
                )
            }
        )
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.DownloadAttachment.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_DownloadAttachmentRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_DownloadAttachmentResponse>(),
            handler: { request, context in
                try await self.downloadAttachment(
                    request: request,
                    context: context
                )
            }
        )
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.FetchInbox.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_FetchInboxRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_FetchInboxResponse>(),
            handler: { request, context in
                try await self.fetchInbox(
                    request: request,
                    context: context
                )
            }
        )
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.SubscribeInbox.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_SubscribeInboxRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_SubscribeInboxResponse>(),
            handler: { request, context in
                try await self.subscribeInbox(
                    request: request,
                    context: context
                )
            }
        )
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.AcknowledgeDelivery.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_AcknowledgeDeliveryRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_Delivery>(),
            handler: { request, context in
                try await self.acknowledgeDelivery(
                    request: request,
                    context: context
                )
            }
        )
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.UpdateDocumentStatus.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_UpdateDocumentStatusRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_RecipientState>(),
            handler: { request, context in
                try await self.updateDocumentStatus(
                    request: request,
                    context: context
                )
            }
        )
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.RejectDocument.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_RejectDocumentRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_RecipientState>(),
            handler: { request, context in
                try await self.rejectDocument(
                    request: request,
                    context: context
                )
            }
        )
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.GetDocument.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_GetDocumentRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_Document>(),
            handler: { request, context in
                try await self.getDocument(
                    request: request,
                    context: context
                )
            }
        )
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.ListSentDocuments.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_ListSentDocumentsRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_ListSentDocumentsResponse>(),
            handler: { request, context in
                try await self.listSentDocuments(
                    request: request,
                    context: context
                )
            }
        )
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.ListReceivedDocuments.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_ListReceivedDocumentsRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_ListReceivedDocumentsResponse>(),
            handler: { request, context in
                try await self.listReceivedDocuments(
                    request: request,
                    context: context
                )
            }
        )
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.WatchDocumentStatus.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_WatchDocumentStatusRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_DocumentStatusEvent>(),
            handler: { request, context in
                try await self.watchDocumentStatus(
                    request: request,
                    context: context
                )
            }
        )
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.RetractDocument.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_RetractDocumentRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_RetractDocumentResponse>(),
            handler: { request, context in
                try await self.retractDocument(
                    request: request,
                    context: context
                )
            }
        )
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.AnswerRetractRequest.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_AnswerRetractRequestRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_RecipientState>(),
            handler: { request, context in
                try await self.answerRetractRequest(
                    request: request,
                    context: context
                )
            }
        )
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.ConfirmRevocation.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_ConfirmRevocationRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_RecipientState>(),
            handler: { request, context in
                try await self.confirmRevocation(
                    request: request,
                    context: context
                )
            }
        )
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.ListFailedDeliveries.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_ListFailedDeliveriesRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_ListFailedDeliveriesResponse>(),
            handler: { request, context in
                try await self.listFailedDeliveries(
                    request: request,
                    context: context
                )
            }
        )
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.RetryDelivery.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_RetryDeliveryRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_RecipientState>(),
            handler: { request, context in
                try await self.retryDelivery(
                    request: request,
                    context: context
                )
            }
        )
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.StreamJournal.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_StreamJournalRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_JournalEntry>(),
            handler: { request, context in
                try await self.streamJournal(
                    request: request,
                    context: context
                )
            }
        )
        router.registerHandler(
            forMethod: Vdxp_Exchange_V1_ExchangeService.Method.ListJournalSeals.descriptor,
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_ListJournalSealsRequest>(),
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_ListJournalSealsResponse>(),
            handler: { request, context in
                try await self.listJournalSeals(
                    request: request,
                    context: context
                )
            }
        )
    }
}

// Default implementation of streaming methods from 'StreamingServiceProtocol'.
@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
extension Vdxp_Exchange_V1_ExchangeService.ServiceProtocol {
    public func sendDocument(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_SendDocumentRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_SendDocumentResponse> {
        let response = try await self.sendDocument(
            request: request,
            context: context
        )
        return GRPCCore.StreamingServerResponse(single: response)
    }

    public func downloadAttachment(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_DownloadAttachmentRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_DownloadAttachmentResponse> {
        let response = try await self.downloadAttachment(
            request: GRPCCore.ServerRequest(stream: request),
            context: context
        )
        return response
    }

    public func fetchInbox(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_FetchInboxRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_FetchInboxResponse> {
        let response = try await self.fetchInbox(
            request: GRPCCore.ServerRequest(stream: request),
            context: context
        )
        return GRPCCore.StreamingServerResponse(single: response)
    }

    public func subscribeInbox(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_SubscribeInboxRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_SubscribeInboxResponse> {
        let response = try await self.subscribeInbox(
            request: GRPCCore.ServerRequest(stream: request),
            context: context
        )
        return response
    }

    public func acknowledgeDelivery(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_AcknowledgeDeliveryRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_Delivery> {
        let response = try await self.acknowledgeDelivery(
            request: GRPCCore.ServerRequest(stream: request),
            context: context
        )
        return GRPCCore.StreamingServerResponse(single: response)
    }

    public func updateDocumentStatus(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_UpdateDocumentStatusRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_RecipientState> {
        let response = try await self.updateDocumentStatus(
            request: GRPCCore.ServerRequest(stream: request),
            context: context
        )
        return GRPCCore.StreamingServerResponse(single: response)
    }

    public func rejectDocument(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_RejectDocumentRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_RecipientState> {
        let response = try await self.rejectDocument(
            request: GRPCCore.ServerRequest(stream: request),
            context: context
        )
        return GRPCCore.StreamingServerResponse(single: response)
    }

    public func getDocument(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_GetDocumentRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_Document> {
        let response = try await self.getDocument(
            request: GRPCCore.ServerRequest(stream: request),
            context: context
        )
        return GRPCCore.StreamingServerResponse(single: response)
    }

    public func listSentDocuments(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_ListSentDocumentsRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_ListSentDocumentsResponse> {
        let response = try await self.listSentDocuments(
            request: GRPCCore.ServerRequest(stream: request),
            context: context
        )
        return GRPCCore.StreamingServerResponse(single: response)
    }

    public func listReceivedDocuments(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_ListReceivedDocumentsRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_ListReceivedDocumentsResponse> {
        let response = try await self.listReceivedDocuments(
            request: GRPCCore.ServerRequest(stream: request),
            context: context
        )
        return GRPCCore.StreamingServerResponse(single: response)
    }

    public func watchDocumentStatus(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_WatchDocumentStatusRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_DocumentStatusEvent> {
        let response = try await self.watchDocumentStatus(
            request: GRPCCore.ServerRequest(stream: request),
            context: context
        )
        return response
    }

    public func retractDocument(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_RetractDocumentRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_RetractDocumentResponse> {
        let response = try await self.retractDocument(
            request: GRPCCore.ServerRequest(stream: request),
            context: context
        )
        return GRPCCore.StreamingServerResponse(single: response)
    }

    public func answerRetractRequest(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_AnswerRetractRequestRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_RecipientState> {
        let response = try await self.answerRetractRequest(
            request: GRPCCore.ServerRequest(stream: request),
            context: context
        )
        return GRPCCore.StreamingServerResponse(single: response)
    }

    public func confirmRevocation(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_ConfirmRevocationRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_RecipientState> {
        let response = try await self.confirmRevocation(
            request: GRPCCore.ServerRequest(stream: request),
            context: context
        )
        return GRPCCore.StreamingServerResponse(single: response)
    }

    public func listFailedDeliveries(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_ListFailedDeliveriesRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_ListFailedDeliveriesResponse> {
        let response = try await self.listFailedDeliveries(
            request: GRPCCore.ServerRequest(stream: request),
            context: context
        )
        return GRPCCore.StreamingServerResponse(single: response)
    }

    public func retryDelivery(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_RetryDeliveryRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_RecipientState> {
        let response = try await self.retryDelivery(
            request: GRPCCore.ServerRequest(stream: request),
            context: context
        )
        return GRPCCore.StreamingServerResponse(single: response)
    }

    public func streamJournal(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_StreamJournalRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_JournalEntry> {
        let response = try await self.streamJournal(
            request: GRPCCore.ServerRequest(stream: request),
            context: context
        )
        return response
    }

    public func listJournalSeals(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_ListJournalSealsRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_ListJournalSealsResponse> {
        let response = try await self.listJournalSeals(
            request: GRPCCore.ServerRequest(stream: request),
            context: context
        )
        return GRPCCore.StreamingServerResponse(single: response)
    }
}

// Default implementation of methods from 'ServiceProtocol'.
@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
extension Vdxp_Exchange_V1_ExchangeService.SimpleServiceProtocol {
    public func sendDocument(
        request: GRPCCore.StreamingServerRequest<Vdxp_Exchange_V1_SendDocumentRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_SendDocumentResponse> {
        return GRPCCore.ServerResponse<Vdxp_Exchange_V1_SendDocumentResponse>(
            message: try await self.sendDocument(
                request: request.messages,
                context: context
            ),
            metadata: [:]
        )
    }

    public func downloadAttachment(
        request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_DownloadAttachmentRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_DownloadAttachmentResponse> {
        return GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_DownloadAttachmentResponse>(
            metadata: [:],
            producer: { writer in
                try await self.downloadAttachment(
                    request: request.message,
                    response: writer,
                    context: context
                )
                return [:]
            }
        )
    }

    public func fetchInbox(
        request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_FetchInboxRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_FetchInboxResponse> {
        return GRPCCore.ServerResponse<Vdxp_Exchange_V1_FetchInboxResponse>(
            message: try await self.fetchInbox(
                request: request.message,
                context: context
            ),
            metadata: [:]
        )
    }

    public func subscribeInbox(
        request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_SubscribeInboxRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_SubscribeInboxResponse> {
        return GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_SubscribeInboxResponse>(
            metadata: [:],
            producer: { writer in
                try await self.subscribeInbox(
                    request: request.message,
                    response: writer,
                    context: context
                )
                return [:]
            }
        )
    }

    public func acknowledgeDelivery(
        request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_AcknowledgeDeliveryRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_Delivery> {
        return GRPCCore.ServerResponse<Vdxp_Exchange_V1_Delivery>(
            message: try await self.acknowledgeDelivery(
                request: request.message,
                context: context
            ),
            metadata: [:]
        )
    }

    public func updateDocumentStatus(
        request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_UpdateDocumentStatusRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_RecipientState> {
        return GRPCCore.ServerResponse<Vdxp_Exchange_V1_RecipientState>(
            message: try await self.updateDocumentStatus(
                request: request.message,
                context: context
            ),
            metadata: [:]
        )
    }

    public func rejectDocument(
        request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_RejectDocumentRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_RecipientState> {
        return GRPCCore.ServerResponse<Vdxp_Exchange_V1_RecipientState>(
            message: try await self.rejectDocument(
                request: request.message,
                context: context
            ),
            metadata: [:]
        )
    }

    public func getDocument(
        request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_GetDocumentRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_Document> {
        return GRPCCore.ServerResponse<Vdxp_Exchange_V1_Document>(
            message: try await self.getDocument(
                request: request.message,
                context: context
            ),
            metadata: [:]
        )
    }

    public func listSentDocuments(
        request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_ListSentDocumentsRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_ListSentDocumentsResponse> {
        return GRPCCore.ServerResponse<Vdxp_Exchange_V1_ListSentDocumentsResponse>(
            message: try await self.listSentDocuments(
                request: request.message,
                context: context
            ),
            metadata: [:]
        )
    }

    public func listReceivedDocuments(
        request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_ListReceivedDocumentsRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_ListReceivedDocumentsResponse> {
        return GRPCCore.ServerResponse<Vdxp_Exchange_V1_ListReceivedDocumentsResponse>(
            message: try await self.listReceivedDocuments(
                request: request.message,
                context: context
            ),
            metadata: [:]
        )
    }

    public func watchDocumentStatus(
        request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_WatchDocumentStatusRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_DocumentStatusEvent> {
        return GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_DocumentStatusEvent>(
            metadata: [:],
            producer: { writer in
                try await self.watchDocumentStatus(
                    request: request.message,
                    response: writer,
                    context: context
                )
                return [:]
            }
        )
    }

    public func retractDocument(
        request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_RetractDocumentRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_RetractDocumentResponse> {
        return GRPCCore.ServerResponse<Vdxp_Exchange_V1_RetractDocumentResponse>(
            message: try await self.retractDocument(
                request: request.message,
                context: context
            ),
            metadata: [:]
        )
    }

    public func answerRetractRequest(
        request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_AnswerRetractRequestRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_RecipientState> {
        return GRPCCore.ServerResponse<Vdxp_Exchange_V1_RecipientState>(
            message: try await self.answerRetractRequest(
                request: request.message,
                context: context
            ),
            metadata: [:]
        )
    }

    public func confirmRevocation(
        request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_ConfirmRevocationRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_RecipientState> {
        return GRPCCore.ServerResponse<Vdxp_Exchange_V1_RecipientState>(
            message: try await self.confirmRevocation(
                request: request.message,
                context: context
            ),
            metadata: [:]
        )
    }

    public func listFailedDeliveries(
        request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_ListFailedDeliveriesRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_ListFailedDeliveriesResponse> {
        return GRPCCore.ServerResponse<Vdxp_Exchange_V1_ListFailedDeliveriesResponse>(
            message: try await self.listFailedDeliveries(
                request: request.message,
                context: context
            ),
            metadata: [:]
        )
    }

    public func retryDelivery(
        request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_RetryDeliveryRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_RecipientState> {
        return GRPCCore.ServerResponse<Vdxp_Exchange_V1_RecipientState>(
            message: try await self.retryDelivery(
                request: request.message,
                context: context
            ),
            metadata: [:]
        )
    }

    public func streamJournal(
        request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_StreamJournalRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_JournalEntry> {
        return GRPCCore.StreamingServerResponse<Vdxp_Exchange_V1_JournalEntry>(
            metadata: [:],
            producer: { writer in
                try await self.streamJournal(
                    request: request.message,
                    response: writer,
                    context: context
                )
                return [:]
            }
        )
    }

    public func listJournalSeals(
        request: GRPCCore.ServerRequest<Vdxp_Exchange_V1_ListJournalSealsRequest>,
        context: GRPCCore.ServerContext
    ) async throws -> GRPCCore.ServerResponse<Vdxp_Exchange_V1_ListJournalSealsResponse> {
        return GRPCCore.ServerResponse<Vdxp_Exchange_V1_ListJournalSealsResponse>(
            message: try await self.listJournalSeals(
                request: request.message,
                context: context
            ),
            metadata: [:]
        )
    }
}

// MARK: vdxp.exchange.v1.ExchangeService (client)

@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
extension Vdxp_Exchange_V1_ExchangeService {
    /// Generated client protocol for the "vdxp.exchange.v1.ExchangeService" service.
    ///
    /// You don't need to implement this protocol directly, use the generated
    /// implementation, ``Client``.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Sending, receiving and following documents.
    public protocol ClientProtocol: Sendable {
        /// Call the "SendDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Sends a signed document with its attachments (client streaming).
        /// > 
        /// > The first message carries the `SignedDocument`; then come the attachments' bytes as `AttachmentChunk`s, in
        /// > header order, each attachment's chunks in order, every chunk 1 byte to 1 MiB and, but for each attachment's
        /// > last, at least 64 KiB (INVALID_ARGUMENT naming `chunk.data` otherwise). Exchange checks the signature
        /// > and header before reading any attachment and answers at once if they fail; it checks each attachment's size and
        /// > SHA-256 as it arrives. The answer comes only after the document, one delivery per recipient and the journal
        /// > entries are committed together: an OK means the platform holds the document.
        /// > 
        /// > Idempotent on the document id and the signed bytes: sending the same header and signatures again returns the
        /// > original answer (of that version) with `duplicate = true` (attachments sent along are read and discarded;
        /// > sending none is fine); other bytes under an existing id — including the same header signed again — are refused
        /// > with ALREADY_EXISTS, unless they are an UPDATE of that id (`related_document_id` = `document_id`, Art. 15.4),
        /// > stored as its next version. See "Retrying a send".
        /// > 
        /// > Signature failures tell you what to fix: INVALID_ARGUMENT naming `document.signatures[i]` when the document
        /// > itself is wrong (a signature that does not verify, a chain that does not lead to a trusted authority or is not
        /// > valid now, an unknown scheme, a certificate that signs twice, a second signature whose certificate is not the
        /// > competent signer's, a joint issuer's seal or signer, or a countersigner of a sealing organisation): fix the
        /// > document and sign it again. A document with no signature made with a signing certificate registered to your
        /// > organisation (no seal) is, by the platform's policy `VDXP_EXCHANGE_UNSEALED_DOCUMENTS`, carried as REFERENCE_ONLY
        /// > (the default, Art. 11.2) or refused with PERMISSION_DENIED: then fix your registration (ask the operator to
        /// > register your seal certificate with usage SIGNING), not the document. A document signed by neither your seal nor
        /// > your competent signer is PERMISSION_DENIED whatever the policy.
        /// > 
        /// > Legal value (Art. 11, document.proto): LEGALLY_VALID needs the seal and the competent signer, and the signer is
        /// > bound to your organisation: its certificate's `O=` must be your seal certificate's `O=`, in the seal's `L=` and
        /// > `ST=` when it names them; a joint document needs every joint issuer's seal and signer too; countersignatures
        /// > change nothing. Anything less is accepted as REFERENCE_ONLY, with the reason in `Document.legal_value_reason`.
        /// > 
        /// > Timeliness (Art. 13.1) is recorded, never refused: a normal document is on time if it reaches the platform on its
        /// > signing day or by 12:00 (Vietnam time) of the next working day on the Vietnamese calendar (weekends, public
        /// > holidays and days in lieu are skipped; signed Friday 17:00 before a holiday Monday, the deadline is Tuesday
        /// > 12:00); an urgent one (priority 1 and above) within one hour of signing. See `Document.timeliness`.
        /// > 
        /// > Revoking, updating and replacing (Art. 15.3–15.4) are sends too: a document whose header has `business_type`
        /// > REVOKE, UPDATE or REPLACE and names the earlier document in `related_document_id` (see `BusinessType`). Only
        /// > that document's sender may do so: a `related_document_id` that starts with another organisation's id is
        /// > INVALID_ARGUMENT naming that field (a document id begins with its sender's id, so this needs no lookup — a
        /// > recipient cannot revoke or update what it received, whatever it holds); one of your own ids that names no
        /// > document you sent is NOT_FOUND; a document that is revoked, superseded by a newer version, or itself a
        /// > revocation is FAILED_PRECONDITION, and so is an update or replacement of a document that has 100 versions
        /// > already. The new document, its deliveries and what it does to the earlier document's copies are committed
        /// > together.
        /// > 
        /// > Large documents: a document with more than 1 MiB of attachments is written while its chunks stream in, in a
        /// > transaction that holds one of the replica's database connections. At most `VDXP_EXCHANGE_STREAMED_SENDS` such
        /// > sends stream into one replica at once (half its connections by default), and one member at most a third of them
        /// > (at least one); beyond, RESOURCE_EXHAUSTED at once, before any chunk is read: send again when one of yours is
        /// > done. Documents of 1 MiB or less are read whole first and are not limited so.
        /// > 
        /// > Every send, large or small, must send each message — its first too — within `VDXP_EXCHANGE_CHUNK_WAIT_SECONDS`
        /// > (30 s by default), and all its `n` bytes of attachments within that wait plus `n` /
        /// > `VDXP_EXCHANGE_MINIMUM_UPLOAD_KIB_PER_SECOND` (64 KiB/s by default: 256 MiB within 69 minutes); otherwise it is
        /// > abandoned with DEADLINE_EXCEEDED and nothing is stored: stream the chunks without pause.
        ///
        /// - Parameters:
        ///   - request: A streaming request producing `Vdxp_Exchange_V1_SendDocumentRequest` messages.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_SendDocumentRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_SendDocumentResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func sendDocument<Result>(
            request: GRPCCore.StreamingClientRequest<Vdxp_Exchange_V1_SendDocumentRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_SendDocumentRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_SendDocumentResponse>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_SendDocumentResponse>) async throws -> Result
        ) async throws -> Result where Result: Sendable

        /// Call the "DownloadAttachment" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Downloads one attachment of a document the caller sent or received (server streaming), in chunks of at most
        /// > 1 MiB, in order. The first message also carries the attachment's descriptor; check the SHA-256 as you go. A
        /// > recipient whose copy the sender retracted (Art. 15.1) is refused with FAILED_PRECONDITION.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_DownloadAttachmentRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_DownloadAttachmentRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_DownloadAttachmentResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func downloadAttachment<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_DownloadAttachmentRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_DownloadAttachmentRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_DownloadAttachmentResponse>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.StreamingClientResponse<Vdxp_Exchange_V1_DownloadAttachmentResponse>) async throws -> Result
        ) async throws -> Result where Result: Sendable

        /// Call the "FetchInbox" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Leases up to `max_deliveries` of the caller's waiting inbox entries — documents and notices (`DeliveryKind`) —
        /// > highest priority first, then oldest first: a flash document overtakes everything queued. Entries whose lease
        /// > expired unacknowledged are handed out again, up to the attempt limit after which a document's delivery becomes
        /// > FAILED. Acknowledge each one before its lease expires. An answer carries at most
        /// > `VDXP_EXCHANGE_RESPONSE_BYTES` (default 3 MiB, under the 4 MiB a gRPC client receives by default) of
        /// > documents, and at least one entry: entries past it stay in the inbox for the next call, their attempt not counted.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_FetchInboxRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_FetchInboxRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_FetchInboxResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func fetchInbox<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_FetchInboxRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_FetchInboxRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_FetchInboxResponse>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_FetchInboxResponse>) async throws -> Result
        ) async throws -> Result where Result: Sendable

        /// Call the "SubscribeInbox" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Streams the caller's deliveries as they arrive (server streaming), leased like `FetchInbox`: first those
        /// > waiting, highest priority first, then each new one as soon as it is committed. Resumable: after a disconnect,
        /// > subscribe again — acknowledged deliveries are never sent again, unacknowledged ones come back within 10 s of
        /// > their lease's expiry. The stream ends when the server shuts down, or with PERMISSION_DENIED (UNAVAILABLE) within
        /// > 10 s of when a new call would be refused so: the caller suspended or cut off since it subscribed (Art. 9.4–9.5),
        /// > or the platform's configuration expired. Exchange pings a connection silent for 60 s and closes it if no answer
        /// > comes within 20 s; a client may send its own keepalive pings every 10 s or more while a call is open.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_SubscribeInboxRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_SubscribeInboxRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_SubscribeInboxResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func subscribeInbox<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_SubscribeInboxRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_SubscribeInboxRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_SubscribeInboxResponse>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.StreamingClientResponse<Vdxp_Exchange_V1_SubscribeInboxResponse>) async throws -> Result
        ) async throws -> Result where Result: Sendable

        /// Call the "AcknowledgeDelivery" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Confirms receipt of an inbox entry: it becomes ACKNOWLEDGED; for a document the recipient's status becomes
        /// > 01 ARRIVED, handled by the recipient's document system (`StatusChange.handler`). For a revoking document this
        /// > only says the order arrived: the revocation is confirmed by `ConfirmRevocation` (Art. 15.3).
        /// > Idempotent: acknowledging again returns the same delivery. Only the recipient may acknowledge. Acknowledging
        /// > after the lease expired is accepted as long as the entry did not fail, even if it was handed out again meanwhile
        /// > (the recipient has it either way; the other lease's acknowledgement then returns the same delivery); a WITHDRAWN
        /// > or FAILED one is FAILED_PRECONDITION (a delivery not acknowledged by its `acknowledge_deadline` fails, Art. 13.2).
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_AcknowledgeDeliveryRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_AcknowledgeDeliveryRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_Delivery` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func acknowledgeDelivery<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_AcknowledgeDeliveryRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_AcknowledgeDeliveryRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_Delivery>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_Delivery>) async throws -> Result
        ) async throws -> Result where Result: Sendable

        /// Call the "UpdateDocumentStatus" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Reports the recipient's handling of a document: 03 REGISTERED, 04 ASSIGNED, 05 PROCESSING or 06 COMPLETED,
        /// > with time and handler (Art. 14.3). Statuses only move forward: 01 → 03 → 04 → 05 → 06, where only 04 may be
        /// > left out. Art. 14.3 names the minimum chain the sender receives — arrived, registered, processing, completed —
        /// > so a skip is refused, not filled in: 06 straight after 03 or 04 is FAILED_PRECONDITION asking for 05 first.
        /// > Anything else, including reporting before acknowledging, or on a copy that is no longer CURRENT (retracted,
        /// > revoked, superseded, removed), is FAILED_PRECONDITION. A report that repeats the copy's latest one — its
        /// > status, handler and comment, and its `status_time` when given — is a retry whose answer was lost: it is answered
        /// > with the copy's state and recorded nothing more.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_UpdateDocumentStatusRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_UpdateDocumentStatusRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_RecipientState` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func updateDocumentStatus<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_UpdateDocumentStatusRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_UpdateDocumentStatusRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_RecipientState>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result
        ) async throws -> Result where Result: Sendable

        /// Call the "RejectDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Refuses a document (02 REJECTED, Art. 15.2) after acknowledging it and before registering it. The reason is
        /// > mandatory and is sent back to the sender. Its time is when the platform records it. Refusing again with the same
        /// > reason and handler (a retry whose answer was lost) is answered with the copy's state and recorded nothing more.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_RejectDocumentRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_RejectDocumentRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_RecipientState` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func rejectDocument<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_RejectDocumentRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_RejectDocumentRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_RecipientState>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result
        ) async throws -> Result where Result: Sendable

        /// Call the "GetDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Returns a document the caller sent (with every recipient's state and history) or received (with its own).
        /// > Asked for any version of an updated or replaced document, it returns the current version the caller may see,
        /// > with the lineage in `versions`, unless `exact_version` is set or a `version` is asked. A document id under which
        /// > an UPDATE kept the id names several versions: `version` picks one (NOT_FOUND if the caller may not see it), else
        /// > the latest of them the caller may see. A recipient whose copy was retracted gets the document without its content
        /// > (`Document.content_withheld`).
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_GetDocumentRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_GetDocumentRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_Document` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func getDocument<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_GetDocumentRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_GetDocumentRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_Document>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_Document>) async throws -> Result
        ) async throws -> Result where Result: Sendable

        /// Call the "ListSentDocuments" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the documents the caller sent, newest first, with every recipient's state. A page ends early, before
        /// > `page_size`, once it holds `VDXP_EXCHANGE_RESPONSE_BYTES` (default 3 MiB; a document to hundreds of recipients
        /// > is large): follow `next_page_token` as always. The same holds for `ListReceivedDocuments`.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_ListSentDocumentsRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_ListSentDocumentsRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_ListSentDocumentsResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func listSentDocuments<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_ListSentDocumentsRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_ListSentDocumentsRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_ListSentDocumentsResponse>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_ListSentDocumentsResponse>) async throws -> Result
        ) async throws -> Result where Result: Sendable

        /// Call the "ListReceivedDocuments" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the documents addressed to the caller, newest first, each with the caller's own copy only — acknowledged
        /// > or not: the inbox (`FetchInbox`) holds what is still to be fetched, this list everything the caller may open
        /// > with `GetDocument`. A copy that was since retracted, revoked or superseded stays listed with that state
        /// > (`recipients[0].disposition`). Each version of an updated or replaced document is its own entry.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_ListReceivedDocumentsRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_ListReceivedDocumentsRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_ListReceivedDocumentsResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func listReceivedDocuments<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_ListReceivedDocumentsRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_ListReceivedDocumentsRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_ListReceivedDocumentsResponse>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_ListReceivedDocumentsResponse>) async throws -> Result
        ) async throws -> Result where Result: Sendable

        /// Call the "WatchDocumentStatus" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Follows a document the caller sent (server streaming) — the latest version sent under `document_id` when the
        /// > stream starts (an UPDATE that keeps the id supersedes it, which settles its recipients): at once the current
        /// > state of every recipient, then one event per change (delivery acknowledged or failed, status reported, retract
        /// > requested or answered, copy revoked or superseded, revocation confirmed). The stream ends when the server shuts
        /// > down or when every recipient is settled: a final status (02, 06, 15), a copy no longer current (retracted,
        /// > superseded, removed, or revoked once the revocation is confirmed); and, like `SubscribeInbox`, with the refusal a
        /// > new call would get once the caller is suspended or cut off.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_WatchDocumentStatusRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_WatchDocumentStatusRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_DocumentStatusEvent` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func watchDocumentStatus<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_WatchDocumentStatusRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_WatchDocumentStatusRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_DocumentStatusEvent>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.StreamingClientResponse<Vdxp_Exchange_V1_DocumentStatusEvent>) async throws -> Result
        ) async throws -> Result where Result: Sendable

        /// Call the "RetractDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Takes a document back (lấy lại, Art. 15.1) from some or all of its recipients. Only its sender may, and only
        /// > the current version of a document that is not a revocation and not revoked. For each recipient:
        /// > - not yet registered (no 03; and not 02 REJECTED): retracted at once — copy RETRACTED with the reason in
        /// >   `disposition_reason`, and no status (15 is the recipient's agreement, which this does not need); an
        /// >   unacknowledged delivery is WITHDRAWN (it disappears from the inbox), and a recipient that may already hold the
        /// >   document gets a RETRACTED notice;
        /// > - registered (03–06): a retract request (13) is recorded and sent as a RETRACT_REQUESTED notice; the recipient
        /// >   accepts (15) or refuses (16) with `AnswerRetractRequest`.
        /// > A named recipient whose copy is not current, that rejected the document, that already has an open request, or
        /// > that has refused 5 requests already (a copy is asked at most 5 times) is FAILED_PRECONDITION (and nothing is
        /// > done); with no recipients named, those are skipped. Once its copy is
        /// > RETRACTED (at once, or by its agreement), the recipient can no longer read the document: `GetDocument` and the
        /// > lists show it with `content_withheld`, and `DownloadAttachment` is FAILED_PRECONDITION. Not idempotent: a retry
        /// > after a lost answer is FAILED_PRECONDITION for a recipient the first call retracted or asked ("retracted
        /// > already", "a retract request is still open"), and with no recipients named it acts on whoever is left — read
        /// > the document's recipients (`GetDocument`) before calling again.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_RetractDocumentRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_RetractDocumentRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_RetractDocumentResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func retractDocument<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_RetractDocumentRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_RetractDocumentRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_RetractDocumentResponse>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RetractDocumentResponse>) async throws -> Result
        ) async throws -> Result where Result: Sendable

        /// Call the "AnswerRetractRequest" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Answers a retract request addressed to the caller (recipient): accept (15, the copy becomes RETRACTED) or
        /// > refuse (16, with a reason). Each answer names its request, so several requests are never confused. A request
        /// > already answered is FAILED_PRECONDITION.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_AnswerRetractRequestRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_AnswerRetractRequestRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_RecipientState` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func answerRetractRequest<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_AnswerRetractRequestRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_AnswerRetractRequestRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_RecipientState>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result
        ) async throws -> Result where Result: Sendable

        /// Call the "ConfirmRevocation" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Confirms to the sender that the caller (a recipient) handled a revocation (thu hồi, Art. 15.3; QĐ 28 Art. 9.2):
        /// > it marked its copy of the revoked document revoked and stopped handling it. `document_id` is the revoked
        /// > document, not the revoking one. This explicit report, with who handled it, is the confirmation: acknowledging
        /// > the revoking document only says the order arrived, and must come first (FAILED_PRECONDITION otherwise). The
        /// > sender sees `RecipientState.revocation_confirm_time` and `revocation_confirm_handler` on the revoked document.
        /// > Confirming again returns the state of the first confirmation. A copy that is not REVOKED is FAILED_PRECONDITION;
        /// > a document the caller did not receive is NOT_FOUND.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_ConfirmRevocationRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_ConfirmRevocationRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_RecipientState` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func confirmRevocation<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_ConfirmRevocationRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_ConfirmRevocationRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_RecipientState>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result
        ) async throws -> Result where Result: Sendable

        /// Call the "ListFailedDeliveries" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the caller's documents whose delivery to a recipient FAILED (Art. 13.2), most recently failed first, each
        /// > with why (`RecipientState.fail_reason`: attempts used up, not acknowledged by `acknowledge_deadline` — the
        /// > configured time after sending and the end of the recipient's working day at the latest — or the recipient no
        /// > longer connected or closed, with its successor in `successor_organisation_id`).
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_ListFailedDeliveriesRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_ListFailedDeliveriesRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_ListFailedDeliveriesResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func listFailedDeliveries<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_ListFailedDeliveriesRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_ListFailedDeliveriesRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_ListFailedDeliveriesResponse>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_ListFailedDeliveriesResponse>) async throws -> Result
        ) async throws -> Result where Result: Sendable

        /// Call the "RetryDelivery" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Puts a FAILED delivery of a document the caller sent back in the recipient's inbox, with a fresh attempt
        /// > count and a fresh acknowledgement deadline counted from now (Art. 13.2: the sender handles a failure). Anything
        /// > but a FAILED delivery is FAILED_PRECONDITION; so is a recipient that is not TRIAL or OFFICIAL now (a closed one
        /// > is told with its successor: send the document there instead).
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_RetryDeliveryRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_RetryDeliveryRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_RecipientState` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func retryDelivery<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_RetryDeliveryRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_RetryDeliveryRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_RecipientState>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result
        ) async throws -> Result where Result: Sendable

        /// Call the "StreamJournal" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Streams the journal in chain order from just after `after_sequence` (server streaming), then follows new entries
        /// > as they are chained — or, with `until_head`, ends once the entries chained when the call began are sent. Platform
        /// > services (Search, Report, Monitoring) and operators (the audit, `vdxp audit verify`); members get
        /// > PERMISSION_DENIED. Resume with the last `sequence` you processed; replay from 0 to rebuild a projection. An
        /// > `after_sequence` past the last chained entry is FAILED_PRECONDITION: the journal was restored to an earlier point
        /// > (or the cursor is another platform's), and a projection that holds entries it no longer has must be rebuilt.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_StreamJournalRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_StreamJournalRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_JournalEntry` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func streamJournal<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_StreamJournalRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_StreamJournalRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_JournalEntry>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.StreamingClientResponse<Vdxp_Exchange_V1_JournalEntry>) async throws -> Result
        ) async throws -> Result where Result: Sendable

        /// Call the "ListJournalSeals" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the journal's seals (`JournalSeal`, Art. 5.3) in sequence order, those sealing entries after
        /// > `after_sequence`, at most `page_size` (1 to 1000, default 100): page on with the last seal's sequence. Operators
        /// > and platform services; members get PERMISSION_DENIED. INVALID_ARGUMENT for a negative `after_sequence` or a
        /// > `page_size` out of range.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_ListJournalSealsRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_ListJournalSealsRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_ListJournalSealsResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        func listJournalSeals<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_ListJournalSealsRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_ListJournalSealsRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_ListJournalSealsResponse>,
            options: GRPCCore.CallOptions,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_ListJournalSealsResponse>) async throws -> Result
        ) async throws -> Result where Result: Sendable
    }

    /// Generated client for the "vdxp.exchange.v1.ExchangeService" service.
    ///
    /// The ``Client`` provides an implementation of ``ClientProtocol`` which wraps
    /// a `GRPCCore.GRPCCClient`. The underlying `GRPCClient` provides the long-lived
    /// means of communication with the remote peer.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Sending, receiving and following documents.
    public struct Client<Transport>: ClientProtocol where Transport: GRPCCore.ClientTransport {
        private let client: GRPCCore.GRPCClient<Transport>

        /// Creates a new client wrapping the provided `GRPCCore.GRPCClient`.
        ///
        /// - Parameters:
        ///   - client: A `GRPCCore.GRPCClient` providing a communication channel to the service.
        public init(wrapping client: GRPCCore.GRPCClient<Transport>) {
            self.client = client
        }

        /// Call the "SendDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Sends a signed document with its attachments (client streaming).
        /// > 
        /// > The first message carries the `SignedDocument`; then come the attachments' bytes as `AttachmentChunk`s, in
        /// > header order, each attachment's chunks in order, every chunk 1 byte to 1 MiB and, but for each attachment's
        /// > last, at least 64 KiB (INVALID_ARGUMENT naming `chunk.data` otherwise). Exchange checks the signature
        /// > and header before reading any attachment and answers at once if they fail; it checks each attachment's size and
        /// > SHA-256 as it arrives. The answer comes only after the document, one delivery per recipient and the journal
        /// > entries are committed together: an OK means the platform holds the document.
        /// > 
        /// > Idempotent on the document id and the signed bytes: sending the same header and signatures again returns the
        /// > original answer (of that version) with `duplicate = true` (attachments sent along are read and discarded;
        /// > sending none is fine); other bytes under an existing id — including the same header signed again — are refused
        /// > with ALREADY_EXISTS, unless they are an UPDATE of that id (`related_document_id` = `document_id`, Art. 15.4),
        /// > stored as its next version. See "Retrying a send".
        /// > 
        /// > Signature failures tell you what to fix: INVALID_ARGUMENT naming `document.signatures[i]` when the document
        /// > itself is wrong (a signature that does not verify, a chain that does not lead to a trusted authority or is not
        /// > valid now, an unknown scheme, a certificate that signs twice, a second signature whose certificate is not the
        /// > competent signer's, a joint issuer's seal or signer, or a countersigner of a sealing organisation): fix the
        /// > document and sign it again. A document with no signature made with a signing certificate registered to your
        /// > organisation (no seal) is, by the platform's policy `VDXP_EXCHANGE_UNSEALED_DOCUMENTS`, carried as REFERENCE_ONLY
        /// > (the default, Art. 11.2) or refused with PERMISSION_DENIED: then fix your registration (ask the operator to
        /// > register your seal certificate with usage SIGNING), not the document. A document signed by neither your seal nor
        /// > your competent signer is PERMISSION_DENIED whatever the policy.
        /// > 
        /// > Legal value (Art. 11, document.proto): LEGALLY_VALID needs the seal and the competent signer, and the signer is
        /// > bound to your organisation: its certificate's `O=` must be your seal certificate's `O=`, in the seal's `L=` and
        /// > `ST=` when it names them; a joint document needs every joint issuer's seal and signer too; countersignatures
        /// > change nothing. Anything less is accepted as REFERENCE_ONLY, with the reason in `Document.legal_value_reason`.
        /// > 
        /// > Timeliness (Art. 13.1) is recorded, never refused: a normal document is on time if it reaches the platform on its
        /// > signing day or by 12:00 (Vietnam time) of the next working day on the Vietnamese calendar (weekends, public
        /// > holidays and days in lieu are skipped; signed Friday 17:00 before a holiday Monday, the deadline is Tuesday
        /// > 12:00); an urgent one (priority 1 and above) within one hour of signing. See `Document.timeliness`.
        /// > 
        /// > Revoking, updating and replacing (Art. 15.3–15.4) are sends too: a document whose header has `business_type`
        /// > REVOKE, UPDATE or REPLACE and names the earlier document in `related_document_id` (see `BusinessType`). Only
        /// > that document's sender may do so: a `related_document_id` that starts with another organisation's id is
        /// > INVALID_ARGUMENT naming that field (a document id begins with its sender's id, so this needs no lookup — a
        /// > recipient cannot revoke or update what it received, whatever it holds); one of your own ids that names no
        /// > document you sent is NOT_FOUND; a document that is revoked, superseded by a newer version, or itself a
        /// > revocation is FAILED_PRECONDITION, and so is an update or replacement of a document that has 100 versions
        /// > already. The new document, its deliveries and what it does to the earlier document's copies are committed
        /// > together.
        /// > 
        /// > Large documents: a document with more than 1 MiB of attachments is written while its chunks stream in, in a
        /// > transaction that holds one of the replica's database connections. At most `VDXP_EXCHANGE_STREAMED_SENDS` such
        /// > sends stream into one replica at once (half its connections by default), and one member at most a third of them
        /// > (at least one); beyond, RESOURCE_EXHAUSTED at once, before any chunk is read: send again when one of yours is
        /// > done. Documents of 1 MiB or less are read whole first and are not limited so.
        /// > 
        /// > Every send, large or small, must send each message — its first too — within `VDXP_EXCHANGE_CHUNK_WAIT_SECONDS`
        /// > (30 s by default), and all its `n` bytes of attachments within that wait plus `n` /
        /// > `VDXP_EXCHANGE_MINIMUM_UPLOAD_KIB_PER_SECOND` (64 KiB/s by default: 256 MiB within 69 minutes); otherwise it is
        /// > abandoned with DEADLINE_EXCEEDED and nothing is stored: stream the chunks without pause.
        ///
        /// - Parameters:
        ///   - request: A streaming request producing `Vdxp_Exchange_V1_SendDocumentRequest` messages.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_SendDocumentRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_SendDocumentResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func sendDocument<Result>(
            request: GRPCCore.StreamingClientRequest<Vdxp_Exchange_V1_SendDocumentRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_SendDocumentRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_SendDocumentResponse>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_SendDocumentResponse>) async throws -> Result = { response in
                try response.message
            }
        ) async throws -> Result where Result: Sendable {
            try await self.client.clientStreaming(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.SendDocument.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }

        /// Call the "DownloadAttachment" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Downloads one attachment of a document the caller sent or received (server streaming), in chunks of at most
        /// > 1 MiB, in order. The first message also carries the attachment's descriptor; check the SHA-256 as you go. A
        /// > recipient whose copy the sender retracted (Art. 15.1) is refused with FAILED_PRECONDITION.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_DownloadAttachmentRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_DownloadAttachmentRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_DownloadAttachmentResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func downloadAttachment<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_DownloadAttachmentRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_DownloadAttachmentRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_DownloadAttachmentResponse>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.StreamingClientResponse<Vdxp_Exchange_V1_DownloadAttachmentResponse>) async throws -> Result
        ) async throws -> Result where Result: Sendable {
            try await self.client.serverStreaming(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.DownloadAttachment.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }

        /// Call the "FetchInbox" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Leases up to `max_deliveries` of the caller's waiting inbox entries — documents and notices (`DeliveryKind`) —
        /// > highest priority first, then oldest first: a flash document overtakes everything queued. Entries whose lease
        /// > expired unacknowledged are handed out again, up to the attempt limit after which a document's delivery becomes
        /// > FAILED. Acknowledge each one before its lease expires. An answer carries at most
        /// > `VDXP_EXCHANGE_RESPONSE_BYTES` (default 3 MiB, under the 4 MiB a gRPC client receives by default) of
        /// > documents, and at least one entry: entries past it stay in the inbox for the next call, their attempt not counted.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_FetchInboxRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_FetchInboxRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_FetchInboxResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func fetchInbox<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_FetchInboxRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_FetchInboxRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_FetchInboxResponse>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_FetchInboxResponse>) async throws -> Result = { response in
                try response.message
            }
        ) async throws -> Result where Result: Sendable {
            try await self.client.unary(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.FetchInbox.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }

        /// Call the "SubscribeInbox" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Streams the caller's deliveries as they arrive (server streaming), leased like `FetchInbox`: first those
        /// > waiting, highest priority first, then each new one as soon as it is committed. Resumable: after a disconnect,
        /// > subscribe again — acknowledged deliveries are never sent again, unacknowledged ones come back within 10 s of
        /// > their lease's expiry. The stream ends when the server shuts down, or with PERMISSION_DENIED (UNAVAILABLE) within
        /// > 10 s of when a new call would be refused so: the caller suspended or cut off since it subscribed (Art. 9.4–9.5),
        /// > or the platform's configuration expired. Exchange pings a connection silent for 60 s and closes it if no answer
        /// > comes within 20 s; a client may send its own keepalive pings every 10 s or more while a call is open.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_SubscribeInboxRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_SubscribeInboxRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_SubscribeInboxResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func subscribeInbox<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_SubscribeInboxRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_SubscribeInboxRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_SubscribeInboxResponse>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.StreamingClientResponse<Vdxp_Exchange_V1_SubscribeInboxResponse>) async throws -> Result
        ) async throws -> Result where Result: Sendable {
            try await self.client.serverStreaming(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.SubscribeInbox.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }

        /// Call the "AcknowledgeDelivery" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Confirms receipt of an inbox entry: it becomes ACKNOWLEDGED; for a document the recipient's status becomes
        /// > 01 ARRIVED, handled by the recipient's document system (`StatusChange.handler`). For a revoking document this
        /// > only says the order arrived: the revocation is confirmed by `ConfirmRevocation` (Art. 15.3).
        /// > Idempotent: acknowledging again returns the same delivery. Only the recipient may acknowledge. Acknowledging
        /// > after the lease expired is accepted as long as the entry did not fail, even if it was handed out again meanwhile
        /// > (the recipient has it either way; the other lease's acknowledgement then returns the same delivery); a WITHDRAWN
        /// > or FAILED one is FAILED_PRECONDITION (a delivery not acknowledged by its `acknowledge_deadline` fails, Art. 13.2).
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_AcknowledgeDeliveryRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_AcknowledgeDeliveryRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_Delivery` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func acknowledgeDelivery<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_AcknowledgeDeliveryRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_AcknowledgeDeliveryRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_Delivery>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_Delivery>) async throws -> Result = { response in
                try response.message
            }
        ) async throws -> Result where Result: Sendable {
            try await self.client.unary(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.AcknowledgeDelivery.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }

        /// Call the "UpdateDocumentStatus" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Reports the recipient's handling of a document: 03 REGISTERED, 04 ASSIGNED, 05 PROCESSING or 06 COMPLETED,
        /// > with time and handler (Art. 14.3). Statuses only move forward: 01 → 03 → 04 → 05 → 06, where only 04 may be
        /// > left out. Art. 14.3 names the minimum chain the sender receives — arrived, registered, processing, completed —
        /// > so a skip is refused, not filled in: 06 straight after 03 or 04 is FAILED_PRECONDITION asking for 05 first.
        /// > Anything else, including reporting before acknowledging, or on a copy that is no longer CURRENT (retracted,
        /// > revoked, superseded, removed), is FAILED_PRECONDITION. A report that repeats the copy's latest one — its
        /// > status, handler and comment, and its `status_time` when given — is a retry whose answer was lost: it is answered
        /// > with the copy's state and recorded nothing more.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_UpdateDocumentStatusRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_UpdateDocumentStatusRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_RecipientState` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func updateDocumentStatus<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_UpdateDocumentStatusRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_UpdateDocumentStatusRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_RecipientState>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result = { response in
                try response.message
            }
        ) async throws -> Result where Result: Sendable {
            try await self.client.unary(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.UpdateDocumentStatus.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }

        /// Call the "RejectDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Refuses a document (02 REJECTED, Art. 15.2) after acknowledging it and before registering it. The reason is
        /// > mandatory and is sent back to the sender. Its time is when the platform records it. Refusing again with the same
        /// > reason and handler (a retry whose answer was lost) is answered with the copy's state and recorded nothing more.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_RejectDocumentRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_RejectDocumentRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_RecipientState` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func rejectDocument<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_RejectDocumentRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_RejectDocumentRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_RecipientState>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result = { response in
                try response.message
            }
        ) async throws -> Result where Result: Sendable {
            try await self.client.unary(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.RejectDocument.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }

        /// Call the "GetDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Returns a document the caller sent (with every recipient's state and history) or received (with its own).
        /// > Asked for any version of an updated or replaced document, it returns the current version the caller may see,
        /// > with the lineage in `versions`, unless `exact_version` is set or a `version` is asked. A document id under which
        /// > an UPDATE kept the id names several versions: `version` picks one (NOT_FOUND if the caller may not see it), else
        /// > the latest of them the caller may see. A recipient whose copy was retracted gets the document without its content
        /// > (`Document.content_withheld`).
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_GetDocumentRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_GetDocumentRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_Document` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func getDocument<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_GetDocumentRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_GetDocumentRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_Document>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_Document>) async throws -> Result = { response in
                try response.message
            }
        ) async throws -> Result where Result: Sendable {
            try await self.client.unary(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.GetDocument.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }

        /// Call the "ListSentDocuments" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the documents the caller sent, newest first, with every recipient's state. A page ends early, before
        /// > `page_size`, once it holds `VDXP_EXCHANGE_RESPONSE_BYTES` (default 3 MiB; a document to hundreds of recipients
        /// > is large): follow `next_page_token` as always. The same holds for `ListReceivedDocuments`.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_ListSentDocumentsRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_ListSentDocumentsRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_ListSentDocumentsResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func listSentDocuments<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_ListSentDocumentsRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_ListSentDocumentsRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_ListSentDocumentsResponse>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_ListSentDocumentsResponse>) async throws -> Result = { response in
                try response.message
            }
        ) async throws -> Result where Result: Sendable {
            try await self.client.unary(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.ListSentDocuments.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }

        /// Call the "ListReceivedDocuments" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the documents addressed to the caller, newest first, each with the caller's own copy only — acknowledged
        /// > or not: the inbox (`FetchInbox`) holds what is still to be fetched, this list everything the caller may open
        /// > with `GetDocument`. A copy that was since retracted, revoked or superseded stays listed with that state
        /// > (`recipients[0].disposition`). Each version of an updated or replaced document is its own entry.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_ListReceivedDocumentsRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_ListReceivedDocumentsRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_ListReceivedDocumentsResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func listReceivedDocuments<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_ListReceivedDocumentsRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_ListReceivedDocumentsRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_ListReceivedDocumentsResponse>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_ListReceivedDocumentsResponse>) async throws -> Result = { response in
                try response.message
            }
        ) async throws -> Result where Result: Sendable {
            try await self.client.unary(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.ListReceivedDocuments.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }

        /// Call the "WatchDocumentStatus" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Follows a document the caller sent (server streaming) — the latest version sent under `document_id` when the
        /// > stream starts (an UPDATE that keeps the id supersedes it, which settles its recipients): at once the current
        /// > state of every recipient, then one event per change (delivery acknowledged or failed, status reported, retract
        /// > requested or answered, copy revoked or superseded, revocation confirmed). The stream ends when the server shuts
        /// > down or when every recipient is settled: a final status (02, 06, 15), a copy no longer current (retracted,
        /// > superseded, removed, or revoked once the revocation is confirmed); and, like `SubscribeInbox`, with the refusal a
        /// > new call would get once the caller is suspended or cut off.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_WatchDocumentStatusRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_WatchDocumentStatusRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_DocumentStatusEvent` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func watchDocumentStatus<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_WatchDocumentStatusRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_WatchDocumentStatusRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_DocumentStatusEvent>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.StreamingClientResponse<Vdxp_Exchange_V1_DocumentStatusEvent>) async throws -> Result
        ) async throws -> Result where Result: Sendable {
            try await self.client.serverStreaming(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.WatchDocumentStatus.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }

        /// Call the "RetractDocument" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Takes a document back (lấy lại, Art. 15.1) from some or all of its recipients. Only its sender may, and only
        /// > the current version of a document that is not a revocation and not revoked. For each recipient:
        /// > - not yet registered (no 03; and not 02 REJECTED): retracted at once — copy RETRACTED with the reason in
        /// >   `disposition_reason`, and no status (15 is the recipient's agreement, which this does not need); an
        /// >   unacknowledged delivery is WITHDRAWN (it disappears from the inbox), and a recipient that may already hold the
        /// >   document gets a RETRACTED notice;
        /// > - registered (03–06): a retract request (13) is recorded and sent as a RETRACT_REQUESTED notice; the recipient
        /// >   accepts (15) or refuses (16) with `AnswerRetractRequest`.
        /// > A named recipient whose copy is not current, that rejected the document, that already has an open request, or
        /// > that has refused 5 requests already (a copy is asked at most 5 times) is FAILED_PRECONDITION (and nothing is
        /// > done); with no recipients named, those are skipped. Once its copy is
        /// > RETRACTED (at once, or by its agreement), the recipient can no longer read the document: `GetDocument` and the
        /// > lists show it with `content_withheld`, and `DownloadAttachment` is FAILED_PRECONDITION. Not idempotent: a retry
        /// > after a lost answer is FAILED_PRECONDITION for a recipient the first call retracted or asked ("retracted
        /// > already", "a retract request is still open"), and with no recipients named it acts on whoever is left — read
        /// > the document's recipients (`GetDocument`) before calling again.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_RetractDocumentRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_RetractDocumentRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_RetractDocumentResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func retractDocument<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_RetractDocumentRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_RetractDocumentRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_RetractDocumentResponse>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RetractDocumentResponse>) async throws -> Result = { response in
                try response.message
            }
        ) async throws -> Result where Result: Sendable {
            try await self.client.unary(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.RetractDocument.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }

        /// Call the "AnswerRetractRequest" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Answers a retract request addressed to the caller (recipient): accept (15, the copy becomes RETRACTED) or
        /// > refuse (16, with a reason). Each answer names its request, so several requests are never confused. A request
        /// > already answered is FAILED_PRECONDITION.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_AnswerRetractRequestRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_AnswerRetractRequestRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_RecipientState` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func answerRetractRequest<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_AnswerRetractRequestRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_AnswerRetractRequestRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_RecipientState>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result = { response in
                try response.message
            }
        ) async throws -> Result where Result: Sendable {
            try await self.client.unary(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.AnswerRetractRequest.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }

        /// Call the "ConfirmRevocation" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Confirms to the sender that the caller (a recipient) handled a revocation (thu hồi, Art. 15.3; QĐ 28 Art. 9.2):
        /// > it marked its copy of the revoked document revoked and stopped handling it. `document_id` is the revoked
        /// > document, not the revoking one. This explicit report, with who handled it, is the confirmation: acknowledging
        /// > the revoking document only says the order arrived, and must come first (FAILED_PRECONDITION otherwise). The
        /// > sender sees `RecipientState.revocation_confirm_time` and `revocation_confirm_handler` on the revoked document.
        /// > Confirming again returns the state of the first confirmation. A copy that is not REVOKED is FAILED_PRECONDITION;
        /// > a document the caller did not receive is NOT_FOUND.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_ConfirmRevocationRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_ConfirmRevocationRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_RecipientState` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func confirmRevocation<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_ConfirmRevocationRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_ConfirmRevocationRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_RecipientState>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result = { response in
                try response.message
            }
        ) async throws -> Result where Result: Sendable {
            try await self.client.unary(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.ConfirmRevocation.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }

        /// Call the "ListFailedDeliveries" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the caller's documents whose delivery to a recipient FAILED (Art. 13.2), most recently failed first, each
        /// > with why (`RecipientState.fail_reason`: attempts used up, not acknowledged by `acknowledge_deadline` — the
        /// > configured time after sending and the end of the recipient's working day at the latest — or the recipient no
        /// > longer connected or closed, with its successor in `successor_organisation_id`).
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_ListFailedDeliveriesRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_ListFailedDeliveriesRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_ListFailedDeliveriesResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func listFailedDeliveries<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_ListFailedDeliveriesRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_ListFailedDeliveriesRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_ListFailedDeliveriesResponse>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_ListFailedDeliveriesResponse>) async throws -> Result = { response in
                try response.message
            }
        ) async throws -> Result where Result: Sendable {
            try await self.client.unary(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.ListFailedDeliveries.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }

        /// Call the "RetryDelivery" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Puts a FAILED delivery of a document the caller sent back in the recipient's inbox, with a fresh attempt
        /// > count and a fresh acknowledgement deadline counted from now (Art. 13.2: the sender handles a failure). Anything
        /// > but a FAILED delivery is FAILED_PRECONDITION; so is a recipient that is not TRIAL or OFFICIAL now (a closed one
        /// > is told with its successor: send the document there instead).
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_RetryDeliveryRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_RetryDeliveryRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_RecipientState` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func retryDelivery<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_RetryDeliveryRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_RetryDeliveryRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_RecipientState>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result = { response in
                try response.message
            }
        ) async throws -> Result where Result: Sendable {
            try await self.client.unary(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.RetryDelivery.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }

        /// Call the "StreamJournal" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Streams the journal in chain order from just after `after_sequence` (server streaming), then follows new entries
        /// > as they are chained — or, with `until_head`, ends once the entries chained when the call began are sent. Platform
        /// > services (Search, Report, Monitoring) and operators (the audit, `vdxp audit verify`); members get
        /// > PERMISSION_DENIED. Resume with the last `sequence` you processed; replay from 0 to rebuild a projection. An
        /// > `after_sequence` past the last chained entry is FAILED_PRECONDITION: the journal was restored to an earlier point
        /// > (or the cursor is another platform's), and a projection that holds entries it no longer has must be rebuilt.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_StreamJournalRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_StreamJournalRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_JournalEntry` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func streamJournal<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_StreamJournalRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_StreamJournalRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_JournalEntry>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.StreamingClientResponse<Vdxp_Exchange_V1_JournalEntry>) async throws -> Result
        ) async throws -> Result where Result: Sendable {
            try await self.client.serverStreaming(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.StreamJournal.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }

        /// Call the "ListJournalSeals" method.
        ///
        /// > Source IDL Documentation:
        /// >
        /// > Lists the journal's seals (`JournalSeal`, Art. 5.3) in sequence order, those sealing entries after
        /// > `after_sequence`, at most `page_size` (1 to 1000, default 100): page on with the last seal's sequence. Operators
        /// > and platform services; members get PERMISSION_DENIED. INVALID_ARGUMENT for a negative `after_sequence` or a
        /// > `page_size` out of range.
        ///
        /// - Parameters:
        ///   - request: A request containing a single `Vdxp_Exchange_V1_ListJournalSealsRequest` message.
        ///   - serializer: A serializer for `Vdxp_Exchange_V1_ListJournalSealsRequest` messages.
        ///   - deserializer: A deserializer for `Vdxp_Exchange_V1_ListJournalSealsResponse` messages.
        ///   - options: Options to apply to this RPC.
        ///   - handleResponse: A closure which handles the response and returns its result to
        ///       the caller. Returning from the closure will cancel the RPC if it hasn't
        ///       already finished.
        /// - Returns: The result of `handleResponse`.
        public func listJournalSeals<Result>(
            request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_ListJournalSealsRequest>,
            serializer: some GRPCCore.MessageSerializer<Vdxp_Exchange_V1_ListJournalSealsRequest>,
            deserializer: some GRPCCore.MessageDeserializer<Vdxp_Exchange_V1_ListJournalSealsResponse>,
            options: GRPCCore.CallOptions = .defaults,
            onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_ListJournalSealsResponse>) async throws -> Result = { response in
                try response.message
            }
        ) async throws -> Result where Result: Sendable {
            try await self.client.unary(
                request: request,
                descriptor: Vdxp_Exchange_V1_ExchangeService.Method.ListJournalSeals.descriptor,
                serializer: serializer,
                deserializer: deserializer,
                options: options,
                onResponse: handleResponse
            )
        }
    }
}

// Helpers providing default arguments to 'ClientProtocol' methods.
@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
extension Vdxp_Exchange_V1_ExchangeService.ClientProtocol {
    /// Call the "SendDocument" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Sends a signed document with its attachments (client streaming).
    /// > 
    /// > The first message carries the `SignedDocument`; then come the attachments' bytes as `AttachmentChunk`s, in
    /// > header order, each attachment's chunks in order, every chunk 1 byte to 1 MiB and, but for each attachment's
    /// > last, at least 64 KiB (INVALID_ARGUMENT naming `chunk.data` otherwise). Exchange checks the signature
    /// > and header before reading any attachment and answers at once if they fail; it checks each attachment's size and
    /// > SHA-256 as it arrives. The answer comes only after the document, one delivery per recipient and the journal
    /// > entries are committed together: an OK means the platform holds the document.
    /// > 
    /// > Idempotent on the document id and the signed bytes: sending the same header and signatures again returns the
    /// > original answer (of that version) with `duplicate = true` (attachments sent along are read and discarded;
    /// > sending none is fine); other bytes under an existing id — including the same header signed again — are refused
    /// > with ALREADY_EXISTS, unless they are an UPDATE of that id (`related_document_id` = `document_id`, Art. 15.4),
    /// > stored as its next version. See "Retrying a send".
    /// > 
    /// > Signature failures tell you what to fix: INVALID_ARGUMENT naming `document.signatures[i]` when the document
    /// > itself is wrong (a signature that does not verify, a chain that does not lead to a trusted authority or is not
    /// > valid now, an unknown scheme, a certificate that signs twice, a second signature whose certificate is not the
    /// > competent signer's, a joint issuer's seal or signer, or a countersigner of a sealing organisation): fix the
    /// > document and sign it again. A document with no signature made with a signing certificate registered to your
    /// > organisation (no seal) is, by the platform's policy `VDXP_EXCHANGE_UNSEALED_DOCUMENTS`, carried as REFERENCE_ONLY
    /// > (the default, Art. 11.2) or refused with PERMISSION_DENIED: then fix your registration (ask the operator to
    /// > register your seal certificate with usage SIGNING), not the document. A document signed by neither your seal nor
    /// > your competent signer is PERMISSION_DENIED whatever the policy.
    /// > 
    /// > Legal value (Art. 11, document.proto): LEGALLY_VALID needs the seal and the competent signer, and the signer is
    /// > bound to your organisation: its certificate's `O=` must be your seal certificate's `O=`, in the seal's `L=` and
    /// > `ST=` when it names them; a joint document needs every joint issuer's seal and signer too; countersignatures
    /// > change nothing. Anything less is accepted as REFERENCE_ONLY, with the reason in `Document.legal_value_reason`.
    /// > 
    /// > Timeliness (Art. 13.1) is recorded, never refused: a normal document is on time if it reaches the platform on its
    /// > signing day or by 12:00 (Vietnam time) of the next working day on the Vietnamese calendar (weekends, public
    /// > holidays and days in lieu are skipped; signed Friday 17:00 before a holiday Monday, the deadline is Tuesday
    /// > 12:00); an urgent one (priority 1 and above) within one hour of signing. See `Document.timeliness`.
    /// > 
    /// > Revoking, updating and replacing (Art. 15.3–15.4) are sends too: a document whose header has `business_type`
    /// > REVOKE, UPDATE or REPLACE and names the earlier document in `related_document_id` (see `BusinessType`). Only
    /// > that document's sender may do so: a `related_document_id` that starts with another organisation's id is
    /// > INVALID_ARGUMENT naming that field (a document id begins with its sender's id, so this needs no lookup — a
    /// > recipient cannot revoke or update what it received, whatever it holds); one of your own ids that names no
    /// > document you sent is NOT_FOUND; a document that is revoked, superseded by a newer version, or itself a
    /// > revocation is FAILED_PRECONDITION, and so is an update or replacement of a document that has 100 versions
    /// > already. The new document, its deliveries and what it does to the earlier document's copies are committed
    /// > together.
    /// > 
    /// > Large documents: a document with more than 1 MiB of attachments is written while its chunks stream in, in a
    /// > transaction that holds one of the replica's database connections. At most `VDXP_EXCHANGE_STREAMED_SENDS` such
    /// > sends stream into one replica at once (half its connections by default), and one member at most a third of them
    /// > (at least one); beyond, RESOURCE_EXHAUSTED at once, before any chunk is read: send again when one of yours is
    /// > done. Documents of 1 MiB or less are read whole first and are not limited so.
    /// > 
    /// > Every send, large or small, must send each message — its first too — within `VDXP_EXCHANGE_CHUNK_WAIT_SECONDS`
    /// > (30 s by default), and all its `n` bytes of attachments within that wait plus `n` /
    /// > `VDXP_EXCHANGE_MINIMUM_UPLOAD_KIB_PER_SECOND` (64 KiB/s by default: 256 MiB within 69 minutes); otherwise it is
    /// > abandoned with DEADLINE_EXCEEDED and nothing is stored: stream the chunks without pause.
    ///
    /// - Parameters:
    ///   - request: A streaming request producing `Vdxp_Exchange_V1_SendDocumentRequest` messages.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func sendDocument<Result>(
        request: GRPCCore.StreamingClientRequest<Vdxp_Exchange_V1_SendDocumentRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_SendDocumentResponse>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        try await self.sendDocument(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_SendDocumentRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_SendDocumentResponse>(),
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "DownloadAttachment" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Downloads one attachment of a document the caller sent or received (server streaming), in chunks of at most
    /// > 1 MiB, in order. The first message also carries the attachment's descriptor; check the SHA-256 as you go. A
    /// > recipient whose copy the sender retracted (Art. 15.1) is refused with FAILED_PRECONDITION.
    ///
    /// - Parameters:
    ///   - request: A request containing a single `Vdxp_Exchange_V1_DownloadAttachmentRequest` message.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func downloadAttachment<Result>(
        request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_DownloadAttachmentRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.StreamingClientResponse<Vdxp_Exchange_V1_DownloadAttachmentResponse>) async throws -> Result
    ) async throws -> Result where Result: Sendable {
        try await self.downloadAttachment(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_DownloadAttachmentRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_DownloadAttachmentResponse>(),
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "FetchInbox" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Leases up to `max_deliveries` of the caller's waiting inbox entries — documents and notices (`DeliveryKind`) —
    /// > highest priority first, then oldest first: a flash document overtakes everything queued. Entries whose lease
    /// > expired unacknowledged are handed out again, up to the attempt limit after which a document's delivery becomes
    /// > FAILED. Acknowledge each one before its lease expires. An answer carries at most
    /// > `VDXP_EXCHANGE_RESPONSE_BYTES` (default 3 MiB, under the 4 MiB a gRPC client receives by default) of
    /// > documents, and at least one entry: entries past it stay in the inbox for the next call, their attempt not counted.
    ///
    /// - Parameters:
    ///   - request: A request containing a single `Vdxp_Exchange_V1_FetchInboxRequest` message.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func fetchInbox<Result>(
        request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_FetchInboxRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_FetchInboxResponse>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        try await self.fetchInbox(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_FetchInboxRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_FetchInboxResponse>(),
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "SubscribeInbox" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Streams the caller's deliveries as they arrive (server streaming), leased like `FetchInbox`: first those
    /// > waiting, highest priority first, then each new one as soon as it is committed. Resumable: after a disconnect,
    /// > subscribe again — acknowledged deliveries are never sent again, unacknowledged ones come back within 10 s of
    /// > their lease's expiry. The stream ends when the server shuts down, or with PERMISSION_DENIED (UNAVAILABLE) within
    /// > 10 s of when a new call would be refused so: the caller suspended or cut off since it subscribed (Art. 9.4–9.5),
    /// > or the platform's configuration expired. Exchange pings a connection silent for 60 s and closes it if no answer
    /// > comes within 20 s; a client may send its own keepalive pings every 10 s or more while a call is open.
    ///
    /// - Parameters:
    ///   - request: A request containing a single `Vdxp_Exchange_V1_SubscribeInboxRequest` message.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func subscribeInbox<Result>(
        request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_SubscribeInboxRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.StreamingClientResponse<Vdxp_Exchange_V1_SubscribeInboxResponse>) async throws -> Result
    ) async throws -> Result where Result: Sendable {
        try await self.subscribeInbox(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_SubscribeInboxRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_SubscribeInboxResponse>(),
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "AcknowledgeDelivery" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Confirms receipt of an inbox entry: it becomes ACKNOWLEDGED; for a document the recipient's status becomes
    /// > 01 ARRIVED, handled by the recipient's document system (`StatusChange.handler`). For a revoking document this
    /// > only says the order arrived: the revocation is confirmed by `ConfirmRevocation` (Art. 15.3).
    /// > Idempotent: acknowledging again returns the same delivery. Only the recipient may acknowledge. Acknowledging
    /// > after the lease expired is accepted as long as the entry did not fail, even if it was handed out again meanwhile
    /// > (the recipient has it either way; the other lease's acknowledgement then returns the same delivery); a WITHDRAWN
    /// > or FAILED one is FAILED_PRECONDITION (a delivery not acknowledged by its `acknowledge_deadline` fails, Art. 13.2).
    ///
    /// - Parameters:
    ///   - request: A request containing a single `Vdxp_Exchange_V1_AcknowledgeDeliveryRequest` message.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func acknowledgeDelivery<Result>(
        request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_AcknowledgeDeliveryRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_Delivery>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        try await self.acknowledgeDelivery(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_AcknowledgeDeliveryRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_Delivery>(),
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "UpdateDocumentStatus" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Reports the recipient's handling of a document: 03 REGISTERED, 04 ASSIGNED, 05 PROCESSING or 06 COMPLETED,
    /// > with time and handler (Art. 14.3). Statuses only move forward: 01 → 03 → 04 → 05 → 06, where only 04 may be
    /// > left out. Art. 14.3 names the minimum chain the sender receives — arrived, registered, processing, completed —
    /// > so a skip is refused, not filled in: 06 straight after 03 or 04 is FAILED_PRECONDITION asking for 05 first.
    /// > Anything else, including reporting before acknowledging, or on a copy that is no longer CURRENT (retracted,
    /// > revoked, superseded, removed), is FAILED_PRECONDITION. A report that repeats the copy's latest one — its
    /// > status, handler and comment, and its `status_time` when given — is a retry whose answer was lost: it is answered
    /// > with the copy's state and recorded nothing more.
    ///
    /// - Parameters:
    ///   - request: A request containing a single `Vdxp_Exchange_V1_UpdateDocumentStatusRequest` message.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func updateDocumentStatus<Result>(
        request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_UpdateDocumentStatusRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        try await self.updateDocumentStatus(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_UpdateDocumentStatusRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_RecipientState>(),
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "RejectDocument" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Refuses a document (02 REJECTED, Art. 15.2) after acknowledging it and before registering it. The reason is
    /// > mandatory and is sent back to the sender. Its time is when the platform records it. Refusing again with the same
    /// > reason and handler (a retry whose answer was lost) is answered with the copy's state and recorded nothing more.
    ///
    /// - Parameters:
    ///   - request: A request containing a single `Vdxp_Exchange_V1_RejectDocumentRequest` message.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func rejectDocument<Result>(
        request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_RejectDocumentRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        try await self.rejectDocument(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_RejectDocumentRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_RecipientState>(),
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "GetDocument" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Returns a document the caller sent (with every recipient's state and history) or received (with its own).
    /// > Asked for any version of an updated or replaced document, it returns the current version the caller may see,
    /// > with the lineage in `versions`, unless `exact_version` is set or a `version` is asked. A document id under which
    /// > an UPDATE kept the id names several versions: `version` picks one (NOT_FOUND if the caller may not see it), else
    /// > the latest of them the caller may see. A recipient whose copy was retracted gets the document without its content
    /// > (`Document.content_withheld`).
    ///
    /// - Parameters:
    ///   - request: A request containing a single `Vdxp_Exchange_V1_GetDocumentRequest` message.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func getDocument<Result>(
        request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_GetDocumentRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_Document>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        try await self.getDocument(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_GetDocumentRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_Document>(),
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "ListSentDocuments" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Lists the documents the caller sent, newest first, with every recipient's state. A page ends early, before
    /// > `page_size`, once it holds `VDXP_EXCHANGE_RESPONSE_BYTES` (default 3 MiB; a document to hundreds of recipients
    /// > is large): follow `next_page_token` as always. The same holds for `ListReceivedDocuments`.
    ///
    /// - Parameters:
    ///   - request: A request containing a single `Vdxp_Exchange_V1_ListSentDocumentsRequest` message.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func listSentDocuments<Result>(
        request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_ListSentDocumentsRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_ListSentDocumentsResponse>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        try await self.listSentDocuments(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_ListSentDocumentsRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_ListSentDocumentsResponse>(),
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "ListReceivedDocuments" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Lists the documents addressed to the caller, newest first, each with the caller's own copy only — acknowledged
    /// > or not: the inbox (`FetchInbox`) holds what is still to be fetched, this list everything the caller may open
    /// > with `GetDocument`. A copy that was since retracted, revoked or superseded stays listed with that state
    /// > (`recipients[0].disposition`). Each version of an updated or replaced document is its own entry.
    ///
    /// - Parameters:
    ///   - request: A request containing a single `Vdxp_Exchange_V1_ListReceivedDocumentsRequest` message.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func listReceivedDocuments<Result>(
        request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_ListReceivedDocumentsRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_ListReceivedDocumentsResponse>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        try await self.listReceivedDocuments(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_ListReceivedDocumentsRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_ListReceivedDocumentsResponse>(),
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "WatchDocumentStatus" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Follows a document the caller sent (server streaming) — the latest version sent under `document_id` when the
    /// > stream starts (an UPDATE that keeps the id supersedes it, which settles its recipients): at once the current
    /// > state of every recipient, then one event per change (delivery acknowledged or failed, status reported, retract
    /// > requested or answered, copy revoked or superseded, revocation confirmed). The stream ends when the server shuts
    /// > down or when every recipient is settled: a final status (02, 06, 15), a copy no longer current (retracted,
    /// > superseded, removed, or revoked once the revocation is confirmed); and, like `SubscribeInbox`, with the refusal a
    /// > new call would get once the caller is suspended or cut off.
    ///
    /// - Parameters:
    ///   - request: A request containing a single `Vdxp_Exchange_V1_WatchDocumentStatusRequest` message.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func watchDocumentStatus<Result>(
        request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_WatchDocumentStatusRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.StreamingClientResponse<Vdxp_Exchange_V1_DocumentStatusEvent>) async throws -> Result
    ) async throws -> Result where Result: Sendable {
        try await self.watchDocumentStatus(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_WatchDocumentStatusRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_DocumentStatusEvent>(),
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "RetractDocument" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Takes a document back (lấy lại, Art. 15.1) from some or all of its recipients. Only its sender may, and only
    /// > the current version of a document that is not a revocation and not revoked. For each recipient:
    /// > - not yet registered (no 03; and not 02 REJECTED): retracted at once — copy RETRACTED with the reason in
    /// >   `disposition_reason`, and no status (15 is the recipient's agreement, which this does not need); an
    /// >   unacknowledged delivery is WITHDRAWN (it disappears from the inbox), and a recipient that may already hold the
    /// >   document gets a RETRACTED notice;
    /// > - registered (03–06): a retract request (13) is recorded and sent as a RETRACT_REQUESTED notice; the recipient
    /// >   accepts (15) or refuses (16) with `AnswerRetractRequest`.
    /// > A named recipient whose copy is not current, that rejected the document, that already has an open request, or
    /// > that has refused 5 requests already (a copy is asked at most 5 times) is FAILED_PRECONDITION (and nothing is
    /// > done); with no recipients named, those are skipped. Once its copy is
    /// > RETRACTED (at once, or by its agreement), the recipient can no longer read the document: `GetDocument` and the
    /// > lists show it with `content_withheld`, and `DownloadAttachment` is FAILED_PRECONDITION. Not idempotent: a retry
    /// > after a lost answer is FAILED_PRECONDITION for a recipient the first call retracted or asked ("retracted
    /// > already", "a retract request is still open"), and with no recipients named it acts on whoever is left — read
    /// > the document's recipients (`GetDocument`) before calling again.
    ///
    /// - Parameters:
    ///   - request: A request containing a single `Vdxp_Exchange_V1_RetractDocumentRequest` message.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func retractDocument<Result>(
        request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_RetractDocumentRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RetractDocumentResponse>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        try await self.retractDocument(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_RetractDocumentRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_RetractDocumentResponse>(),
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "AnswerRetractRequest" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Answers a retract request addressed to the caller (recipient): accept (15, the copy becomes RETRACTED) or
    /// > refuse (16, with a reason). Each answer names its request, so several requests are never confused. A request
    /// > already answered is FAILED_PRECONDITION.
    ///
    /// - Parameters:
    ///   - request: A request containing a single `Vdxp_Exchange_V1_AnswerRetractRequestRequest` message.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func answerRetractRequest<Result>(
        request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_AnswerRetractRequestRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        try await self.answerRetractRequest(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_AnswerRetractRequestRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_RecipientState>(),
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "ConfirmRevocation" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Confirms to the sender that the caller (a recipient) handled a revocation (thu hồi, Art. 15.3; QĐ 28 Art. 9.2):
    /// > it marked its copy of the revoked document revoked and stopped handling it. `document_id` is the revoked
    /// > document, not the revoking one. This explicit report, with who handled it, is the confirmation: acknowledging
    /// > the revoking document only says the order arrived, and must come first (FAILED_PRECONDITION otherwise). The
    /// > sender sees `RecipientState.revocation_confirm_time` and `revocation_confirm_handler` on the revoked document.
    /// > Confirming again returns the state of the first confirmation. A copy that is not REVOKED is FAILED_PRECONDITION;
    /// > a document the caller did not receive is NOT_FOUND.
    ///
    /// - Parameters:
    ///   - request: A request containing a single `Vdxp_Exchange_V1_ConfirmRevocationRequest` message.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func confirmRevocation<Result>(
        request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_ConfirmRevocationRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        try await self.confirmRevocation(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_ConfirmRevocationRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_RecipientState>(),
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "ListFailedDeliveries" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Lists the caller's documents whose delivery to a recipient FAILED (Art. 13.2), most recently failed first, each
    /// > with why (`RecipientState.fail_reason`: attempts used up, not acknowledged by `acknowledge_deadline` — the
    /// > configured time after sending and the end of the recipient's working day at the latest — or the recipient no
    /// > longer connected or closed, with its successor in `successor_organisation_id`).
    ///
    /// - Parameters:
    ///   - request: A request containing a single `Vdxp_Exchange_V1_ListFailedDeliveriesRequest` message.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func listFailedDeliveries<Result>(
        request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_ListFailedDeliveriesRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_ListFailedDeliveriesResponse>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        try await self.listFailedDeliveries(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_ListFailedDeliveriesRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_ListFailedDeliveriesResponse>(),
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "RetryDelivery" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Puts a FAILED delivery of a document the caller sent back in the recipient's inbox, with a fresh attempt
    /// > count and a fresh acknowledgement deadline counted from now (Art. 13.2: the sender handles a failure). Anything
    /// > but a FAILED delivery is FAILED_PRECONDITION; so is a recipient that is not TRIAL or OFFICIAL now (a closed one
    /// > is told with its successor: send the document there instead).
    ///
    /// - Parameters:
    ///   - request: A request containing a single `Vdxp_Exchange_V1_RetryDeliveryRequest` message.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func retryDelivery<Result>(
        request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_RetryDeliveryRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        try await self.retryDelivery(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_RetryDeliveryRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_RecipientState>(),
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "StreamJournal" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Streams the journal in chain order from just after `after_sequence` (server streaming), then follows new entries
    /// > as they are chained — or, with `until_head`, ends once the entries chained when the call began are sent. Platform
    /// > services (Search, Report, Monitoring) and operators (the audit, `vdxp audit verify`); members get
    /// > PERMISSION_DENIED. Resume with the last `sequence` you processed; replay from 0 to rebuild a projection. An
    /// > `after_sequence` past the last chained entry is FAILED_PRECONDITION: the journal was restored to an earlier point
    /// > (or the cursor is another platform's), and a projection that holds entries it no longer has must be rebuilt.
    ///
    /// - Parameters:
    ///   - request: A request containing a single `Vdxp_Exchange_V1_StreamJournalRequest` message.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func streamJournal<Result>(
        request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_StreamJournalRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.StreamingClientResponse<Vdxp_Exchange_V1_JournalEntry>) async throws -> Result
    ) async throws -> Result where Result: Sendable {
        try await self.streamJournal(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_StreamJournalRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_JournalEntry>(),
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "ListJournalSeals" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Lists the journal's seals (`JournalSeal`, Art. 5.3) in sequence order, those sealing entries after
    /// > `after_sequence`, at most `page_size` (1 to 1000, default 100): page on with the last seal's sequence. Operators
    /// > and platform services; members get PERMISSION_DENIED. INVALID_ARGUMENT for a negative `after_sequence` or a
    /// > `page_size` out of range.
    ///
    /// - Parameters:
    ///   - request: A request containing a single `Vdxp_Exchange_V1_ListJournalSealsRequest` message.
    ///   - options: Options to apply to this RPC.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func listJournalSeals<Result>(
        request: GRPCCore.ClientRequest<Vdxp_Exchange_V1_ListJournalSealsRequest>,
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_ListJournalSealsResponse>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        try await self.listJournalSeals(
            request: request,
            serializer: GRPCProtobuf.ProtobufSerializer<Vdxp_Exchange_V1_ListJournalSealsRequest>(),
            deserializer: GRPCProtobuf.ProtobufDeserializer<Vdxp_Exchange_V1_ListJournalSealsResponse>(),
            options: options,
            onResponse: handleResponse
        )
    }
}

// Helpers providing sugared APIs for 'ClientProtocol' methods.
@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
extension Vdxp_Exchange_V1_ExchangeService.ClientProtocol {
    /// Call the "SendDocument" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Sends a signed document with its attachments (client streaming).
    /// > 
    /// > The first message carries the `SignedDocument`; then come the attachments' bytes as `AttachmentChunk`s, in
    /// > header order, each attachment's chunks in order, every chunk 1 byte to 1 MiB and, but for each attachment's
    /// > last, at least 64 KiB (INVALID_ARGUMENT naming `chunk.data` otherwise). Exchange checks the signature
    /// > and header before reading any attachment and answers at once if they fail; it checks each attachment's size and
    /// > SHA-256 as it arrives. The answer comes only after the document, one delivery per recipient and the journal
    /// > entries are committed together: an OK means the platform holds the document.
    /// > 
    /// > Idempotent on the document id and the signed bytes: sending the same header and signatures again returns the
    /// > original answer (of that version) with `duplicate = true` (attachments sent along are read and discarded;
    /// > sending none is fine); other bytes under an existing id — including the same header signed again — are refused
    /// > with ALREADY_EXISTS, unless they are an UPDATE of that id (`related_document_id` = `document_id`, Art. 15.4),
    /// > stored as its next version. See "Retrying a send".
    /// > 
    /// > Signature failures tell you what to fix: INVALID_ARGUMENT naming `document.signatures[i]` when the document
    /// > itself is wrong (a signature that does not verify, a chain that does not lead to a trusted authority or is not
    /// > valid now, an unknown scheme, a certificate that signs twice, a second signature whose certificate is not the
    /// > competent signer's, a joint issuer's seal or signer, or a countersigner of a sealing organisation): fix the
    /// > document and sign it again. A document with no signature made with a signing certificate registered to your
    /// > organisation (no seal) is, by the platform's policy `VDXP_EXCHANGE_UNSEALED_DOCUMENTS`, carried as REFERENCE_ONLY
    /// > (the default, Art. 11.2) or refused with PERMISSION_DENIED: then fix your registration (ask the operator to
    /// > register your seal certificate with usage SIGNING), not the document. A document signed by neither your seal nor
    /// > your competent signer is PERMISSION_DENIED whatever the policy.
    /// > 
    /// > Legal value (Art. 11, document.proto): LEGALLY_VALID needs the seal and the competent signer, and the signer is
    /// > bound to your organisation: its certificate's `O=` must be your seal certificate's `O=`, in the seal's `L=` and
    /// > `ST=` when it names them; a joint document needs every joint issuer's seal and signer too; countersignatures
    /// > change nothing. Anything less is accepted as REFERENCE_ONLY, with the reason in `Document.legal_value_reason`.
    /// > 
    /// > Timeliness (Art. 13.1) is recorded, never refused: a normal document is on time if it reaches the platform on its
    /// > signing day or by 12:00 (Vietnam time) of the next working day on the Vietnamese calendar (weekends, public
    /// > holidays and days in lieu are skipped; signed Friday 17:00 before a holiday Monday, the deadline is Tuesday
    /// > 12:00); an urgent one (priority 1 and above) within one hour of signing. See `Document.timeliness`.
    /// > 
    /// > Revoking, updating and replacing (Art. 15.3–15.4) are sends too: a document whose header has `business_type`
    /// > REVOKE, UPDATE or REPLACE and names the earlier document in `related_document_id` (see `BusinessType`). Only
    /// > that document's sender may do so: a `related_document_id` that starts with another organisation's id is
    /// > INVALID_ARGUMENT naming that field (a document id begins with its sender's id, so this needs no lookup — a
    /// > recipient cannot revoke or update what it received, whatever it holds); one of your own ids that names no
    /// > document you sent is NOT_FOUND; a document that is revoked, superseded by a newer version, or itself a
    /// > revocation is FAILED_PRECONDITION, and so is an update or replacement of a document that has 100 versions
    /// > already. The new document, its deliveries and what it does to the earlier document's copies are committed
    /// > together.
    /// > 
    /// > Large documents: a document with more than 1 MiB of attachments is written while its chunks stream in, in a
    /// > transaction that holds one of the replica's database connections. At most `VDXP_EXCHANGE_STREAMED_SENDS` such
    /// > sends stream into one replica at once (half its connections by default), and one member at most a third of them
    /// > (at least one); beyond, RESOURCE_EXHAUSTED at once, before any chunk is read: send again when one of yours is
    /// > done. Documents of 1 MiB or less are read whole first and are not limited so.
    /// > 
    /// > Every send, large or small, must send each message — its first too — within `VDXP_EXCHANGE_CHUNK_WAIT_SECONDS`
    /// > (30 s by default), and all its `n` bytes of attachments within that wait plus `n` /
    /// > `VDXP_EXCHANGE_MINIMUM_UPLOAD_KIB_PER_SECOND` (64 KiB/s by default: 256 MiB within 69 minutes); otherwise it is
    /// > abandoned with DEADLINE_EXCEEDED and nothing is stored: stream the chunks without pause.
    ///
    /// - Parameters:
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - producer: A closure producing request messages to send to the server. Returning
    ///       from the closure closes the request stream.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func sendDocument<Result>(
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        requestProducer producer: @Sendable @escaping (GRPCCore.RPCWriter<Vdxp_Exchange_V1_SendDocumentRequest>) async throws -> Void,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_SendDocumentResponse>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.StreamingClientRequest<Vdxp_Exchange_V1_SendDocumentRequest>(
            metadata: metadata,
            producer: producer
        )
        return try await self.sendDocument(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "DownloadAttachment" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Downloads one attachment of a document the caller sent or received (server streaming), in chunks of at most
    /// > 1 MiB, in order. The first message also carries the attachment's descriptor; check the SHA-256 as you go. A
    /// > recipient whose copy the sender retracted (Art. 15.1) is refused with FAILED_PRECONDITION.
    ///
    /// - Parameters:
    ///   - message: request message to send.
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func downloadAttachment<Result>(
        _ message: Vdxp_Exchange_V1_DownloadAttachmentRequest,
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.StreamingClientResponse<Vdxp_Exchange_V1_DownloadAttachmentResponse>) async throws -> Result
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.ClientRequest<Vdxp_Exchange_V1_DownloadAttachmentRequest>(
            message: message,
            metadata: metadata
        )
        return try await self.downloadAttachment(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "FetchInbox" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Leases up to `max_deliveries` of the caller's waiting inbox entries — documents and notices (`DeliveryKind`) —
    /// > highest priority first, then oldest first: a flash document overtakes everything queued. Entries whose lease
    /// > expired unacknowledged are handed out again, up to the attempt limit after which a document's delivery becomes
    /// > FAILED. Acknowledge each one before its lease expires. An answer carries at most
    /// > `VDXP_EXCHANGE_RESPONSE_BYTES` (default 3 MiB, under the 4 MiB a gRPC client receives by default) of
    /// > documents, and at least one entry: entries past it stay in the inbox for the next call, their attempt not counted.
    ///
    /// - Parameters:
    ///   - message: request message to send.
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func fetchInbox<Result>(
        _ message: Vdxp_Exchange_V1_FetchInboxRequest,
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_FetchInboxResponse>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.ClientRequest<Vdxp_Exchange_V1_FetchInboxRequest>(
            message: message,
            metadata: metadata
        )
        return try await self.fetchInbox(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "SubscribeInbox" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Streams the caller's deliveries as they arrive (server streaming), leased like `FetchInbox`: first those
    /// > waiting, highest priority first, then each new one as soon as it is committed. Resumable: after a disconnect,
    /// > subscribe again — acknowledged deliveries are never sent again, unacknowledged ones come back within 10 s of
    /// > their lease's expiry. The stream ends when the server shuts down, or with PERMISSION_DENIED (UNAVAILABLE) within
    /// > 10 s of when a new call would be refused so: the caller suspended or cut off since it subscribed (Art. 9.4–9.5),
    /// > or the platform's configuration expired. Exchange pings a connection silent for 60 s and closes it if no answer
    /// > comes within 20 s; a client may send its own keepalive pings every 10 s or more while a call is open.
    ///
    /// - Parameters:
    ///   - message: request message to send.
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func subscribeInbox<Result>(
        _ message: Vdxp_Exchange_V1_SubscribeInboxRequest,
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.StreamingClientResponse<Vdxp_Exchange_V1_SubscribeInboxResponse>) async throws -> Result
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.ClientRequest<Vdxp_Exchange_V1_SubscribeInboxRequest>(
            message: message,
            metadata: metadata
        )
        return try await self.subscribeInbox(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "AcknowledgeDelivery" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Confirms receipt of an inbox entry: it becomes ACKNOWLEDGED; for a document the recipient's status becomes
    /// > 01 ARRIVED, handled by the recipient's document system (`StatusChange.handler`). For a revoking document this
    /// > only says the order arrived: the revocation is confirmed by `ConfirmRevocation` (Art. 15.3).
    /// > Idempotent: acknowledging again returns the same delivery. Only the recipient may acknowledge. Acknowledging
    /// > after the lease expired is accepted as long as the entry did not fail, even if it was handed out again meanwhile
    /// > (the recipient has it either way; the other lease's acknowledgement then returns the same delivery); a WITHDRAWN
    /// > or FAILED one is FAILED_PRECONDITION (a delivery not acknowledged by its `acknowledge_deadline` fails, Art. 13.2).
    ///
    /// - Parameters:
    ///   - message: request message to send.
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func acknowledgeDelivery<Result>(
        _ message: Vdxp_Exchange_V1_AcknowledgeDeliveryRequest,
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_Delivery>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.ClientRequest<Vdxp_Exchange_V1_AcknowledgeDeliveryRequest>(
            message: message,
            metadata: metadata
        )
        return try await self.acknowledgeDelivery(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "UpdateDocumentStatus" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Reports the recipient's handling of a document: 03 REGISTERED, 04 ASSIGNED, 05 PROCESSING or 06 COMPLETED,
    /// > with time and handler (Art. 14.3). Statuses only move forward: 01 → 03 → 04 → 05 → 06, where only 04 may be
    /// > left out. Art. 14.3 names the minimum chain the sender receives — arrived, registered, processing, completed —
    /// > so a skip is refused, not filled in: 06 straight after 03 or 04 is FAILED_PRECONDITION asking for 05 first.
    /// > Anything else, including reporting before acknowledging, or on a copy that is no longer CURRENT (retracted,
    /// > revoked, superseded, removed), is FAILED_PRECONDITION. A report that repeats the copy's latest one — its
    /// > status, handler and comment, and its `status_time` when given — is a retry whose answer was lost: it is answered
    /// > with the copy's state and recorded nothing more.
    ///
    /// - Parameters:
    ///   - message: request message to send.
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func updateDocumentStatus<Result>(
        _ message: Vdxp_Exchange_V1_UpdateDocumentStatusRequest,
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.ClientRequest<Vdxp_Exchange_V1_UpdateDocumentStatusRequest>(
            message: message,
            metadata: metadata
        )
        return try await self.updateDocumentStatus(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "RejectDocument" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Refuses a document (02 REJECTED, Art. 15.2) after acknowledging it and before registering it. The reason is
    /// > mandatory and is sent back to the sender. Its time is when the platform records it. Refusing again with the same
    /// > reason and handler (a retry whose answer was lost) is answered with the copy's state and recorded nothing more.
    ///
    /// - Parameters:
    ///   - message: request message to send.
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func rejectDocument<Result>(
        _ message: Vdxp_Exchange_V1_RejectDocumentRequest,
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.ClientRequest<Vdxp_Exchange_V1_RejectDocumentRequest>(
            message: message,
            metadata: metadata
        )
        return try await self.rejectDocument(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "GetDocument" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Returns a document the caller sent (with every recipient's state and history) or received (with its own).
    /// > Asked for any version of an updated or replaced document, it returns the current version the caller may see,
    /// > with the lineage in `versions`, unless `exact_version` is set or a `version` is asked. A document id under which
    /// > an UPDATE kept the id names several versions: `version` picks one (NOT_FOUND if the caller may not see it), else
    /// > the latest of them the caller may see. A recipient whose copy was retracted gets the document without its content
    /// > (`Document.content_withheld`).
    ///
    /// - Parameters:
    ///   - message: request message to send.
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func getDocument<Result>(
        _ message: Vdxp_Exchange_V1_GetDocumentRequest,
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_Document>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.ClientRequest<Vdxp_Exchange_V1_GetDocumentRequest>(
            message: message,
            metadata: metadata
        )
        return try await self.getDocument(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "ListSentDocuments" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Lists the documents the caller sent, newest first, with every recipient's state. A page ends early, before
    /// > `page_size`, once it holds `VDXP_EXCHANGE_RESPONSE_BYTES` (default 3 MiB; a document to hundreds of recipients
    /// > is large): follow `next_page_token` as always. The same holds for `ListReceivedDocuments`.
    ///
    /// - Parameters:
    ///   - message: request message to send.
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func listSentDocuments<Result>(
        _ message: Vdxp_Exchange_V1_ListSentDocumentsRequest,
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_ListSentDocumentsResponse>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.ClientRequest<Vdxp_Exchange_V1_ListSentDocumentsRequest>(
            message: message,
            metadata: metadata
        )
        return try await self.listSentDocuments(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "ListReceivedDocuments" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Lists the documents addressed to the caller, newest first, each with the caller's own copy only — acknowledged
    /// > or not: the inbox (`FetchInbox`) holds what is still to be fetched, this list everything the caller may open
    /// > with `GetDocument`. A copy that was since retracted, revoked or superseded stays listed with that state
    /// > (`recipients[0].disposition`). Each version of an updated or replaced document is its own entry.
    ///
    /// - Parameters:
    ///   - message: request message to send.
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func listReceivedDocuments<Result>(
        _ message: Vdxp_Exchange_V1_ListReceivedDocumentsRequest,
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_ListReceivedDocumentsResponse>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.ClientRequest<Vdxp_Exchange_V1_ListReceivedDocumentsRequest>(
            message: message,
            metadata: metadata
        )
        return try await self.listReceivedDocuments(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "WatchDocumentStatus" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Follows a document the caller sent (server streaming) — the latest version sent under `document_id` when the
    /// > stream starts (an UPDATE that keeps the id supersedes it, which settles its recipients): at once the current
    /// > state of every recipient, then one event per change (delivery acknowledged or failed, status reported, retract
    /// > requested or answered, copy revoked or superseded, revocation confirmed). The stream ends when the server shuts
    /// > down or when every recipient is settled: a final status (02, 06, 15), a copy no longer current (retracted,
    /// > superseded, removed, or revoked once the revocation is confirmed); and, like `SubscribeInbox`, with the refusal a
    /// > new call would get once the caller is suspended or cut off.
    ///
    /// - Parameters:
    ///   - message: request message to send.
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func watchDocumentStatus<Result>(
        _ message: Vdxp_Exchange_V1_WatchDocumentStatusRequest,
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.StreamingClientResponse<Vdxp_Exchange_V1_DocumentStatusEvent>) async throws -> Result
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.ClientRequest<Vdxp_Exchange_V1_WatchDocumentStatusRequest>(
            message: message,
            metadata: metadata
        )
        return try await self.watchDocumentStatus(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "RetractDocument" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Takes a document back (lấy lại, Art. 15.1) from some or all of its recipients. Only its sender may, and only
    /// > the current version of a document that is not a revocation and not revoked. For each recipient:
    /// > - not yet registered (no 03; and not 02 REJECTED): retracted at once — copy RETRACTED with the reason in
    /// >   `disposition_reason`, and no status (15 is the recipient's agreement, which this does not need); an
    /// >   unacknowledged delivery is WITHDRAWN (it disappears from the inbox), and a recipient that may already hold the
    /// >   document gets a RETRACTED notice;
    /// > - registered (03–06): a retract request (13) is recorded and sent as a RETRACT_REQUESTED notice; the recipient
    /// >   accepts (15) or refuses (16) with `AnswerRetractRequest`.
    /// > A named recipient whose copy is not current, that rejected the document, that already has an open request, or
    /// > that has refused 5 requests already (a copy is asked at most 5 times) is FAILED_PRECONDITION (and nothing is
    /// > done); with no recipients named, those are skipped. Once its copy is
    /// > RETRACTED (at once, or by its agreement), the recipient can no longer read the document: `GetDocument` and the
    /// > lists show it with `content_withheld`, and `DownloadAttachment` is FAILED_PRECONDITION. Not idempotent: a retry
    /// > after a lost answer is FAILED_PRECONDITION for a recipient the first call retracted or asked ("retracted
    /// > already", "a retract request is still open"), and with no recipients named it acts on whoever is left — read
    /// > the document's recipients (`GetDocument`) before calling again.
    ///
    /// - Parameters:
    ///   - message: request message to send.
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func retractDocument<Result>(
        _ message: Vdxp_Exchange_V1_RetractDocumentRequest,
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RetractDocumentResponse>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.ClientRequest<Vdxp_Exchange_V1_RetractDocumentRequest>(
            message: message,
            metadata: metadata
        )
        return try await self.retractDocument(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "AnswerRetractRequest" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Answers a retract request addressed to the caller (recipient): accept (15, the copy becomes RETRACTED) or
    /// > refuse (16, with a reason). Each answer names its request, so several requests are never confused. A request
    /// > already answered is FAILED_PRECONDITION.
    ///
    /// - Parameters:
    ///   - message: request message to send.
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func answerRetractRequest<Result>(
        _ message: Vdxp_Exchange_V1_AnswerRetractRequestRequest,
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.ClientRequest<Vdxp_Exchange_V1_AnswerRetractRequestRequest>(
            message: message,
            metadata: metadata
        )
        return try await self.answerRetractRequest(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "ConfirmRevocation" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Confirms to the sender that the caller (a recipient) handled a revocation (thu hồi, Art. 15.3; QĐ 28 Art. 9.2):
    /// > it marked its copy of the revoked document revoked and stopped handling it. `document_id` is the revoked
    /// > document, not the revoking one. This explicit report, with who handled it, is the confirmation: acknowledging
    /// > the revoking document only says the order arrived, and must come first (FAILED_PRECONDITION otherwise). The
    /// > sender sees `RecipientState.revocation_confirm_time` and `revocation_confirm_handler` on the revoked document.
    /// > Confirming again returns the state of the first confirmation. A copy that is not REVOKED is FAILED_PRECONDITION;
    /// > a document the caller did not receive is NOT_FOUND.
    ///
    /// - Parameters:
    ///   - message: request message to send.
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func confirmRevocation<Result>(
        _ message: Vdxp_Exchange_V1_ConfirmRevocationRequest,
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.ClientRequest<Vdxp_Exchange_V1_ConfirmRevocationRequest>(
            message: message,
            metadata: metadata
        )
        return try await self.confirmRevocation(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "ListFailedDeliveries" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Lists the caller's documents whose delivery to a recipient FAILED (Art. 13.2), most recently failed first, each
    /// > with why (`RecipientState.fail_reason`: attempts used up, not acknowledged by `acknowledge_deadline` — the
    /// > configured time after sending and the end of the recipient's working day at the latest — or the recipient no
    /// > longer connected or closed, with its successor in `successor_organisation_id`).
    ///
    /// - Parameters:
    ///   - message: request message to send.
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func listFailedDeliveries<Result>(
        _ message: Vdxp_Exchange_V1_ListFailedDeliveriesRequest,
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_ListFailedDeliveriesResponse>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.ClientRequest<Vdxp_Exchange_V1_ListFailedDeliveriesRequest>(
            message: message,
            metadata: metadata
        )
        return try await self.listFailedDeliveries(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "RetryDelivery" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Puts a FAILED delivery of a document the caller sent back in the recipient's inbox, with a fresh attempt
    /// > count and a fresh acknowledgement deadline counted from now (Art. 13.2: the sender handles a failure). Anything
    /// > but a FAILED delivery is FAILED_PRECONDITION; so is a recipient that is not TRIAL or OFFICIAL now (a closed one
    /// > is told with its successor: send the document there instead).
    ///
    /// - Parameters:
    ///   - message: request message to send.
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func retryDelivery<Result>(
        _ message: Vdxp_Exchange_V1_RetryDeliveryRequest,
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_RecipientState>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.ClientRequest<Vdxp_Exchange_V1_RetryDeliveryRequest>(
            message: message,
            metadata: metadata
        )
        return try await self.retryDelivery(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "StreamJournal" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Streams the journal in chain order from just after `after_sequence` (server streaming), then follows new entries
    /// > as they are chained — or, with `until_head`, ends once the entries chained when the call began are sent. Platform
    /// > services (Search, Report, Monitoring) and operators (the audit, `vdxp audit verify`); members get
    /// > PERMISSION_DENIED. Resume with the last `sequence` you processed; replay from 0 to rebuild a projection. An
    /// > `after_sequence` past the last chained entry is FAILED_PRECONDITION: the journal was restored to an earlier point
    /// > (or the cursor is another platform's), and a projection that holds entries it no longer has must be rebuilt.
    ///
    /// - Parameters:
    ///   - message: request message to send.
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func streamJournal<Result>(
        _ message: Vdxp_Exchange_V1_StreamJournalRequest,
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.StreamingClientResponse<Vdxp_Exchange_V1_JournalEntry>) async throws -> Result
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.ClientRequest<Vdxp_Exchange_V1_StreamJournalRequest>(
            message: message,
            metadata: metadata
        )
        return try await self.streamJournal(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }

    /// Call the "ListJournalSeals" method.
    ///
    /// > Source IDL Documentation:
    /// >
    /// > Lists the journal's seals (`JournalSeal`, Art. 5.3) in sequence order, those sealing entries after
    /// > `after_sequence`, at most `page_size` (1 to 1000, default 100): page on with the last seal's sequence. Operators
    /// > and platform services; members get PERMISSION_DENIED. INVALID_ARGUMENT for a negative `after_sequence` or a
    /// > `page_size` out of range.
    ///
    /// - Parameters:
    ///   - message: request message to send.
    ///   - metadata: Additional metadata to send, defaults to empty.
    ///   - options: Options to apply to this RPC, defaults to `.defaults`.
    ///   - handleResponse: A closure which handles the response and returns its result to
    ///       the caller. Returning from the closure will cancel the RPC if it hasn't
    ///       already finished.
    /// - Returns: The result of `handleResponse`.
    public func listJournalSeals<Result>(
        _ message: Vdxp_Exchange_V1_ListJournalSealsRequest,
        metadata: GRPCCore.Metadata = [:],
        options: GRPCCore.CallOptions = .defaults,
        onResponse handleResponse: @Sendable @escaping (GRPCCore.ClientResponse<Vdxp_Exchange_V1_ListJournalSealsResponse>) async throws -> Result = { response in
            try response.message
        }
    ) async throws -> Result where Result: Sendable {
        let request = GRPCCore.ClientRequest<Vdxp_Exchange_V1_ListJournalSealsRequest>(
            message: message,
            metadata: metadata
        )
        return try await self.listJournalSeals(
            request: request,
            options: options,
            onResponse: handleResponse
        )
    }
}