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

/// Sub-units sending through a member's connection (Art. 3.3, 8.2.b), as Central registers and publishes them.
@Suite("Central: represented units (Art. 3.3, 8.2.b)", .serialized)
struct CentralRepresentedUnitTests {
    /// Sở Tư pháp Hà Nội, a department of the city whose document system is member 000.00.00.H26.
    static let department = "000.00.12.H26"

    static func unit(_ id: String, under parent: String, reason: String = "Công văn 123/UBND-KSTT")
        -> Vdxp_Central_V1_RegisterRepresentedUnitRequest
    {
        .with {
            $0.unit = .with {
                $0.organisationID = id
                $0.parentOrganisationID = parent
                $0.displayName = "Sở Tư pháp Thành phố Hà Nội"
                $0.reason = reason
            }
        }
    }

    @Test(
        "a city's 5 departments listed 2 at a time: each once, by id; a token serves only the parent it was given for")
    func pages() async throws {
        try await TestPlatform.with { platform in
            let parent = TestPlatform.recipient.organisationID
            let departments = (11...15).map { "000.00.\($0).H26" }
            for department in departments {
                _ = try await platform.operatorClient.central {
                    try await $0.registerRepresentedUnit(Self.unit(department, under: parent))
                }
            }
            let member = platform.member(TestPlatform.recipient, service: platform.central)
            var listed: [String] = []
            var tokens: [String] = []
            var token = ""
            repeat {
                let page = try await member.central { [token] in
                    try await $0.listRepresentedUnits(
                        .with {
                            $0.parentOrganisationID = parent
                            $0.pageSize = 2
                            $0.pageToken = token
                        })
                }
                #expect(page.units.count <= 2)
                listed += page.units.map(\.organisationID)
                token = page.nextPageToken
                if !token.isEmpty { tokens.append(token) }
            } while !token.isEmpty && listed.count < 10
            #expect(listed == departments)
            let everyUnit = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central { [token = tokens[0]] in
                    try await $0.listRepresentedUnits(.with { $0.pageToken = token })
                }
            }
            #expect(everyUnit?.code == .invalidArgument)
            let tooMany = await #expect(throws: RPCError.self) {
                try await member.central {
                    try await $0.listRepresentedUnits(
                        .with {
                            $0.parentOrganisationID = parent
                            $0.pageSize = 201
                        })
                }
            }
            #expect(tooMany?.code == .invalidArgument)
        }
    }

    @Test("the operator registers a city's department under the city's connection; it is published, audited, listed")
    func registerAndPublish() async throws {
        try await TestPlatform.with { platform in
            let parent = TestPlatform.recipient.organisationID
            let registered = try await platform.operatorClient.central {
                try await $0.registerRepresentedUnit(Self.unit(Self.department, under: parent))
            }
            #expect(registered.parentOrganisationID == parent)
            #expect(registered.reason == "Công văn 123/UBND-KSTT")
            let anchor = try PEM.loadCertificateChain(pemFile: platform.pki.configurationSigningCertificate)[0]
            let snapshot = try await platform.operatorClient.central {
                try await $0.getGlobalConfiguration(.init())
            }.verified(anchor: anchor)
            #expect(snapshot.members[parent]?.representedUnits.map(\.organisationID) == [Self.department])
            #expect(snapshot.members[Self.department] == nil, "a unit is no member: it has no connection of its own")
            let own = try await platform.member(TestPlatform.recipient, service: platform.central).central {
                try await $0.listRepresentedUnits(.with { $0.parentOrganisationID = parent })
            }
            #expect(own.units.map(\.organisationID) == [Self.department])
            let audit = try await platform.operatorClient.central {
                try await $0.listAuditEvents(.with { $0.action = "register_represented_unit" })
            }
            #expect(audit.events.first?.target == "\(parent)/\(Self.department)")
            let directory = try await withGRPCClient(
                transport: try TransportFactory.tlsClient(
                    target: platform.centralPublic, caPath: platform.pki.platformCA)
            ) { client in
                try await Vdxp_Central_V1_PublicDirectoryService.Client(wrapping: client).listDirectoryEntries(
                    .with { $0.level1Unit = "H26" }
                ).entries
            }
            let listed = try #require(
                directory.first { $0.organisationID == Self.department },
                "a represented unit is an id in use: the public directory lists it (Art. 9.1)")
            #expect(listed.parentOrganisationID == parent)
            #expect(listed.state == .trial, "in its parent's state")
            #expect(directory.first { $0.organisationID == parent }?.parentOrganisationID == "")

            try await platform.operatorClient.central {
                _ = try await $0.removeRepresentedUnit(
                    .with {
                        $0.organisationID = Self.department
                        $0.reason = "sáp nhập"
                    })
            }
            let after = try await platform.operatorClient.central {
                try await $0.listRepresentedUnits(.with { $0.parentOrganisationID = parent })
            }
            #expect(after.units.isEmpty)
        }
    }

    @Test(
        "refused: another province's id, no reason, no parent, twice, a unit's id as a member, a member or a stranger asking"
    )
    func refusals() async throws {
        try await TestPlatform.with { platform in
            let parent = TestPlatform.recipient.organisationID
            func register(_ request: Vdxp_Central_V1_RegisterRepresentedUnitRequest) async -> RPCError? {
                await #expect(throws: RPCError.self) {
                    try await platform.operatorClient.central { try await $0.registerRepresentedUnit(request) }
                }
            }
            let otherProvince = await register(Self.unit("000.00.12.H29", under: parent))
            #expect(otherProvince?.code == .invalidArgument)
            #expect(otherProvince?.message.contains("unit.organisation_id") == true)
            let noReason = await register(Self.unit(Self.department, under: parent, reason: ""))
            #expect(noReason?.code == .invalidArgument)
            let noParent = await register(Self.unit("000.00.12.H01", under: "000.00.00.H01"))
            #expect(noParent?.code == .notFound)

            _ = try await platform.operatorClient.central {
                try await $0.registerRepresentedUnit(Self.unit(Self.department, under: parent))
            }
            let twice = await register(Self.unit(Self.department, under: parent))
            #expect(twice?.code == .alreadyExists)
            #expect(twice?.message.contains(parent) == true)
            let asMember = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.createMember(.with { $0.member = TestPlatform.application(Self.department, "Sở") })
                }
            }
            #expect(asMember?.code == .alreadyExists, "a unit's id cannot also become a member's")

            let byMember = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.recipient, service: platform.central).central {
                    try await $0.registerRepresentedUnit(Self.unit("000.00.13.H26", under: parent))
                }
            }
            #expect(byMember?.code == .permissionDenied)
            let stranger = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.stranger, service: platform.central).central {
                    try await $0.listRepresentedUnits(.with { $0.parentOrganisationID = parent })
                }
            }
            #expect(stranger?.code == .permissionDenied)
            let missing = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.removeRepresentedUnit(
                        .with {
                            $0.organisationID = "000.00.99.H26"
                            $0.reason = "x"
                        })
                }
            }
            #expect(missing?.code == .notFound)
        }
    }
}
