public import Foundation
import SwiftASN1
public import X509

extension CertificateIssuer {
    /// Issues a certificate revocation list (RFC 5280 § 5, v2) signed by this CA, revoking `certificates`: what a CA
    /// publishes and the operator uploads to Central (`UploadRevocationList`). The development PKI and the tests use
    /// it; ``CertificateRevocationList`` reads it back.
    ///
    /// ```swift
    /// let crl = try memberCA.issueRevocationList(revoking: [compromised.serialNumber], number: 2)
    /// ```
    ///
    /// - Parameters:
    ///   - serialNumbers: The serial numbers of the certificates revoked; none for an empty list.
    ///   - thisUpdate: When the list is issued; now by default (to the second).
    ///   - nextUpdateAfter: How long after `thisUpdate` the next list is promised (nextUpdate); seven days by default,
    ///     nil for a list without nextUpdate.
    ///   - number: The cRLNumber, increasing with each list the CA issues.
    /// - Returns: The CRL, DER-encoded.
    /// - Throws: ``TrustError/Code/unsupportedAlgorithm`` for a key VDXP cannot sign CRLs with,
    ///   ``TrustError/Code/malformed`` if the list cannot be encoded.
    public func issueRevocationList(
        revoking serialNumbers: [Certificate.SerialNumber],
        thisUpdate: Date = Date(),
        nextUpdateAfter: TimeInterval? = 7 * 86_400,
        number: Int64 = 1
    ) throws(TrustError) -> [UInt8] {
        let algorithm = self.key.defaultAlgorithm
        guard let oid = CertificateRevocationList.objectIdentifier(algorithm) else {
            throw TrustError(code: .unsupportedAlgorithm, message: "VDXP cannot sign a CRL with \(algorithm).")
        }
        let next = nextUpdateAfter.map { thisUpdate.addingTimeInterval($0) }
        do {
            func algorithmIdentifier(_ coder: inout DER.Serializer) throws {
                try coder.appendConstructedNode(identifier: .sequence) { fields in
                    try fields.serialize(oid)
                    if algorithm.keyType == .rsa {
                        try fields.serialize(ASN1Null())
                    }
                }
            }
            var tbs = DER.Serializer()
            try tbs.appendConstructedNode(identifier: .sequence) { fields in
                try fields.serialize(1)  // v2
                try algorithmIdentifier(&fields)
                try fields.serialize(self.certificate.subject)
                try Self.serializeTime(thisUpdate, into: &fields)
                if let next {
                    try Self.serializeTime(next, into: &fields)
                }
                if !serialNumbers.isEmpty {
                    try fields.appendConstructedNode(identifier: .sequence) { entries in
                        for serial in serialNumbers {
                            try entries.appendConstructedNode(identifier: .sequence) { entry in
                                // The magnitude: the unsigned serializer adds the 0x00 a high first bit needs.
                                let magnitude = Array(serial.bytes.drop { $0 == 0 })
                                try entry.serialize(ArraySlice(magnitude.isEmpty ? [0] : magnitude))
                                try Self.serializeTime(thisUpdate, into: &entry)
                            }
                        }
                    }
                }
                try fields.appendConstructedNode(
                    identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
                ) { wrapper in
                    try wrapper.appendConstructedNode(identifier: .sequence) { extensions in
                        var value = DER.Serializer()
                        try value.serialize(number)
                        try extensions.serialize(
                            Certificate.Extension(
                                oid: CertificateRevocationList.crlNumberOID, critical: false,
                                value: value.serializedBytes[...]))
                    }
                }
            }
            let signedBytes = tbs.serializedBytes
            let signature = try self.key.sign(signedBytes, algorithm: algorithm)
            var list = DER.Serializer()
            try list.appendConstructedNode(identifier: .sequence) { fields in
                fields.serializeRawBytes(signedBytes)
                try algorithmIdentifier(&fields)
                try fields.serialize(ASN1BitString(bytes: signature[...]))
            }
            return list.serializedBytes
        } catch let error as TrustError {
            throw error
        } catch {
            throw TrustError(
                code: .malformed, message: "Cannot encode the CRL of '\(self.certificate.subject)'.", cause: error)
        }
    }

    /// A Time as RFC 5280 wants it: UTCTime through 2049, GeneralizedTime from 2050.
    private static func serializeTime(_ date: Date, into coder: inout DER.Serializer) throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let (year, month, day) = (parts.year!, parts.month!, parts.day!)
        let (hours, minutes, seconds) = (parts.hour!, parts.minute!, parts.second!)
        if year < 2050 {
            try coder.serialize(
                UTCTime(year: year, month: month, day: day, hours: hours, minutes: minutes, seconds: seconds))
        } else {
            try coder.serialize(
                GeneralizedTime(
                    year: year, month: month, day: day, hours: hours, minutes: minutes, seconds: seconds,
                    fractionalSeconds: 0))
        }
    }
}
