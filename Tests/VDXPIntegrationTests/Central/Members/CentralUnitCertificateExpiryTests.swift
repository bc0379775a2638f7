import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPTrust
import X509

/// A represented unit (Art. 3.3, 8.2.b) seals its documents with a certificate of its own but has no contact: the
/// member it is registered under is warned before that seal expires, as for its own certificates.
@Suite("Central: a represented unit's seal certificate expiring", .serialized, .timeLimit(.minutes(10)))
struct CentralUnitCertificateExpiryTests {
    @Test("the seal of a unit expiring within 30 days is announced to its parent member's contact, by e-mail and SMS")
    func unitSealExpiring() async throws {
        try await TestPlatform.with(centralSettings: ["VDXP_CERTIFICATE_EXPIRY_CHECK_SECONDS": "1"]) { platform in
            try await ExchangeRepresentedUnitTests.registerDepartment(in: platform)
            let unit = ExchangeRepresentedUnitTests.department.organisationID
            let memberCA = try CertificateIssuer(
                certificate: try PEM.loadCertificateChain(pemFile: platform.pki.memberCA)[0],
                key: try PEM.loadSigningKey(pemFile: platform.pki.memberCAKey))
            let seal = try memberCA.issue(
                publicKey: try SigningKey(generating: .p256).publicKey,
                subject: try DistinguishedName {
                    OrganizationName("Sở Tư pháp Thành phố Hà Nội")
                    CommonName("\(unit) seal")
                },
                keyUsage: KeyUsage(digitalSignature: true, nonRepudiation: true),
                notValidAfter: Date().addingTimeInterval(20 * 86_400))
            _ = try await platform.operatorClient.central {
                try await $0.addMemberCertificate(
                    .with {
                        $0.organisationID = unit
                        $0.usage = .signing
                        $0.certificateDer = Data(seal.derEncodedBytes)
                    })
            }
            var notices: [Vdxp_Central_V1_Notification] = []
            try await TestMonitoring.eventually("the parent member is warned", within: .seconds(60)) {
                notices = try await platform.notifications(kind: "certificate.expiry_warning")
                return notices.count == 2
            }
            let parent = ExchangeRepresentedUnitTests.city.organisationID
            #expect(notices.allSatisfy { $0.organisationID == parent }, "\(notices.map(\.organisationID))")
            #expect(notices.contains { $0.channel == .email && $0.body.contains(unit) })
            #expect(notices.contains { $0.channel == .sms && $0.body.contains(unit) })
        }
    }
}
