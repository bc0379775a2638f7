import Foundation
import Testing
import VDXPCore
import VDXPProto

@Suite("Organisation ids (Art. 3.5, QĐ 20/2020)")
struct OrganisationIDTests {
    @Test(
        "the three forms of Art. 3.5 are accepted and tell the kind of organisation",
        arguments: [
            ("000.00.00.G22", .stateAgency),
            ("000.00.00.H26", .stateAgency),
            ("002.00.20.H13", .stateAgency),
            ("G22.00", .stateAgency),
            ("01.02", .stateAgency),
            ("A.B.C.D.E.F.G.H.I.J.K.L.M.N.O.P.Q.R", .stateAgency),
            ("0100109106", .enterprise),
            ("0000000000", .enterprise),
            ("001085012345", .individual),
            ("079203000001", .individual),
        ] as [(String, OrganisationID.Kind)]
    )
    func acceptsTheThreeForms(id: String, kind: OrganisationID.Kind) throws {
        let organisation = try OrganisationID(validating: id)
        #expect(organisation.kind == kind)
        #expect(organisation.rawValue == id)
        #expect(organisation.description == id)
    }

    @Test(
        "anything else is refused with a message that says what is wrong and explains the three forms",
        arguments: [
            ("", "it is empty"),
            ("000.00.00.g22", "lower-case letter \"g\""),
            (" 000.00.00.G22", "white space"),
            ("000.00.00.G22 ", "white space"),
            ("000-00-00-G22", "\"-\""),
            ("000.00.00.Ư22", "\"Ư\""),
            (".000.00.00.G22", "empty group"),
            ("000.00.00.G22.", "empty group"),
            ("000..00.G22", "empty group"),
            (".", "empty group"),
            ("G22", "no dots"),
            ("ABCDEFGHIJ", "no dots"),
            ("010010910", "9 digits"),
            ("01001091061", "11 digits"),
            ("0010850123456", "13 digits"),
            ("0100109106-001", "\"-\""),
            ("000.00.00.00000000000000000000000G22", "36 characters"),
        ]
    )
    func refusesEverythingElse(id: String, reason: String) {
        let error = #expect(throws: IdentifierError.self) {
            try OrganisationID(validating: id)
        }
        #expect(error?.code == .invalidOrganisationID)
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("000.00.00.G22") == true)
        #expect(error?.message.contains("exactly 10 digits") == true)
        #expect(error?.message.contains("exactly 12 digits") == true)
        #expect(error?.message.contains("up to 35 characters") == true)
    }

    @Test("a state-agency id may have 35 characters but not 36")
    func stateAgencyLength() throws {
        let longest = "000.00.00." + String(repeating: "A", count: 25)
        #expect(longest.count == 35)
        #expect(try OrganisationID(validating: longest).kind == .stateAgency)
        #expect(throws: IdentifierError.self) {
            try OrganisationID(validating: longest + "B")
        }
    }

    @Test(
        "the level-1 unit of a state agency is the last group of its id",
        arguments: [
            ("000.00.00.G22", "G22"),
            ("000.00.00.H26", "H26"),
            ("002.00.20.H13", "H13"),
            ("001.002.00.20.H13", "H13"),
            ("01.02", "02"),
        ]
    )
    func levelOneUnit(id: String, unit: String) throws {
        let organisation = try OrganisationID(validating: id)
        #expect(organisation.level1Unit == unit)
        #expect(organisation.groups.last.map(String.init) == unit)
    }

    @Test("enterprises and individuals have no level-1 unit", arguments: ["0100109106", "001085012345"])
    func noLevelOneUnit(id: String) throws {
        let organisation = try OrganisationID(validating: id)
        #expect(organisation.level1Unit == nil)
        #expect(organisation.groups == [Substring(id)])
    }

    @Test("the groups of a state-agency id are its dot-separated parts")
    func groups() throws {
        #expect(try OrganisationID(validating: "002.00.20.H13").groups == ["002", "00", "20", "H13"])
    }

    @Test("the kind maps to the contract's OrganisationKind")
    func kindInTheContract() {
        #expect(OrganisationID.Kind.stateAgency.proto == Vdxp_Central_V1_OrganisationKind.stateAgency)
        #expect(OrganisationID.Kind.enterprise.proto == .enterprise)
        #expect(OrganisationID.Kind.individual.proto == .individual)
    }

    @Test("an id encodes as a plain JSON string and decoding validates it")
    func codable() throws {
        let id = try OrganisationID(validating: "000.00.00.G22")
        let json = try JSONEncoder().encode([id])
        #expect(String(decoding: json, as: UTF8.self) == #"["000.00.00.G22"]"#)
        #expect(try JSONDecoder().decode([OrganisationID].self, from: json) == [id])

        let error = #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([OrganisationID].self, from: Data(#"["000.00.00.g22"]"#.utf8))
        }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("expected dataCorrupted, got \(String(describing: error))")
            return
        }
        #expect(context.debugDescription.contains("lower-case"))
    }

    @Test("ids compare and sort by their text")
    func ordering() throws {
        let ids = try ["000.00.00.H26", "000.00.00.G22", "0100109106"].map(OrganisationID.init(validating:))
        #expect(ids.sorted().map(\.rawValue) == ["000.00.00.G22", "000.00.00.H26", "0100109106"])
        #expect(try OrganisationID(validating: "000.00.00.G22") == Fixtures.office)
    }

    @Test("an error message quotes at most 60 characters of a huge value")
    func hugeValueIsCut() {
        let error = #expect(throws: IdentifierError.self) {
            try OrganisationID(validating: String(repeating: "x", count: 10_000))
        }
        #expect((error?.message.count ?? .max) < 1000)
        #expect(error?.description.hasPrefix("invalidOrganisationID: ") == true)
    }
}
