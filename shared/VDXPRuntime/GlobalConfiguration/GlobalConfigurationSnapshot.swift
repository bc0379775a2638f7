public import Foundation
import SwiftASN1
import SwiftProtobuf
public import VDXPCore
public import VDXPProto
public import VDXPTrust
public import X509

/// A verified global configuration, indexed for the questions services ask on every call.
public struct GlobalConfigurationSnapshot: Sendable {
    /// The signed form, as received (to pass on unchanged).
    public let signed: Vdxp_Central_V1_SignedGlobalConfiguration
    /// The parsed configuration.
    public let configuration: Vdxp_Central_V1_GlobalConfiguration
    /// Members by organisation id: the organisations with a connection of their own.
    public let members: [String: Vdxp_Central_V1_ConfiguredMember]
    /// Everyone a document can come from or go to, by organisation id: the members, and the units they represent
    /// (Art. 3.3, 8.2.b; ``parent(ofUnit:)``). A unit appears as a member with its own id and name, its own seal
    /// certificates, and its parent's kind and state — it is connected exactly while its parent is — and never with a
    /// connection certificate: its traffic is its parent's connection.
    public let parties: [String: Vdxp_Central_V1_ConfiguredMember]
    /// The trusted certificate authorities, parsed.
    public let trustedAuthorities: [Certificate]
    /// The working days Central published (`GlobalConfiguration.calendar`): every service counts working days with
    /// these, so that none disagrees with Central.
    public let calendar: BusinessCalendar
    /// The certificates the trusted authorities revoked, from the CRLs Central published
    /// (`GlobalConfiguration.revocation_lists`): a chain validated against ``trustedAuthorities`` is checked against
    /// them too.
    public let revocations: RevokedCertificates
    /// The digest of ``trustedAuthorities`` and ``revocations`` (`VerifiedChainCache.trustDigest`): a copy that
    /// trusts other authorities, or revokes other certificates, has another — even under the same version.
    public let trustDigest: Data
    private let memberByConnectionFingerprint: [String: String]
    private let signingFingerprintsByMember: [String: Set<String>]
    private let parentByUnit: [String: String]

    /// The configuration version.
    public var version: Int64 { configuration.version }
    /// When this copy stops being usable.
    public var expireTime: Date { configuration.expireTime.date }

    /// Parses and indexes a configuration whose signature has already been checked.
    public init(verified signed: Vdxp_Central_V1_SignedGlobalConfiguration) throws {
        self.signed = signed
        let configuration = try Vdxp_Central_V1_GlobalConfiguration(serializedBytes: signed.configuration)
        let violations = WellKnownTypeRanges.violations(in: configuration)
        guard violations.isEmpty else {
            // Signed by the anchor yet holding a time that is not a time: refuse the copy rather than trap on it.
            throw InvalidArgumentError(
                violations: violations.map {
                    FieldViolation(field: "global_configuration.\($0.field)", rule: $0.rule)
                })
        }
        self.configuration = configuration
        var members: [String: Vdxp_Central_V1_ConfiguredMember] = [:]
        var connection: [String: String] = [:]
        var signing: [String: Set<String>] = [:]
        for member in configuration.members {
            members[member.organisationID] = member
            for certificate in member.certificates {
                switch certificate.usage {
                case .connection: connection[certificate.fingerprintSha256] = member.organisationID
                case .signing: signing[member.organisationID, default: []].insert(certificate.fingerprintSha256)
                default: continue
                }
            }
        }
        var parties = members
        var parents: [String: String] = [:]
        for member in configuration.members {
            for unit in member.representedUnits where members[unit.organisationID] == nil {
                parents[unit.organisationID] = member.organisationID
                parties[unit.organisationID] = .with {
                    $0.organisationID = unit.organisationID
                    $0.displayName = unit.displayName
                    $0.kind = member.kind
                    $0.state = member.state
                    $0.certificates = unit.certificates.filter { $0.usage == .signing }
                }
                // A unit seals with its own seal, or with its parent's ("TL." the head of the parent body).
                signing[unit.organisationID, default: []].formUnion(
                    unit.certificates.filter { $0.usage == .signing }.map(\.fingerprintSha256))
                signing[unit.organisationID, default: []].formUnion(signing[member.organisationID] ?? [])
            }
        }
        self.members = members
        self.parties = parties
        self.parentByUnit = parents
        self.memberByConnectionFingerprint = connection
        self.signingFingerprintsByMember = signing
        self.calendar = BusinessCalendar(proto: configuration.calendar)
        var revoked: [String: Set<String>] = [:]
        for list in configuration.revocationLists {
            revoked[list.authorityFingerprintSha256, default: []].formUnion(list.revokedSerialNumbers)
        }
        self.revocations = RevokedCertificates(revoked)
        self.trustedAuthorities = try configuration.trustedAuthorities.map {
            try Certificate(derEncoded: Array($0.certificateDer))
        }
        self.trustDigest = VerifiedChainCache.trustDigest(
            authoritiesDER: configuration.trustedAuthorities.map(\.certificateDer), revoked: revocations)
    }

    /// A validator of member certificate chains: the trusted authorities, and the certificates they revoked.
    public var memberCertificateValidator: CertificateChainValidator {
        CertificateChainValidator(trustedRoots: trustedAuthorities, revoked: revocations)
    }

    /// Whether the copy has expired at `now`.
    public func isExpired(at now: Date = Date()) -> Bool { now >= expireTime }

    /// The member whose connection certificate has this fingerprint.
    public func member(forConnectionFingerprint fingerprint: String) -> Vdxp_Central_V1_ConfiguredMember? {
        memberByConnectionFingerprint[fingerprint].flatMap { members[$0] }
    }

    /// The member whose connection carries the traffic of the represented unit `unitID`; `nil` when `unitID` is no
    /// registered unit.
    public func parent(ofUnit unitID: String) -> String? {
        parentByUnit[unitID]
    }

    /// Whether the certificate with this fingerprint is a signing certificate of `organisationID` (for a represented
    /// unit: its own seal or its parent's).
    public func isSigningCertificate(_ fingerprint: String, of organisationID: String) -> Bool {
        signingFingerprintsByMember[organisationID]?.contains(fingerprint) ?? false
    }
}

extension Vdxp_Central_V1_SignedGlobalConfiguration {
    /// Checks Central's signature with the anchor certificate's public key and parses the configuration.
    /// Throws `TrustError` if the signature does not verify.
    public func verified(anchor: Certificate) throws -> GlobalConfigurationSnapshot {
        guard let algorithm = SignatureAlgorithm(proto: signatureAlgorithm) else {
            throw TrustError(
                code: .unsupportedAlgorithm, message: "the global configuration names no known signature algorithm")
        }
        try verifySignature(
            Array(signature), over: Array(configuration), algorithm: algorithm, publicKey: anchor.publicKey)
        return try GlobalConfigurationSnapshot(verified: self)
    }
}
