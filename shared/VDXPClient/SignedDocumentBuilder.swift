import Crypto
public import Foundation
import SwiftProtobuf
public import VDXPProto
import VDXPRuntime
public import VDXPTrust
public import X509

/// Builds what an agency's system sends to `SendDocument`, following the signing scheme of document.proto:
/// describe each attachment with its size and SHA-256, serialize the header, sign those bytes, and stream the
/// attachments in header order in chunks of at most 1 MiB.
///
/// ```swift
/// let builder = SignedDocumentBuilder(header: header, attachments: [("quyet-dinh.pdf", "application/pdf", pdf)])
/// let messages = try builder.messages(signingKey: key, algorithm: .ecdsaP256SHA256, chain: [sealCertificate])
/// ```
public struct SignedDocumentBuilder: Sendable {
    /// The header, without attachment descriptors (they are added from `attachments`).
    public var header: Vdxp_Exchange_V1_DocumentHeader
    /// The attachments: name, media type, bytes.
    public var attachments: [(name: String, contentType: String, data: Data)]
    /// Largest chunk sent.
    public static let chunkBytes = 1024 * 1024

    /// Creates a builder.
    public init(header: Vdxp_Exchange_V1_DocumentHeader, attachments: [(name: String, contentType: String, data: Data)])
    {
        self.header = header
        self.attachments = attachments
    }

    /// The header with one descriptor per attachment.
    public var completeHeader: Vdxp_Exchange_V1_DocumentHeader {
        var header = self.header
        header.attachments = attachments.map { attachment in
            .with {
                $0.name = attachment.name
                $0.contentType = attachment.contentType
                $0.sizeBytes = Int64(attachment.data.count)
                $0.sha256 = Data(SHA256.hash(data: attachment.data))
            }
        }
        return header
    }

    /// One signer of a document: its key, scheme and certificate chain (leaf first).
    public struct Signer: Sendable {
        /// The private key.
        public var key: SigningKey
        /// The signature scheme.
        public var algorithm: SignatureAlgorithm
        /// The certificate chain, leaf first.
        public var chain: [Certificate]

        /// Creates a signer.
        public init(key: SigningKey, algorithm: SignatureAlgorithm, chain: [Certificate]) {
            self.key = key
            self.algorithm = algorithm
            self.chain = chain
        }
    }

    /// The signed header bytes and one signature (the organisation's seal: for reference only, Art. 11).
    public func signedDocument(
        signingKey: SigningKey, algorithm: SignatureAlgorithm, chain: [Certificate]
    ) throws -> Vdxp_Exchange_V1_SignedDocument {
        try signedDocument(signers: [Signer(key: signingKey, algorithm: algorithm, chain: chain)])
    }

    /// The signed header bytes and one signature per signer, in order — e.g. the competent signer's and the
    /// organisation's, which together give the document legal value (Art. 11).
    public func signedDocument(signers: [Signer]) throws -> Vdxp_Exchange_V1_SignedDocument {
        let bytes: [UInt8] = try completeHeader.serializedBytes()
        var signatures: [Vdxp_Exchange_V1_DocumentSignature] = []
        for signer in signers {
            let signature = try signer.key.sign(bytes, algorithm: signer.algorithm)
            signatures.append(
                .with {
                    $0.algorithm = signer.algorithm.proto
                    $0.signature = Data(signature)
                    $0.certificateChain = signer.chain.map { Data($0.derEncodedBytes) }
                })
        }
        return .with {
            $0.header = Data(bytes)
            $0.signatures = signatures
        }
    }

    /// The whole `SendDocument` stream for a signed document: the document, then every attachment's chunks.
    public func messages(for document: Vdxp_Exchange_V1_SignedDocument) -> [Vdxp_Exchange_V1_SendDocumentRequest] {
        var messages: [Vdxp_Exchange_V1_SendDocumentRequest] = [.with { $0.document = document }]
        for (index, attachment) in attachments.enumerated() {
            var offset = 0
            while offset < attachment.data.count {
                let end = min(offset + Self.chunkBytes, attachment.data.count)
                let slice = attachment.data.subdata(in: offset..<end)
                messages.append(
                    .with {
                        $0.chunk = .with {
                            $0.attachmentIndex = Int32(index)
                            $0.data = slice
                        }
                    })
                offset = end
            }
        }
        return messages
    }
}
