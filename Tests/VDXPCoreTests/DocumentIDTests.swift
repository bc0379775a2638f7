import Foundation
import Testing
import VDXPCore

@Suite("Document ids (Art. 12)")
struct DocumentIDTests {
    @Test(
        "a document id is the issuer's id, the year and the number and notation",
        arguments: [
            ("000.00.00.G22,2026,7816/VPCP-TTĐT", "000.00.00.G22", 2026, "7816", "VPCP-TTĐT"),
            ("000.00.00.H26,2025,120/UBND-KGVX", "000.00.00.H26", 2025, "120", "UBND-KGVX"),
            ("0100109106,2026,15/CV-VT", "0100109106", 2026, "15", "CV-VT"),
            ("001085012345,2026,1/ĐN", "001085012345", 2026, "1", "ĐN"),
            ("000.00.00.G22,2020,20/2020/QĐ-TTg", "000.00.00.G22", 2020, "20", "2020/QĐ-TTg"),
            ("000.00.00.G22,2026,7816/VPCP,TTĐT", "000.00.00.G22", 2026, "7816", "VPCP,TTĐT"),
        ] as [(String, String, Int, String, String)]
    )
    func parsesTheThreeGroups(id: String, organisation: String, year: Int, number: String, notation: String) throws {
        let documentID = try DocumentID(validating: id)
        #expect(documentID.rawValue == id)
        #expect(documentID.organisationID.rawValue == organisation)
        #expect(documentID.year == year)
        #expect(documentID.number == number)
        #expect(documentID.notation == notation)
        #expect(documentID.numberAndNotation == "\(number)/\(notation)")
    }

    @Test(
        "an id that is not {organisation id},{year},{number}/{notation} is refused, naming the wrong part",
        arguments: [
            ("", "it is empty"),
            ("000.00.00.G22", "three parts separated by commas and has 1"),
            ("000.00.00.G22,2026", "three parts separated by commas and has 2"),
            (
                "000.00.00.g22,2026,7816/VPCP",
                #"organisation part "000.00.00.g22" is not a valid organisation id (it contains the lower-case letter "g""#
            ),
            (",2026,7816/VPCP", #"organisation part "" is not a valid organisation id (it is empty)"#),
            ("000.00.00.G22,26,7816/VPCP", "year part \"26\" is not four digits"),
            ("000.00.00.G22,20266,7816/VPCP", "is not four digits"),
            ("000.00.00.G22,２０２６,7816/VPCP", "is not four digits"),
            ("000.00.00.G22,+202,7816/VPCP", "is not four digits"),
            ("000.00.00.G22,1944,7816/VPCP", "year 1944 is outside 1945 to 2100"),
            ("000.00.00.G22,2101,7816/VPCP", "year 2101 is outside 1945 to 2100"),
            ("000.00.00.G22,2026,7816", "has no \"/\""),
            ("000.00.00.G22,2026,", "has no \"/\""),
            ("000.00.00.G22,2026,/VPCP", "number before the \"/\" is empty"),
            ("000.00.00.G22,2026,7816/", "notation after the \"/\" is empty"),
        ]
    )
    func refusesOtherForms(id: String, reason: String) {
        let error = #expect(throws: IdentifierError.self) {
            try DocumentID(validating: id)
        }
        #expect(error?.code == .invalidDocumentID)
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("{organisation id},{year},{number}/{notation}") == true)
    }

    @Test("a document id may have 100 characters but not 101")
    func maximumLength() throws {
        let prefix = "000.00.00.G22,2026,1/"
        let longest = prefix + Fixtures.text(100 - prefix.count)
        #expect(longest.count == 100)
        #expect(try DocumentID(validating: longest).notation.count == 79)

        let error = #expect(throws: IdentifierError.self) {
            try DocumentID(validating: longest + "A")
        }
        #expect(error?.message.contains("101 characters; at most 100") == true)
    }

    @Test("the year may be 1945 to 2100", arguments: [1945, 1999, 2026, 2100])
    func yearBounds(year: Int) throws {
        #expect(try DocumentID(validating: "000.00.00.G22,\(year),1/A").year == year)
    }

    @Test("a document id built from its parts is the same as one parsed")
    func buildFromParts() throws {
        let built = try DocumentID(organisationID: Fixtures.office, year: 2026, number: "7816", notation: "VPCP-TTĐT")
        #expect(built == (try DocumentID(validating: "000.00.00.G22,2026,7816/VPCP-TTĐT")))
        #expect(built.description == "000.00.00.G22,2026,7816/VPCP-TTĐT")

        #expect(throws: IdentifierError.self) {
            try DocumentID(organisationID: Fixtures.office, year: 26, number: "1", notation: "A")
        }
        #expect(throws: IdentifierError.self) {
            try DocumentID(organisationID: Fixtures.office, year: 2026, number: "", notation: "A")
        }
    }

    @Test("a document id encodes as a plain JSON string and decoding validates it")
    func codable() throws {
        let id = try DocumentID(validating: "000.00.00.G22,2026,7816/VPCP-TTĐT")
        let json = try JSONEncoder().encode(id)
        #expect(try JSONDecoder().decode(DocumentID.self, from: json) == id)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(DocumentID.self, from: Data(#""000.00.00.G22,26,1/A""#.utf8))
        }
    }
}
