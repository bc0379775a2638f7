import Foundation
import SwiftProtobuf
import Testing
import VDXPCore
import VDXPProto

/// One string field of `document.proto` with its rule as the field comment states it.
struct StringFieldCase: Sendable, CustomTestStringConvertible {
    let field: String
    let isRequired: Bool
    let maximumLength: Int
    let set: @Sendable (inout Vdxp_Exchange_V1_DocumentHeader, String) -> Void

    var testDescription: String {
        "\(self.field) (\(self.isRequired ? "required, " : "")at most \(self.maximumLength))"
    }

    /// Every string field whose only rule is its length (and whether it is required).
    static let all: [StringFieldCase] = [
        .init(field: "subject", isRequired: true, maximumLength: 500) { $0.subject = $1 },
        .init(field: "content", isRequired: false, maximumLength: 100_000) { $0.content = $1 },
        .init(field: "sender.name", isRequired: true, maximumLength: 255) { $0.sender.name = $1 },
        .init(field: "sender.organisation_in_charge", isRequired: false, maximumLength: 255) {
            $0.sender.organisationInCharge = $1
        },
        .init(field: "sender.address", isRequired: false, maximumLength: 255) { $0.sender.address = $1 },
        .init(field: "sender.email", isRequired: false, maximumLength: 100) { $0.sender.email = $1 },
        .init(field: "sender.telephone", isRequired: false, maximumLength: 50) { $0.sender.telephone = $1 },
        .init(field: "recipients[0].name", isRequired: true, maximumLength: 255) { $0.recipients[0].name = $1 },
        .init(field: "recipients[1].organisation_in_charge", isRequired: false, maximumLength: 255) {
            $0.recipients[1].organisationInCharge = $1
        },
        .init(field: "recipients[1].address", isRequired: false, maximumLength: 255) {
            $0.recipients[1].address = $1
        },
        .init(field: "recipients[1].email", isRequired: false, maximumLength: 100) { $0.recipients[1].email = $1 },
        .init(field: "recipients[1].telephone", isRequired: false, maximumLength: 50) {
            $0.recipients[1].telephone = $1
        },
        .init(field: "code.number", isRequired: true, maximumLength: 11) {
            $0.code.number = $1
            $0.documentID = "000.00.00.G22,2026,\($1)/\($0.code.notation)"
        },
        .init(field: "code.notation", isRequired: true, maximumLength: 30) {
            $0.code.notation = $1
            $0.documentID = "000.00.00.G22,2026,\($0.code.number)/\($1)"
        },
        .init(field: "promulgation.place", isRequired: true, maximumLength: 50) { $0.promulgation.place = $1 },
        .init(field: "document_type.type_name", isRequired: true, maximumLength: 100) {
            $0.documentType.typeName = $1
        },
        .init(field: "signer.competence", isRequired: false, maximumLength: 100) { $0.signer.competence = $1 },
        .init(field: "signer.position", isRequired: true, maximumLength: 100) { $0.signer.position = $1 },
        .init(field: "signer.full_name", isRequired: true, maximumLength: 50) { $0.signer.fullName = $1 },
        .init(field: "attachments[0].name", isRequired: true, maximumLength: 255) { $0.attachments[0].name = $1 },
        .init(field: "attachments[0].content_type", isRequired: true, maximumLength: 100) {
            $0.attachments[0].contentType = $1
        },
        .init(field: "attachments[0].description", isRequired: false, maximumLength: 500) {
            $0.attachments[0].description_p = $1
        },
    ]

    static let required = Self.all.filter(\.isRequired)
    static let optional = Self.all.filter { !$0.isRequired }
}

@Suite("The document header (QĐ 28 Art. 10.2, Art. 12, Art. 14.1, Art. 1.2)")
struct DocumentHeaderValidatorTests {
    // MARK: - The whole header

    @Test("a complete header sent by its own organisation breaks no rule")
    func validHeader() throws {
        #expect(Fixtures.violations(Fixtures.header()).isEmpty)
        try DocumentHeaderValidator().validate(Fixtures.header(), caller: Fixtures.office, now: Fixtures.now)
    }

    @Test("a header with only the required fields breaks no rule")
    func minimalHeader() {
        #expect(
            Fixtures.violations {
                $0.sender = .with {
                    $0.organisationID = "000.00.00.G22"
                    $0.name = "Văn phòng Chính phủ"
                }
                $0.recipients = [
                    .with {
                        $0.organisationID = "000.00.00.H26"
                        $0.name = "UBND TP Hà Nội"
                    }
                ]
                $0.content = ""
                $0.signer.competence = ""
                $0.dueDate = ""
                $0.toPlaces = []
                $0.priority = 0
                $0.steeringType = 0
                $0.responseFor = []
                $0.attachments = []
            }.isEmpty
        )
    }

    @Test("a type name of 100 letters each carrying 20 combining marks is refused by its bytes; Vietnamese is not")
    func combiningMarksBounded() {
        var header = Fixtures.header()
        header.documentType.typeName = String(repeating: "a" + String(repeating: "\u{0301}", count: 20), count: 100)
        let violations = Fixtures.violations(header)
        #expect(violations.map(\.field) == ["document_type.type_name"])
        #expect(violations.first?.rule.contains("bytes in UTF-8") == true, "\(violations)")
        header.documentType.typeName = String(repeating: "Quyết định ", count: 9)
        #expect(Fixtures.violations(header).isEmpty)
        // Decomposed (NFD), a Vietnamese letter with two diacritics takes 5 bytes: 100 of them pass.
        header.documentType.typeName = String(repeating: "e\u{0302}\u{0301}", count: 100)
        #expect(Fixtures.violations(header).isEmpty)
    }

    @Test("every violation is reported, not just the first, and the error joins them")
    func allViolations() {
        var header = Fixtures.header()
        header.recipients[1].organisationID = "0100-109106"
        header.subject = ""
        header.priority = 9
        let violations = Fixtures.violations(header)
        #expect(violations.map(\.field) == ["recipients[1].organisation_id", "subject", "priority"])

        let error = #expect(throws: HeaderValidationError.self) {
            try DocumentHeaderValidator().validate(header, caller: Fixtures.office, now: Fixtures.now)
        }
        #expect(error?.code == .invalidHeader)
        #expect(error?.violations == violations)
        #expect(error?.message.hasPrefix("3 problems: recipients[1].organisation_id: \"0100-109106\" is not") == true)
        #expect(
            error?.message.contains(
                "; subject: is required (1 to 500 characters); priority: must be one of edXML's priority codes 0 to 4")
                == true
        )
    }

    @Test("an empty header names every required field")
    func emptyHeader() {
        let fields = Set(Fixtures.violations(Vdxp_Exchange_V1_DocumentHeader()).map(\.field))
        #expect(
            fields == [
                "document_id", "subject", "sender", "recipients", "code", "promulgation", "document_type", "signer",
                "signing_time",
            ]
        )
    }

    @Test("the error message says \"1 problem\" for one and counts those past the twentieth")
    func errorMessage() {
        let one = HeaderValidationError(violations: [FieldViolation(field: "subject", rule: "is required")])
        #expect(one.message == "1 problem: subject: is required")
        #expect(one.description == "invalidHeader: 1 problem: subject: is required")

        let many = HeaderValidationError(
            violations: (0..<25).map { FieldViolation(field: "to_places[\($0)]", rule: "must not be empty") }
        )
        #expect(many.message.hasPrefix("25 problems: to_places[0]: must not be empty; "))
        #expect(many.message.hasSuffix("to_places[19]: must not be empty; and 5 more"))
    }

    // MARK: - String fields

    @Test("a string longer than its limit is refused, naming the field", arguments: StringFieldCase.all)
    func tooLong(rule: StringFieldCase) {
        let violations = Fixtures.violations { rule.set(&$0, Fixtures.text(rule.maximumLength + 1)) }
        #expect(violations.map(\.field) == [rule.field])
        #expect(
            violations.first?.rule
                == "has \(rule.maximumLength + 1) characters; at most \(rule.maximumLength) are allowed"
        )
    }

    @Test(
        "a string of exactly its limit, counted in characters not bytes, is accepted",
        arguments: StringFieldCase.all
    )
    func atLimit(rule: StringFieldCase) {
        #expect(Fixtures.violations { rule.set(&$0, Fixtures.text(rule.maximumLength)) }.isEmpty)
    }

    @Test("a required string that is empty or only white space is refused", arguments: StringFieldCase.required)
    func requiredMissing(rule: StringFieldCase) {
        for value in ["", "   ", "\t\n"] {
            let violations = Fixtures.violations { rule.set(&$0, value) }
            let violation = violations.first { $0.field == rule.field }
            #expect(violation?.rule.hasPrefix("is required (1 to \(rule.maximumLength) characters)") == true)
        }
    }

    @Test("an optional string may be empty", arguments: StringFieldCase.optional)
    func optionalEmpty(rule: StringFieldCase) {
        #expect(Fixtures.violations { rule.set(&$0, "") }.isEmpty)
    }

    @Test("a subject longer than 500 characters is refused, naming the field")
    func longSubject() {
        let error = #expect(throws: HeaderValidationError.self) {
            var header = Fixtures.header()
            header.subject = String(repeating: "a", count: 501)
            try DocumentHeaderValidator().validate(header, caller: Fixtures.office, now: Fixtures.now)
        }
        #expect(error?.message == "1 problem: subject: has 501 characters; at most 500 are allowed")
    }

    @Test("letters written with combining marks count once each")
    func decomposedLetters() {
        // "ệ" as e + combining dot below + combining circumflex: 3 scalars, 1 character.
        let decomposed = String(repeating: "e\u{0323}\u{0302}", count: 500)
        #expect(decomposed.count == 500)
        #expect(Fixtures.violations { $0.subject = decomposed }.isEmpty)
    }

    // MARK: - Document id (Art. 12)

    @Test("document_id is required and at most 100 characters")
    func documentIDRequired() {
        #expect(Fixtures.violations { $0.documentID = "" }.map(\.field) == ["document_id"])
        let long = Fixtures.violations {
            $0.code.notation = String(repeating: "A", count: 30)
            $0.documentID = "000.00.00.G22,2026,7816/" + String(repeating: "A", count: 77)
        }
        #expect(long.map(\.field) == ["document_id"])
        #expect(long.first?.rule.contains("at most 100") == true)
    }

    @Test("document_id must have the form {organisation id},{year},{number}/{notation}")
    func documentIDForm() {
        let violations = Fixtures.violations { $0.documentID = "000.00.00.G22-2026-7816/VPCP-TTĐT" }
        #expect(violations.map(\.field) == ["document_id"])
        #expect(violations.first?.rule.contains("is not a valid document id") == true)
    }

    @Test("document_id must carry a four-digit year from 1945 to 2100")
    func documentIDYear() {
        let violations = Fixtures.violations { $0.documentID = "000.00.00.G22,1900,7816/VPCP-TTĐT" }
        #expect(violations.map(\.field) == ["document_id"])
        #expect(violations.first?.rule.contains("year 1900") == true)
    }

    @Test("document_id must start with the sender's own organisation id")
    func documentIDOfAnotherOrganisation() {
        let violations = Fixtures.violations { $0.documentID = "000.00.00.H26,2026,7816/VPCP-TTĐT" }
        #expect(violations.map(\.field) == ["document_id"])
        #expect(violations.first?.rule.contains("must start with the sender's organisation id 000.00.00.G22") == true)
    }

    @Test("the number and notation of document_id must equal code.number + \"/\" + code.notation")
    func documentIDMatchesCode() {
        let otherNumber = Fixtures.violations { $0.code.number = "7817" }
        #expect(otherNumber.map(\.field) == ["document_id"])
        #expect(otherNumber.first?.rule.contains(#""7817/VPCP-TTĐT""#) == true)

        #expect(Fixtures.violations { $0.code.notation = "VPCP-TTDT" }.map(\.field) == ["document_id"])
        #expect(
            Fixtures.violations {
                $0.code.number = "20"
                $0.code.notation = "2020/QĐ-TTg"
                $0.documentID = "000.00.00.G22,2020,20/2020/QĐ-TTg"
                $0.promulgation.date = "2020-08-20"
            }.isEmpty
        )
    }

    // MARK: - Sender and recipients

    @Test("sender is required")
    func senderRequired() {
        let violations = Fixtures.violations { $0.clearSender() }
        #expect(violations.map(\.field) == ["sender"])
    }

    @Test("sender.organisation_id must be the caller's own id, the identity of its certificate")
    func senderIsCaller() {
        let violations = Fixtures.violations { $0.sender.organisationID = "000.00.00.H26" }
        #expect(violations.map(\.field) == ["sender.organisation_id"])
        #expect(violations.first?.rule.contains("must be your own organisation id 000.00.00.G22") == true)

        #expect(Fixtures.violations { $0.sender.organisationID = "" }.map(\.field) == ["sender.organisation_id"])
    }

    @Test("recipients must not be empty")
    func recipientsRequired() {
        let violations = Fixtures.violations { $0.recipients = [] }
        #expect(violations.map(\.field) == ["recipients"])
    }

    @Test("a document may have 500 recipients but not 501")
    func recipientCount() {
        func recipients(_ count: Int) -> [Vdxp_Exchange_V1_Organisation] {
            (0..<count).map { index in
                .with {
                    $0.organisationID = String(format: "%03d.00.00.H26", index + 1)
                    $0.name = "Đơn vị \(index + 1)"
                }
            }
        }
        #expect(Fixtures.violations { $0.recipients = recipients(500) }.isEmpty)
        let enterprise = Vdxp_Exchange_V1_Organisation.with {
            $0.organisationID = "0100109106"
            $0.name = "Doanh nghiệp"
        }
        let violations = Fixtures.violations { $0.recipients = recipients(500) + [enterprise] }
        #expect(violations.map(\.field) == ["recipients"])
        #expect(violations.first?.rule == "has 501 entries; at most 500 are allowed")
    }

    @Test("no organisation may appear twice among the recipients")
    func duplicateRecipients() {
        let violations = Fixtures.violations { $0.recipients.append($0.recipients[0]) }
        #expect(violations.map(\.field) == ["recipients[2].organisation_id"])
        #expect(violations.first?.rule.contains("repeats recipients[0]") == true)
    }

    @Test("the sender may not be one of its recipients")
    func senderAmongRecipients() {
        let violations = Fixtures.violations { $0.recipients[1].organisationID = "000.00.00.G22" }
        #expect(violations.map(\.field) == ["recipients[1].organisation_id"])
        #expect(violations.first?.rule.contains("must not be the sender's own id") == true)
    }

    @Test(
        "every recipient's organisation id must have one of the three forms of Art. 3.5",
        arguments: ["", "000.00.00.h26", "H26", "01001091", "0100109106-001", "000..00.H26"]
    )
    func recipientIDForm(id: String) {
        let violations = Fixtures.violations { $0.recipients[1].organisationID = id }
        #expect(violations.map(\.field) == ["recipients[1].organisation_id"])
    }

    @Test(
        "recipients may be state agencies, enterprises or individuals",
        arguments: ["000.00.00.H26", "002.00.20.H13", "0100109106", "001085012345"]
    )
    func recipientKinds(id: String) {
        #expect(
            Fixtures.violations {
                $0.recipients = [
                    .with {
                        $0.organisationID = id
                        $0.name = "X"
                    }
                ]
            }.isEmpty)
    }

    // MARK: - Required sub-messages

    @Test("code, promulgation, document_type and signer are required")
    func requiredMessages() {
        #expect(Fixtures.violations { $0.clearCode() }.map(\.field) == ["code"])
        #expect(Fixtures.violations { $0.clearPromulgation() }.map(\.field) == ["promulgation"])
        #expect(Fixtures.violations { $0.clearDocumentType() }.map(\.field) == ["document_type"])
        #expect(Fixtures.violations { $0.clearSigner() }.map(\.field) == ["signer"])
    }

    // MARK: - Numbers

    @Test("priority: edXML's codes 0 to 4 are accepted (QCVN 102:2016/BTTTT)", arguments: 0...4)
    func priorityValid(priority: Int32) {
        #expect(Fixtures.violations { $0.priority = priority }.isEmpty)
    }

    @Test("a priority outside 0 to 4 is refused", arguments: [-1, 5, 100] as [Int32])
    func priorityInvalid(priority: Int32) {
        let violations = Fixtures.violations { $0.priority = priority }
        #expect(violations.map(\.field) == ["priority"])
        #expect(violations.first?.rule.hasSuffix("got \(priority)") == true)
    }

    @Test("steering_type 0 to 2 is accepted", arguments: 0...2)
    func steeringValid(steering: Int32) {
        #expect(Fixtures.violations { $0.steeringType = steering }.isEmpty)
    }

    @Test("a steering_type outside 0 to 2 is refused", arguments: [-1, 3] as [Int32])
    func steeringInvalid(steering: Int32) {
        #expect(Fixtures.violations { $0.steeringType = steering }.map(\.field) == ["steering_type"])
    }

    @Test("document_type.type 1 to 4 is accepted", arguments: 1...4)
    func documentTypeValid(type: Int32) {
        #expect(Fixtures.violations { $0.documentType.type = type }.isEmpty)
    }

    @Test("a document_type.type outside 1 to 4 is refused", arguments: [0, 5, -1] as [Int32])
    func documentTypeInvalid(type: Int32) {
        #expect(Fixtures.violations { $0.documentType.type = type }.map(\.field) == ["document_type.type"])
    }

    // MARK: - Repeated strings

    @Test("to_places may have 100 entries of 1000 characters, but not more")
    func toPlaces() {
        #expect(Fixtures.violations { $0.toPlaces = Array(repeating: Fixtures.text(1000), count: 100) }.isEmpty)
        #expect(
            Fixtures.violations { $0.toPlaces = Array(repeating: "Nơi nhận", count: 101) }.map(\.field) == ["to_places"]
        )
        #expect(Fixtures.violations { $0.toPlaces[1] = Fixtures.text(1001) }.map(\.field) == ["to_places[1]"])
        #expect(Fixtures.violations { $0.toPlaces[0] = "" }.map(\.field) == ["to_places[0]"])
    }

    @Test("response_for may have 50 document ids of 100 characters, but not more")
    func responseFor() {
        #expect(Fixtures.violations { $0.responseFor = Array(repeating: Fixtures.text(100), count: 50) }.isEmpty)
        #expect(
            Fixtures.violations { $0.responseFor = Array(repeating: "x", count: 51) }.map(\.field) == ["response_for"]
        )
        #expect(Fixtures.violations { $0.responseFor[0] = Fixtures.text(101) }.map(\.field) == ["response_for[0]"])
        #expect(Fixtures.violations { $0.responseFor = ["  "] }.map(\.field) == ["response_for[0]"])
    }

    // MARK: - Attachments

    private static func attachment(_ index: Int, size: Int64 = 1) -> Vdxp_Exchange_V1_AttachmentDescriptor {
        .with {
            $0.name = "phu-luc-\(index).pdf"
            $0.contentType = "application/pdf"
            $0.sizeBytes = size
            $0.sha256 = Fixtures.digest
        }
    }

    @Test("a document may have no attachments, or 50, but not 51")
    func attachmentCount() {
        #expect(Fixtures.violations { $0.attachments = [] }.isEmpty)
        #expect(Fixtures.violations { $0.attachments = (0..<50).map { Self.attachment($0) } }.isEmpty)
        let violations = Fixtures.violations { $0.attachments = (0..<51).map { Self.attachment($0) } }
        #expect(violations.map(\.field) == ["attachments"])
        #expect(violations.first?.rule == "has 51 entries; at most 50 are allowed")
    }

    @Test("an attachment name may not contain a slash or a backslash", arguments: ["a/b.pdf", "..\\b.pdf", "/"])
    func attachmentNameSlashes(name: String) {
        let violations = Fixtures.violations { $0.attachments[0].name = name }
        #expect(violations.map(\.field) == ["attachments[0].name"])
    }

    @Test("attachment names are unique in a document")
    func attachmentNamesUnique() {
        let violations = Fixtures.violations {
            $0.attachments = [Self.attachment(1), Self.attachment(2), Self.attachment(1)]
        }
        #expect(violations.map(\.field) == ["attachments[2].name"])
        #expect(violations.first?.rule.contains("repeats attachments[0].name") == true)
        #expect(Fixtures.violations { $0.attachments = [Self.attachment(1), Self.attachment(2)] }.isEmpty)
    }

    @Test("sha256 must be exactly 32 bytes", arguments: [0, 1, 31, 33, 64])
    func digestLength(length: Int) {
        let violations = Fixtures.violations { $0.attachments[0].sha256 = Data(repeating: 1, count: length) }
        #expect(violations.map(\.field) == ["attachments[0].sha256"])
        #expect(violations.first?.rule.hasSuffix("it has \(length) bytes") == true)
    }

    @Test("an attachment's size is 0 or more")
    func attachmentSize() {
        #expect(Fixtures.violations { $0.attachments[0].sizeBytes = 0 }.isEmpty)
        let negative = Fixtures.violations { $0.attachments[0].sizeBytes = -1 }
        #expect(negative.map(\.field) == ["attachments[0].size_bytes"])
    }

    @Test("attachments may total the configured limit but not one byte more")
    func totalSize() {
        let validator = DocumentHeaderValidator(maximumTotalAttachmentBytes: 1000)
        var header = Fixtures.header()
        header.attachments = [Self.attachment(1, size: 600), Self.attachment(2, size: 400)]
        #expect(Fixtures.violations(header, validator: validator).isEmpty)

        header.attachments[1].sizeBytes = 401
        let violations = Fixtures.violations(header, validator: validator)
        #expect(violations.map(\.field) == ["attachments"])
        #expect(violations.first?.rule.contains("1001 bytes in total; at most 1000 bytes") == true)
    }

    @Test("the default limit is 256 MiB, and sizes that overflow are refused")
    func defaultLimitAndOverflow() {
        #expect(DocumentHeaderValidator().maximumTotalAttachmentBytes == 268_435_456)
        #expect(Fixtures.violations { $0.attachments = [Self.attachment(1, size: 268_435_456)] }.isEmpty)
        #expect(
            Fixtures.violations { $0.attachments = [Self.attachment(1, size: 268_435_457)] }.map(\.field)
                == ["attachments"]
        )
        let overflow = Fixtures.violations {
            $0.attachments = [Self.attachment(1, size: .max), Self.attachment(2, size: .max)]
        }
        #expect(overflow.map(\.field) == ["attachments"])
        #expect(overflow.first?.rule.contains("256 MiB") == true)
    }

    // MARK: - State secrets (Art. 1.2)

    @Test("a document flagged as a state secret is refused, citing Art. 1.2")
    func stateSecret() {
        let violations = Fixtures.violations { $0.stateSecret = true }
        #expect(violations.map(\.field) == ["state_secret"])
        #expect(violations.first?.rule.hasPrefix("must be false") == true)
        #expect(violations.first?.rule.contains("(Art. 1.2)") == true)
    }

    @Test("a document stating it is not a state secret is accepted")
    func notStateSecret() {
        #expect(Fixtures.violations { $0.stateSecret = false }.isEmpty)
    }
}
