import Foundation
import SwiftProtobuf
import Testing
import VDXPProto

@testable import VDXPMonitoring

/// Art. 19.1: which changes of Central's registry are news, and for whom.
@Suite("Registry service changes")
struct RegistryChangesTests {
    static func published(
        _ id: Int64, version: Int64 = 1, audience: Vdxp_Central_V1_ServiceAudience = .allMembers,
        consumers: [String] = []
    ) -> Vdxp_Central_V1_RegisteredService {
        .with {
            $0.serviceID = id
            $0.providerOrganisationID = "000.00.00.G22"
            $0.version = version
            $0.state = .active
            $0.definition = .with {
                $0.code = "dich-vu-\(id)"
                $0.displayName = "Dịch vụ \(id)"
                $0.scope = .with {
                    $0.audience = audience
                    $0.consumerOrganisationIds = consumers
                }
            }
        }
    }

    static func member(
        _ id: String, _ state: Vdxp_Central_V1_MemberState, _ kind: Vdxp_Central_V1_OrganisationKind = .stateAgency
    ) -> (String, Vdxp_Central_V1_ConfiguredMember) {
        (
            id,
            .with {
                $0.organisationID = id
                $0.state = state
                $0.kind = kind
            }
        )
    }

    @Test("a new service is offered, a vanished one withdrawn, a new version only recorded, the rest unchanged")
    func changes() {
        let known = [
            RegistryService(published: Self.published(1)),
            RegistryService(published: Self.published(2)),
            RegistryService(published: Self.published(3)),
        ]
        var gone = RegistryService(published: Self.published(4))
        gone.active = false
        let changes = RegistryChanges(
            known: known + [gone], published: [Self.published(1), Self.published(3, version: 2), Self.published(5)])
        #expect(changes.offered.map(\.serviceID) == [5])
        #expect(changes.withdrawn.map(\.serviceID) == [2])
        #expect(changes.withdrawn.allSatisfy { !$0.active })
        #expect(changes.updated.map(\.serviceID) == [3])
        #expect(changes.updated.first?.version == 2)
        #expect(RegistryChanges(known: known, published: known.map { Self.published($0.serviceID) }).isEmpty)
    }

    @Test("a withdrawn service seen again is not offered again: CANCELLED is final")
    func withdrawnIsFinal() {
        var gone = RegistryService(published: Self.published(4))
        gone.active = false
        #expect(RegistryChanges(known: [gone], published: [Self.published(4, version: 3)]).isEmpty)
    }

    @Test("told: the provider and the members the scope lets use it, TRIAL to CUT_OFF, never REQUESTED or CLOSED")
    func recipients() {
        let members = Dictionary(
            uniqueKeysWithValues: [
                Self.member("000.00.00.G22", .official),
                Self.member("000.00.00.H26", .trial),
                Self.member("000.00.00.H29", .suspended),
                Self.member("000.00.00.H30", .cutOff, .enterprise),
                Self.member("000.00.00.H31", .requested),
                Self.member("000.00.00.H32", .closed),
            ])
        let all = RegistryService(published: Self.published(1))
        #expect(
            all.recipients(among: members) == ["000.00.00.G22", "000.00.00.H26", "000.00.00.H29", "000.00.00.H30"])
        let agencies = RegistryService(published: Self.published(1, audience: .stateAgencies))
        #expect(agencies.recipients(among: members) == ["000.00.00.G22", "000.00.00.H26", "000.00.00.H29"])
        let listed = RegistryService(
            published: Self.published(1, audience: .listedMembers, consumers: ["000.00.00.H29", "000.00.00.H32"]))
        #expect(listed.recipients(among: members) == ["000.00.00.G22", "000.00.00.H29"])
        var withdrawnProvider = listed
        withdrawnProvider.providerOrganisationID = "000.00.00.H99"
        #expect(withdrawnProvider.recipients(among: members) == ["000.00.00.H29", "000.00.00.H99"])
    }

    @Test("the alert is keyed by service, state and member, stays in the inbox, and names the service")
    func alertText() {
        let service = RegistryService(published: Self.published(7))
        let offered = AlertTexts.serviceStateChanged(
            service, offered: true, providerName: "Văn phòng Chính phủ", to: "000.00.00.H26", configurationVersion: 12,
            at: Date(timeIntervalSince1970: 1_780_000_000))
        #expect(offered.kind == .serviceStateChanged && offered.severity == .info)
        #expect(offered.serviceID == 7 && offered.organisationID == "000.00.00.H26")
        #expect(offered.sourceKey == "service:7:ACTIVE:000.00.00.H26")
        #expect(offered.notifyDue == nil)
        #expect(offered.summary.contains("dich-vu-7") && offered.summary.contains("Văn phòng Chính phủ"))
        #expect(offered.detail.contains("version 12"))
        var gone = service
        gone.active = false
        let withdrawn = AlertTexts.serviceStateChanged(
            gone, offered: false, providerName: "", to: "000.00.00.H26", configurationVersion: 13, at: Date())
        #expect(withdrawn.sourceKey == "service:7:CANCELLED:000.00.00.H26")
        #expect(withdrawn.severity == .warning)
    }
}
