public import Foundation
public import GRPCCore
import GRPCNIOTransportHTTP2Posix
import VDXPCore
import VDXPProto
import VDXPTrust
public import X509

/// Decides who a caller is from the client certificate of its mutual-TLS connection.
///
/// - A certificate whose validated chain ends at a platform CA (the bundle may hold two during a rotation) and whose
///   subject has `OU=VDXP Platform` is a platform identity: common name `service:<name>`, `operator:<name>` or
///   `auditor:<name>`.
/// - Any other certificate must be registered as a connection certificate of a member in the current global
///   configuration (by SHA-256 fingerprint) and not be revoked by the CA that issued it (the CRLs of the global
///   configuration, Art. 7.3); the TLS handshake has already checked that it chains to a trusted CA. Revocation is
///   checked at each call, so a connection opened before the revocation is refused from the next call on.
/// - What the handshake checked once is checked again at each call, since a connection may stay open for days: every
///   certificate of the chain must be valid now (one that expired on an open connection is refused), none revoked
///   by the next (an intermediate authority too, as for document seals), and a member's chain must still end at an
///   authority the configuration trusts (not one retired since).
/// - No member is recognised while the process holds no valid global configuration: the call is refused UNAVAILABLE
///   with ``GlobalConfigurationError``'s words (none yet, or expired and Central not reached since) — except a
///   certificate the last verified copy revokes, which stays refused as revoked (UNAUTHENTICATED).
public struct IdentityResolver: Sendable {
    /// The platform CAs: one, or the old and the new one side by side during a rotation (docs/operations.md §5.1).
    public let platformCAs: [Certificate]
    /// Where member certificates are looked up.
    public let configuration: GlobalConfigurationStore
    /// Names of the platform's services (certificates naming another service are refused).
    public static let serviceNames: Set<String> = ["central", "exchange", "monitoring", "ticket", "report", "search"]

    /// Creates a resolver.
    public init(platformCAs: [Certificate], configuration: GlobalConfigurationStore) {
        self.platformCAs = platformCAs
        self.configuration = configuration
    }

    /// Resolves the caller of the RPC in `context`, or throws UNAUTHENTICATED / UNAVAILABLE with what to do.
    public func resolve(_ context: ServerContext) throws(RPCError) -> CallerIdentity {
        guard let transport = context.transportSpecific as? HTTP2ServerTransport.Posix.Context,
            let leaf = transport.peerCertificate
        else {
            throw RPCError(
                code: .unauthenticated,
                message: "no client certificate: VDXP accepts only mutual TLS; present your connection certificate")
        }
        let chain = transport.peerCertificateChain.map { Array($0) } ?? [leaf]
        return try resolve(leaf: leaf, validatedChain: chain)
    }

    /// Resolves a caller from its leaf certificate and the chain the TLS handshake validated (leaf first), at `now`.
    public func resolve(
        leaf: Certificate, validatedChain: [Certificate], at now: Date = Date()
    ) throws(RPCError) -> CallerIdentity {
        for certificate in [leaf] + validatedChain.dropFirst()
        where now < certificate.notValidBefore || certificate.notValidAfter < now {
            throw RPCError(
                code: .unauthenticated,
                message: "certificate '\(certificate.subject)' of this connection is valid from "
                    + "\(certificate.notValidBefore) to \(certificate.notValidAfter), not now: the connection was "
                    + "opened while it was. Renew the certificate (and have the new one registered) and connect again")
        }
        if validatedChain.count > 1, let root = validatedChain.last, platformCAs.contains(root), leaf.isPlatformIdentity
        {
            let commonName = leaf.commonName ?? ""
            if commonName.hasPrefix("service:") {
                let name = String(commonName.dropFirst("service:".count))
                guard Self.serviceNames.contains(name) else {
                    throw RPCError(code: .unauthenticated, message: "\(commonName.echoed) names no VDXP service")
                }
                return .service(name: name)
            }
            if commonName.hasPrefix("operator:") {
                return .operator(name: String(commonName.dropFirst("operator:".count)))
            }
            if commonName.hasPrefix("auditor:"), commonName.count > "auditor:".count {
                return .auditor(name: String(commonName.dropFirst("auditor:".count)))
            }
            throw RPCError(
                code: .unauthenticated,
                message: "platform certificate \(commonName.echoed) must be named service:<name>, operator:<name> or "
                    + "auditor:<name>")
        }
        let fingerprint = CertificateFingerprint.sha256(of: leaf)
        let snapshot: GlobalConfigurationSnapshot
        do {
            snapshot = try configuration.valid()
        } catch {
            // No member is recognised on a missing or expired copy (`GlobalConfigurationStore.valid`, the one refusal
            // of every service), but a revocation is never undone: what the last verified copy's CRLs revoke is still
            // refused as revoked, so a revoked certificate learns nothing new while Central is away.
            if let held = configuration.snapshot,
                let revoked = Self.revocation(
                    of: leaf, fingerprint: fingerprint, validatedChain: validatedChain, in: held)
            {
                throw revoked
            }
            throw RPCError(error)
        }
        guard let member = snapshot.member(forConnectionFingerprint: fingerprint) else {
            throw RPCError(
                code: .unauthenticated,
                message: "certificate \(fingerprint) is not registered to any member: ask the operator to register it "
                    + "as a CONNECTION certificate of your organisation (Central AddMemberCertificate)")
        }
        if let revoked = Self.revocation(
            of: leaf, fingerprint: fingerprint, validatedChain: validatedChain, in: snapshot)
        {
            throw revoked
        }
        if validatedChain.count > 1, let anchor = validatedChain.last, !snapshot.trustedAuthorities.contains(anchor) {
            throw RPCError(
                code: .unauthenticated,
                message: "the authority '\(anchor.subject)' that issued connection certificate \(fingerprint) is no "
                    + "longer trusted (retired from the trust list): obtain a connection certificate from a trusted "
                    + "authority and ask the operator to register it (Central AddMemberCertificate)")
        }
        return .member(organisationID: member.organisationID)
    }

    /// UNAUTHENTICATED if `snapshot`'s CRLs revoke `leaf` (issued by the second certificate of the validated chain,
    /// or by the trusted authority named as its issuer) or an authority certificate of the chain above it, naming
    /// the member it is registered to if any; `nil` otherwise.
    static func revocation(
        of leaf: Certificate, fingerprint: String, validatedChain: [Certificate],
        in snapshot: GlobalConfigurationSnapshot
    ) -> RPCError? {
        if validatedChain.count > 2, let (index, authority) = snapshot.revocations.firstRevoked(in: validatedChain),
            index > 0
        {
            return RPCError(
                code: .unauthenticated,
                message: "the authority certificate '\(authority.subject)' above connection certificate "
                    + "\(fingerprint) is revoked: the revocation list of '\(validatedChain[index + 1].subject)' lists "
                    + "it. Obtain a connection certificate from a trusted authority and ask the operator to register it "
                    + "(Central AddMemberCertificate)")
        }
        let issuer =
            validatedChain.count > 1
            ? validatedChain[1] : snapshot.trustedAuthorities.first { $0.subject == leaf.issuer }
        guard let issuer, snapshot.revocations.isRevoked(leaf, issuedBy: issuer) else { return nil }
        let owner = snapshot.member(forConnectionFingerprint: fingerprint).map { " of \($0.organisationID)" } ?? ""
        return RPCError(
            code: .unauthenticated,
            message: "connection certificate \(fingerprint)\(owner) is revoked: the revocation list of "
                + "'\(issuer.subject)' lists it. Obtain a new connection certificate and ask the operator to register it "
                + "(Central AddMemberCertificate)")
    }
}

extension Certificate {
    /// The subject's common name, if any.
    public var commonName: String? {
        for rdn in subject {
            for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                return attribute.value.description
            }
        }
        return nil
    }

    /// Whether the subject carries `OU=VDXP Platform`.
    var isPlatformIdentity: Bool {
        for rdn in subject {
            for attribute in rdn where attribute.type == .RDNAttributeType.organizationalUnitName {
                if attribute.value.description == "VDXP Platform" { return true }
            }
        }
        return false
    }
}
