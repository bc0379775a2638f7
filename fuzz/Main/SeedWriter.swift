#if !VDXP_FUZZING
import Foundation
import SwiftASN1
import SwiftProtobuf
import VDXPCore
import VDXPDevelopment
import VDXPFuzzTargets
import VDXPProto
import VDXPRuntime
import VDXPTrust
import X509

/// Writes the seed corpus of every target and the fixtures the seeds verify against (`vdxp-fuzz seeds fuzz`): a
/// fresh development PKI, valid inputs built as a member system and Central build them, and a few near misses.
/// Valid seeds let the fuzzer start past the first refusal; the test suite checks that each target accepts one.
struct SeedWriter {
    var folder: String

    /// When the seeds are made: the day before the header target's fixed reception time.
    static let madeAt = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30T00:53:20Z

    func write() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vdxp-fuzz-seeds-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let members = [
            DevelopmentMember(
                organisationID: "000.00.00.G22", name: "Văn phòng Chính phủ", signingAlgorithm: .rsaPSSSHA256),
            DevelopmentMember(
                organisationID: "000.00.00.H13", name: "Ủy ban nhân dân tỉnh Bắc Ninh",
                signingAlgorithm: .ecdsaP256SHA256),
        ]
        let pki = try DevelopmentPKI.generate(
            in: scratch, services: ["central"], operators: [], members: members, now: Self.madeAt)
        try copy(pki.memberCA, to: "Fixtures/member-ca.pem")
        try copy(pki.configurationSigningCertificate, to: "Fixtures/configuration-signer.pem")

        try write(.identifiers, [
            "000.00.00.G22", "002.00.20.H13", "0101234567", "001234567890", "000.00.00.G22,2026,7816/VPCP-TTĐT",
            "000.00.00.H13,2020,20/2020/QĐ-TTg", "000.00.00.G22,1944,1/X", "G22", "000.00.00.G22,2026,/VPCP",
        ].map { Array($0.utf8) })

        let header = Self.header(from: members[0], to: members[1])
        let headerBytes: [UInt8] = try header.serializedBytes()
        var unsigned = header
        unsigned.clearSigner()
        unsigned.documentID = "000.00.00.G22,2026,7816"
        try write(.documentHeader, [headerBytes, try unsigned.serializedBytes()])

        var signatures: [[UInt8]] = []
        for member in members {
            guard let paths = pki.members[member.organisationID] else { continue }
            let key = try PEM.loadSigningKey(pemFile: paths.signingKey)
            let chain = try PEM.loadCertificateChain(pemFile: paths.signingChain)
            let algorithm = paths.signingAlgorithm
            let signature = try key.sign(headerBytes, algorithm: algorithm)
            let index = UInt8(SignatureAlgorithm.allCases.firstIndex(of: algorithm)!)
            signatures.append(
                FuzzSeed.fields([[index], signature, headerBytes] + (try chain.map { try Self.der($0) })))
        }
        // A near miss: the first signature over bytes that changed after signing.
        var altered = headerBytes
        altered[altered.count / 2] ^= 0x01
        let first = pki.members[members[0].organisationID]!
        signatures.append(
            FuzzSeed.fields(
                [[UInt8(SignatureAlgorithm.allCases.firstIndex(of: first.signingAlgorithm)!)],
                    try PEM.loadSigningKey(pemFile: first.signingKey).sign(headerBytes, algorithm: first.signingAlgorithm),
                    altered]
                    + (try PEM.loadCertificateChain(pemFile: first.signingChain).map { try Self.der($0) })))
        try write(.signature, signatures)

        let revokedSeal = pki.members[members[1].organisationID]!.signingCertificate
        let revocationList = try DevelopmentPKI.memberRevocationList(
            pki, revoking: [revokedSeal], number: 2, now: Self.madeAt)
        var forgedList = revocationList
        forgedList[forgedList.count - 8] ^= 0x01  // inside the signature: parses, does not verify
        try write(.revocationList, [
            try DevelopmentPKI.memberRevocationList(pki, revoking: [], number: 1, now: Self.madeAt),
            revocationList, forgedList,
        ])

        let configuration = try Self.signedConfiguration(pki: pki, members: members)
        var forgedConfiguration = try Vdxp_Central_V1_SignedGlobalConfiguration(serializedBytes: configuration)
        forgedConfiguration.configuration[forgedConfiguration.configuration.count - 3] ^= 0x01
        try write(.globalConfiguration, [configuration, try forgedConfiguration.serializedBytes()])
    }

    /// A header with every field Exchange checks, valid at the header target's reception time.
    static func header(from sender: DevelopmentMember, to recipient: DevelopmentMember)
        -> Vdxp_Exchange_V1_DocumentHeader
    {
        .with {
            $0.documentID = "\(sender.organisationID),2026,7816/VPCP-TTĐT"
            $0.sender = .with {
                $0.organisationID = sender.organisationID
                $0.name = sender.name
            }
            $0.recipients = [
                .with {
                    $0.organisationID = recipient.organisationID
                    $0.name = recipient.name
                }
            ]
            $0.code = .with {
                $0.number = "7816"
                $0.notation = "VPCP-TTĐT"
            }
            $0.promulgation = .with {
                $0.place = "Hà Nội"
                $0.date = CalendarDate(madeAt).iso8601
            }
            $0.documentType = .with {
                $0.type = 2
                $0.typeName = "Công văn"
            }
            $0.subject = "V/v triển khai Quyết định số 28/2018/QĐ-TTg về gửi, nhận văn bản điện tử"
            $0.signer = .with {
                $0.competence = "KT. Bộ trưởng, Chủ nhiệm"
                $0.position = "Phó Chủ nhiệm"
                $0.fullName = sender.signerFullName
            }
            $0.priority = 2
            $0.signingTime = EdXMLDate.iso8601VietnamTime(madeAt)
        }
    }

    /// A global configuration as Central signs it: both members with their certificates, a represented unit, the
    /// member CA as trusted authority with a revocation list, and a working calendar.
    static func signedConfiguration(pki: DevelopmentPKIPaths, members: [DevelopmentMember]) throws
        -> [UInt8]
    {
        let authority = try PEM.loadCertificateChain(pemFile: pki.memberCA)[0]
        let authorityDER = try der(authority)
        let configuration = try Vdxp_Central_V1_GlobalConfiguration.with {
            $0.version = 42
            $0.issueTime = .init(date: madeAt)
            $0.expireTime = .init(date: madeAt.addingTimeInterval(86_400))
            $0.members = try members.map { member in
                let paths = pki.members[member.organisationID]!
                let connection = try PEM.loadCertificateChain(pemFile: paths.connectionCertificate)[0]
                let seal = try PEM.loadCertificateChain(pemFile: paths.signingCertificate)[0]
                return .with {
                    $0.organisationID = member.organisationID
                    $0.displayName = member.name
                    $0.kind = .stateAgency
                    $0.state = .official
                    $0.certificates = [
                        .with {
                            $0.fingerprintSha256 = CertificateFingerprint.sha256(of: connection)
                            $0.usage = .connection
                        },
                        .with {
                            $0.fingerprintSha256 = CertificateFingerprint.sha256(of: seal)
                            $0.usage = .signing
                        },
                    ]
                    if member.organisationID.hasSuffix("H13") {
                        $0.representedUnits = [
                            .with {
                                $0.organisationID = "000.01.13.H13"
                                $0.parentOrganisationID = member.organisationID
                                $0.displayName = "Sở Nội vụ tỉnh Bắc Ninh"
                            }
                        ]
                    }
                }
            }
            $0.trustedAuthorities = [
                .with {
                    $0.fingerprintSha256 = CertificateFingerprint.sha256(of: authority)
                    $0.certificateDer = Data(authorityDER)
                    $0.subject = "\(authority.subject)"
                }
            ]
            $0.revocationLists = [
                .with {
                    $0.authorityFingerprintSha256 = CertificateFingerprint.sha256(of: authority)
                    $0.thisUpdate = .init(date: madeAt)
                    $0.nextUpdate = .init(date: madeAt.addingTimeInterval(7 * 86_400))
                    $0.revokedSerialNumbers = ["01ab"]
                    $0.crlNumber = 1
                }
            ]
            $0.calendar = .with {
                $0.firstYear = 2026
                $0.lastYear = 2027
                $0.daysOff = ["2026-01-01", "2026-02-16", "2026-02-17", "2026-09-02"]
                $0.workingDays = ["2026-01-10"]
            }
        }
        let bytes: [UInt8] = try configuration.serializedBytes()
        let key = try PEM.loadSigningKey(pemFile: pki.configurationSigningKey)
        let signer = try PEM.loadCertificateChain(pemFile: pki.configurationSigningCertificate)[0]
        let signature = try key.sign(bytes, algorithm: key.defaultAlgorithm)
        let signerDER = try der(signer)
        let signed = Vdxp_Central_V1_SignedGlobalConfiguration.with {
            $0.configuration = Data(bytes)
            $0.signatureAlgorithm = key.defaultAlgorithm.proto
            $0.signature = Data(signature)
            $0.signerCertificateDer = Data(signerDER)
        }
        return try signed.serializedBytes()
    }

    static func der(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    private func copy(_ source: String, to relative: String) throws {
        let target = "\(folder)/\(relative)"
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: source, toPath: target)
    }

    private func write(_ target: FuzzTarget, _ seeds: [[UInt8]]) throws {
        let directory = "\(folder)/Corpus/\(target.rawValue)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (index, seed) in seeds.enumerated() {
            let path = "\(directory)/seed-\(String(format: "%02d", index + 1))"
            guard FileManager.default.createFile(atPath: path, contents: Data(seed)) else {
                throw FuzzToolError("cannot write \(path)")
            }
        }
    }
}
#endif
