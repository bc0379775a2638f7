import Foundation
import GRPCCore
import SwiftProtobuf
public import VDXPClient
import VDXPProto
import VDXPRuntime
import VDXPTrust

/// Registers the development trust list and members in Central through its public RPCs, as an operator would.
/// Idempotent: what is already registered is left as it is.
public enum DevelopmentSeeder {
    /// Adds the member CA to the trust list as the (simulated) government CA, then each member with its connection request, connection and signing
    /// certificates, and starts its trial connection (Art. 8.3) so that it can exchange documents at once.
    public static func seed(
        central: PlatformClient, pki: DevelopmentPKIPaths, members: [DevelopmentMember]
    ) async throws {
        let memberCA = try PEM.loadCertificateChain(pemFile: pki.memberCA)[0]
        try await central.central { central in
            try await ignoringAlreadyExists {
                _ = try await central.addTrustedAuthority(
                    .with {
                        $0.certificateDer = Data(memberCA.derEncodedBytes)
                        $0.displayName = "VDXP development member CA"
                        // The development members are State agencies, whose certificates come from the specialised
                        // government CA (Art. 6.5); the member CA simulates it.
                        $0.category = .government
                    })
            }
            for member in members {
                guard let paths = pki.members[member.organisationID] else { continue }
                try await ignoringAlreadyExists {
                    _ = try await central.createMember(
                        .with {
                            $0.member = .with {
                                $0.organisationID = member.organisationID
                                $0.displayName = member.name
                                $0.contact = .with {
                                    $0.email = "vanthu@\(member.organisationID.lowercased()).vdxp.test"
                                    $0.phone = "+84 24 0000 0000"
                                }
                                $0.connectionRequest = .with {
                                    $0.purpose = "Gửi, nhận văn bản điện tử (môi trường phát triển)"
                                    $0.scope = "Các thành viên của môi trường phát triển"
                                    $0.declaresConformity = true
                                    $0.conformityStatement = "Tự đánh giá theo QCVN 102:2016 (phát triển)"
                                }
                            }
                        })
                }
                for (path, usage) in [
                    (paths.connectionCertificate, Vdxp_Central_V1_CertificateUsage.connection),
                    (paths.signingCertificate, .signing),
                ] {
                    let certificate = try PEM.loadCertificateChain(pemFile: path)[0]
                    try await ignoringAlreadyExists {
                        _ = try await central.addMemberCertificate(
                            .with {
                                $0.organisationID = member.organisationID
                                $0.certificateDer = Data(certificate.derEncodedBytes)
                                $0.usage = usage
                            })
                    }
                }
                let registered = try await central.getMember(.with { $0.organisationID = member.organisationID })
                if registered.state == .requested {
                    _ = try await central.startTrial(
                        .with {
                            $0.organisationID = member.organisationID
                            $0.note = "Development member: trial starts when seeded"
                        })
                }
            }
        }
    }

    private static func ignoringAlreadyExists(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as RPCError where error.code == .alreadyExists {
            return
        }
    }
}
