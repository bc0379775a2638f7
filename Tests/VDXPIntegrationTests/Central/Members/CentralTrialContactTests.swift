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

/// Art. 19.2 with Art. 9.2: Monitoring tells a member by SMS and e-mail when its connection is lost, within 30
/// minutes. So Central refuses to start the trial of a member whose record lacks the e-mail or the telephone those
/// notices go to.
@Suite("A trial connection needs an e-mail and a phone contact (Art. 9.2, 19.2)", .serialized)
struct CentralTrialContactTests {
    @Test("a member without a contact e-mail or phone cannot start its trial; with both it can")
    func contactsBeforeTrial() async throws {
        try await TestPlatform.with { platform in
            let memberCA = try CertificateIssuer(
                certificate: try PEM.loadCertificateChain(pemFile: platform.pki.memberCA)[0],
                key: try PEM.loadSigningKey(pemFile: platform.pki.memberCAKey))
            let cases: [(id: String, email: String, phone: String, missing: String?)] = [
                ("000.00.00.H31", "", "", "contact.email and contact.phone"),
                ("000.00.00.H32", "vanthu@hagiang.gov.vn", "", "contact.phone"),
                ("000.00.00.H33", "", "0219 3866 123", "contact.email"),
                ("000.00.00.H34", "vanthu@caobang.gov.vn", "+84 206 3852 123", nil),
            ]
            for member in cases {
                var application = TestPlatform.application(member.id, "UBND tỉnh \(member.id)")
                if !member.email.isEmpty || !member.phone.isEmpty {
                    application.contact = .with {
                        $0.email = member.email
                        $0.phone = member.phone
                    }
                }
                let connection = try memberCA.issue(
                    publicKey: try SigningKey(generating: .p256).publicKey,
                    subject: try DistinguishedName {
                        CommonName("\(member.id) connection")
                        OrganizationName("UBND tỉnh \(member.id)")
                    },
                    keyUsage: KeyUsage(digitalSignature: true), extendedKeyUsage: [.clientAuth])
                try await platform.operatorClient.central { [application] in
                    _ = try await $0.createMember(.with { $0.member = application })
                    _ = try await $0.addMemberCertificate(
                        .with {
                            $0.organisationID = member.id
                            $0.certificateDer = Data(connection.derEncodedBytes)
                            $0.usage = .connection
                        })
                }
                let startTrial = {
                    try await platform.operatorClient.central {
                        try await $0.startTrial(.with { $0.organisationID = member.id })
                    }
                }
                if let missing = member.missing {
                    let refused = await #expect(throws: RPCError.self, "\(member.id)") { _ = try await startTrial() }
                    #expect(refused?.code == .failedPrecondition, "\(member.id)")
                    #expect(refused?.message.contains("has no \(missing)") == true, "\(refused?.message ?? "")")
                    #expect(refused?.message.contains("Art. 9.2, 19.2") == true)
                    let stored = try await platform.operatorClient.central {
                        try await $0.getMember(.with { $0.organisationID = member.id })
                    }
                    #expect(stored.state == .requested, "refused: the member stays REQUESTED")
                } else {
                    #expect(try await startTrial().state == .trial)
                }
            }
        }
    }

    @Test(
        "a member records its contact later (UpdateMemberContact): then its trial starts; both are required, own only"
    )
    func contactRecordedLater() async throws {
        try await TestPlatform.with { platform in
            let id = "000.00.00.H35"
            let memberCA = try CertificateIssuer(
                certificate: try PEM.loadCertificateChain(pemFile: platform.pki.memberCA)[0],
                key: try PEM.loadSigningKey(pemFile: platform.pki.memberCAKey))
            let connection = try memberCA.issue(
                publicKey: try SigningKey(generating: .p256).publicKey,
                subject: try DistinguishedName { CommonName("\(id) connection") },
                keyUsage: KeyUsage(digitalSignature: true), extendedKeyUsage: [.clientAuth])
            try await platform.operatorClient.central {
                _ = try await $0.createMember(.with { $0.member = TestPlatform.application(id, "UBND tỉnh Bắc Kạn") })
                _ = try await $0.addMemberCertificate(
                    .with {
                        $0.organisationID = id
                        $0.certificateDer = Data(connection.derEncodedBytes)
                        $0.usage = .connection
                    })
            }
            func update(_ email: String, _ phone: String, of organisationID: String = id, as client: PlatformClient)
                async throws -> Vdxp_Central_V1_Member
            {
                try await client.central {
                    try await $0.updateMemberContact(
                        .with {
                            $0.organisationID = organisationID
                            $0.contact = .with {
                                $0.email = email
                                $0.phone = phone
                            }
                        })
                }
            }
            // Refused: one of the two missing or malformed, an unknown member, another member's contact.
            for (email, phone, field) in [
                ("vanthu@backan.gov.vn", "", "contact.phone"), ("", "0209 3870 123", "contact.email"),
                ("not an address", "0209 3870 123", "contact.email"),
                ("vanthu@backan.gov.vn", "0209-abc", "contact.phone"), ("vanthu@backan.gov.vn", "   ", "contact.phone"),
                ("vanthu@backan.gov.vn", "+", "contact.phone"), ("vanthu@backan.gov.vn", "0209 387", "contact.phone"),
                ("vanthu@backan.gov.vn", "0209 3870 123 +1", "contact.phone"),
                ("a@b@c.vn", "0209 3870 123", "contact.email"),
                ("vanthu@sở.backan.gov.vn", "0209 3870 123", "contact.email"),
                ("vanthu@backan.gov.vn", "+0209 3870 123", "contact.phone"),
            ] {
                let refused = await #expect(throws: RPCError.self) {
                    try await update(email, phone, as: platform.operatorClient)
                }
                #expect(refused?.code == .invalidArgument, "\(email) \(phone)")
                #expect(HardeningTests.badRequestFields(refused) == [field], "\(email) \(phone)")
            }
            // Extremes from an outside client: a 3 MB address is a bad field, a 5 MB one is past the message limit.
            let huge = await #expect(throws: RPCError.self) {
                try await update(
                    String(repeating: "a", count: 3_000_000) + "@b.vn", "0209", as: platform.operatorClient)
            }
            #expect(huge?.code == .invalidArgument)
            let oversize = await #expect(throws: RPCError.self) {
                try await update(
                    String(repeating: "a", count: 5_000_000) + "@b.vn", "0209", as: platform.operatorClient)
            }
            #expect(oversize?.code == .resourceExhausted)
            let unknown = await #expect(throws: RPCError.self) {
                try await update("a@b.vn", "0209 3870 123", of: "000.00.00.H36", as: platform.operatorClient)
            }
            #expect(unknown?.code == .notFound)
            let other = await #expect(throws: RPCError.self) {
                try await update(
                    "a@b.vn", "0209 3870 123", of: TestPlatform.recipient.organisationID,
                    as: platform.member(TestPlatform.sender, service: platform.central))
            }
            #expect(other?.code == .permissionDenied, "a member changes only its own contact")

            let updated = try await update("vanthu@backan.gov.vn", "+84 209 3870 123", as: platform.operatorClient)
            #expect(updated.contact.email == "vanthu@backan.gov.vn")
            #expect(updated.contact.phone == "+84 209 3870 123")
            let started = try await platform.operatorClient.central {
                try await $0.startTrial(.with { $0.organisationID = id })
            }
            #expect(started.state == .trial, "the contact recorded later lets the trial start")

            // A member keeps its own contact current itself; each change is audited.
            let own = try await update(
                "vanphong@vpcp.gov.vn", "080 43100", of: TestPlatform.sender.organisationID,
                as: platform.member(TestPlatform.sender, service: platform.central))
            #expect(own.contact.phone == "080 43100")
            let audit = try await platform.operatorClient.central {
                try await $0.listAuditEvents(.with { $0.action = "update_member_contact" })
            }
            #expect(Set(audit.events.map(\.target)) == [id, TestPlatform.sender.organisationID])
            let senders = audit.events.first { $0.target == TestPlatform.sender.organisationID }
            #expect(
                senders?.reason == "e-mail vanthu@000.00.00.g22.vdxp.test → vanphong@vpcp.gov.vn, "
                    + "telephone +84 24 0000 0000 → 080 43100", "the old and the new values: \(senders?.reason ?? "")")
        }
    }
}
