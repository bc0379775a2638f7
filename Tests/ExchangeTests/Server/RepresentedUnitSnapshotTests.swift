import Foundation
import SwiftProtobuf
import Testing
import VDXPProto
import VDXPRuntime

/// How the global configuration's represented units (Art. 3.3, 8.2.b) become parties Exchange checks documents
/// against: connected exactly while their parent is, sealing with their own seal or their parent's, never members.
@Suite("Represented units in the configuration snapshot", .timeLimit(.minutes(3)))
struct RepresentedUnitSnapshotTests {
    static let city = "000.00.00.H26"
    static let department = "000.00.12.H26"

    static func snapshot(cityState: Vdxp_Central_V1_MemberState) throws -> GlobalConfigurationSnapshot {
        let configuration = Vdxp_Central_V1_GlobalConfiguration.with {
            $0.version = 7
            $0.members = [
                .with {
                    $0.organisationID = city
                    $0.displayName = "UBND Thành phố Hà Nội"
                    $0.kind = .stateAgency
                    $0.state = cityState
                    $0.certificates = [
                        .with {
                            $0.fingerprintSha256 = "city-seal"
                            $0.usage = .signing
                        },
                        .with {
                            $0.fingerprintSha256 = "city-connection"
                            $0.usage = .connection
                        },
                    ]
                    $0.representedUnits = [
                        .with {
                            $0.organisationID = department
                            $0.parentOrganisationID = city
                            $0.displayName = "Sở Tư pháp Thành phố Hà Nội"
                            $0.certificates = [
                                .with {
                                    $0.fingerprintSha256 = "department-seal"
                                    $0.usage = .signing
                                }
                            ]
                        }
                    ]
                }
            ]
        }
        return try GlobalConfigurationSnapshot(
            verified: .with { $0.configuration = try configuration.serializedBytes() })
    }

    @Test("a unit is a party with its parent's kind and state and its own name, and no member")
    func unitIsAPartyNotAMember() throws {
        let snapshot = try Self.snapshot(cityState: .official)
        let unit = try #require(snapshot.parties[Self.department])
        #expect(unit.displayName == "Sở Tư pháp Thành phố Hà Nội")
        #expect(unit.state == .official)
        #expect(unit.kind == .stateAgency)
        #expect(snapshot.members[Self.department] == nil)
        #expect(snapshot.parent(ofUnit: Self.department) == Self.city)
        #expect(snapshot.parent(ofUnit: Self.city) == nil, "a member is no unit")
        #expect(try Self.snapshot(cityState: .cutOff).parties[Self.department]?.state == .cutOff)
    }

    @Test("a unit seals with its own seal or its parent's; its parent does not seal with the unit's")
    func seals() throws {
        let snapshot = try Self.snapshot(cityState: .official)
        #expect(snapshot.isSigningCertificate("department-seal", of: Self.department))
        #expect(snapshot.isSigningCertificate("city-seal", of: Self.department))
        #expect(!snapshot.isSigningCertificate("city-connection", of: Self.department))
        #expect(!snapshot.isSigningCertificate("department-seal", of: Self.city))
        #expect(snapshot.member(forConnectionFingerprint: "city-connection")?.organisationID == Self.city)
    }
}
