import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

/// A represented unit (Art. 3.3, 8.2.b) sends and receives as itself through its parent's system; with
/// `vdxp-acting-for` that system also searches the unit's documents and reads the unit's figures — and only a unit
/// registered under it.
@Suite("Search and Report for a represented unit (vdxp-acting-for)", .serialized, .timeLimit(.minutes(10)))
struct RepresentedUnitViewTests {
    static let department = ExchangeRepresentedUnitTests.department
    static let city = ExchangeRepresentedUnitTests.city

    /// `client` calling as `unit`'s representative.
    static func acting(_ client: PlatformClient, for unit: String) -> PlatformClient {
        var client = client
        client.actingFor = unit
        return client
    }

    @Test(
        "the city's system finds and counts its department's document acting for it, not as itself; an unregistered unit is PERMISSION_DENIED"
    )
    func searchesAndCountsAsTheUnit() async throws {
        try await TestPlatform.with { platform in
            try await ExchangeRepresentedUnitTests.registerDepartment(in: platform)
            let header = TestPlatform.header(number: "2201", from: Self.department, to: [TestPlatform.sender])
            _ = try await ExchangeRepresentedUnitTests.send(
                try platform.messages(header, signedBy: Self.city),
                through: ExchangeRepresentedUnitTests.client(
                    Self.city, actingFor: Self.department.organisationID, in: platform))

            try await platform.withSearch { search in
                try await search.waitForIndex(documents: 1)
                let asDepartment = Self.acting(search.member(Self.city), for: Self.department.organisationID)
                let found = try await SearchTests.search(asDepartment)
                #expect(found.hits.map(\.document.documentID) == [header.documentID])
                #expect(try await SearchTests.search(search.member(Self.city)).total == 0, "not the city's own")
                let stranger = await #expect(throws: RPCError.self) {
                    _ = try await SearchTests.search(Self.acting(search.member(Self.city), for: "000.00.13.H26"))
                }
                #expect(stranger?.code == .permissionDenied, "\(String(describing: stranger))")
                // The query log says whose documents were searched: the unit's, by the city's system.
                let city = Self.city.organisationID
                let logged = try await search.operatorClient.search { try await $0.listQueryLog(.init()) }
                #expect(
                    logged.queries.map(\.caller).sorted()
                        == ["member \(city)", "member \(city) for \(Self.department.organisationID)"])
            }
            try await platform.withReport { report in
                try await report.caughtUp()
                let unitScope = Vdxp_Report_V1_Scope.with { $0.organisationID = Self.department.organisationID }
                let asDepartment = Self.acting(report.member(Self.city), for: Self.department.organisationID)
                #expect(try await ReportFiguresTests.summary(asDepartment, unitScope).documentsSent == 1)
                #expect(try await ReportFiguresTests.summary(asDepartment).documentsSent == 1, "its own by default")
                let notOwn = await #expect(throws: RPCError.self) {
                    _ = try await ReportFiguresTests.summary(report.member(Self.city), unitScope)
                }
                #expect(notOwn?.code == .permissionDenied, "without the metadata the city reads its own figures only")
            }
        }
    }
}
