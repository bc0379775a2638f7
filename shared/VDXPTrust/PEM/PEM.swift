import Foundation
import SwiftASN1
public import X509

/// Reading and writing certificates and keys as PEM text and files.
///
/// ```swift
/// let chain = try PEM.loadCertificateChain(pemFile: "/etc/vdxp/tls/certificate.pem")  // leaf first
/// let key = try PEM.loadSigningKey(pemFile: "/etc/vdxp/tls/key.pem")
/// print(PEM.pemString(for: chain[0]))
/// ```
public enum PEM {
    /// Parses every certificate in a PEM string, in order.
    ///
    /// - Parameter pemString: One or more `-----BEGIN CERTIFICATE-----` blocks; text between blocks is ignored.
    /// - Returns: The certificates, in the order they appear (for a chain file: leaf first).
    /// - Throws: ``TrustError/Code/malformed`` if there is no block, a block is not a certificate (a private key
    ///   in a certificate file is refused, not skipped), or a certificate cannot be parsed.
    public static func certificates(fromPEM pemString: String) throws(TrustError) -> [Certificate] {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: pemString)
        } catch {
            throw TrustError(
                code: .malformed,
                message: "The text is not valid PEM: expected '-----BEGIN CERTIFICATE-----' blocks.",
                cause: error
            )
        }
        guard !documents.isEmpty else {
            throw TrustError(code: .malformed, message: "The PEM text holds no certificate.")
        }
        var certificates: [Certificate] = []
        certificates.reserveCapacity(documents.count)
        for (index, document) in documents.enumerated() {
            guard document.discriminator == Certificate.defaultPEMDiscriminator else {
                throw TrustError(
                    code: .malformed,
                    message: "PEM block \(index + 1) is a '\(document.discriminator)', not a CERTIFICATE; "
                        + "a certificate file holds only certificates (keep private keys in their own files)."
                )
            }
            do {
                certificates.append(try Certificate(derEncoded: document.derBytes))
            } catch {
                throw TrustError(
                    code: .malformed,
                    message: "Certificate \(index + 1) of the PEM text cannot be parsed as X.509.",
                    cause: error
                )
            }
        }
        return certificates
    }

    /// Parses a certificate from its DER encoding.
    ///
    /// - Throws: ``TrustError/Code/malformed`` if the bytes are not an X.509 certificate.
    public static func certificate(fromDER derBytes: [UInt8]) throws(TrustError) -> Certificate {
        do {
            return try Certificate(derEncoded: derBytes)
        } catch {
            throw TrustError(
                code: .malformed, message: "The bytes are not a DER-encoded X.509 certificate.", cause: error)
        }
    }

    /// Reads a PEM file of one or more certificates, such as a chain file (leaf first) or a CA bundle.
    ///
    /// - Parameter path: The file's path.
    /// - Throws: ``TrustError/Code/fileAccess`` if the file cannot be read, ``TrustError/Code/malformed`` as in
    ///   ``certificates(fromPEM:)`` (the message names the file).
    public static func loadCertificateChain(pemFile path: String) throws(TrustError) -> [Certificate] {
        let text = try self.readText(path, what: "certificate file")
        do {
            return try self.certificates(fromPEM: text)
        } catch {
            throw TrustError(code: error.code, message: "\(path): \(error.message)", cause: error.cause)
        }
    }

    /// Reads a PEM file holding one unencrypted private key (see ``SigningKey/init(pemRepresentation:)``).
    ///
    /// - Parameter path: The file's path.
    /// - Throws: ``TrustError/Code/fileAccess`` if the file cannot be read; otherwise the errors of
    ///   ``SigningKey/init(pemRepresentation:)`` with the file named in the message.
    public static func loadSigningKey(pemFile path: String) throws(TrustError) -> SigningKey {
        let text = try self.readText(path, what: "private key file")
        do {
            return try SigningKey(pemRepresentation: text)
        } catch {
            throw TrustError(code: error.code, message: "\(path): \(error.message)", cause: error.cause)
        }
    }

    /// The PEM text of a certificate: one `-----BEGIN CERTIFICATE-----` block ending in a newline.
    public static func pemString(for certificate: Certificate) -> String {
        PEMDocument(type: Certificate.defaultPEMDiscriminator, derBytes: certificate.derBytes).pemString + "\n"
    }

    /// The PEM text of several certificates, in the order given (for a chain: leaf first).
    public static func pemString(for certificates: [Certificate]) -> String {
        certificates.map { self.pemString(for: $0) }.joined()
    }

    private static func readText(_ path: String, what: String) throws(TrustError) -> String {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw TrustError(
                code: .fileAccess,
                message: "Cannot read the \(what) '\(path)': check that it exists and that this process may read it.",
                cause: error
            )
        }
    }
}
