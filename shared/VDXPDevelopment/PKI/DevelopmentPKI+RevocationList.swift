public import Foundation
public import VDXPTrust
import X509

extension DevelopmentPKI {
    /// A certificate revocation list of the development member CA (the simulated government CA), revoking the
    /// certificates in the PEM files `revokedCertificatePaths`: what the operator uploads to Central
    /// (`UploadRevocationList`) to see revocation work locally.
    ///
    /// ```swift
    /// let crl = try DevelopmentPKI.memberRevocationList(
    ///     pki, revoking: [pki.members["000.00.00.G22"]!.signingCertificate], number: 2)
    /// ```
    ///
    /// - Parameters:
    ///   - pki: The development PKI's files.
    ///   - revokedCertificatePaths: PEM files of certificates the member CA issued; none for an empty list.
    ///   - number: The CRL number; each list uploaded must have a number at least that of the one held.
    ///   - now: The CRL's thisUpdate; now by default. Its nextUpdate is seven days later.
    /// - Returns: The CRL, DER-encoded.
    /// - Throws: ``TrustError`` when a file cannot be read or the list cannot be signed.
    public static func memberRevocationList(
        _ pki: DevelopmentPKIPaths, revoking revokedCertificatePaths: [String], number: Int64, now: Date = Date()
    ) throws(TrustError) -> [UInt8] {
        let issuer = try CertificateIssuer(
            certificate: try PEM.loadCertificateChain(pemFile: pki.memberCA)[0],
            key: try PEM.loadSigningKey(pemFile: pki.memberCAKey))
        var serials: [Certificate.SerialNumber] = []
        for path in revokedCertificatePaths {
            serials.append(try PEM.loadCertificateChain(pemFile: path)[0].serialNumber)
        }
        return try issuer.issueRevocationList(revoking: serials, thisUpdate: now, number: number)
    }
}
