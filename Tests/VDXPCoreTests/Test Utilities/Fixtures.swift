import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPProto

/// Values shared by the tests: a sending office, "today", "now", and a header that passes every rule.
enum Fixtures {
    /// The Government Office, the sender of the fixture document.
    static let office = try! OrganisationID(validating: "000.00.00.G22")

    /// Today in Vietnam time, for the fixture document.
    static let today = CalendarDate(year: 2026, month: 3, day: 15)!

    /// The moment the fixture document reaches the platform: 10:00 on ``today`` in Vietnam time.
    static let now = Self.today.instant(atSecondsIntoDay: 10 * 3600)

    /// A SHA-256-sized digest.
    static let digest = Data(repeating: 0xAB, count: 32)

    /// A new document header (business type NEW, signed at 09:00) that breaks no rule when sent by ``office`` at
    /// ``now``.
    static func header() -> Vdxp_Exchange_V1_DocumentHeader {
        var header = Vdxp_Exchange_V1_DocumentHeader()
        header.documentID = "000.00.00.G22,2026,7816/VPCP-TTĐT"
        header.sender = .with {
            $0.organisationID = "000.00.00.G22"
            $0.name = "Văn phòng Chính phủ"
            $0.address = "1 Hoàng Hoa Thám, Ba Đình, Hà Nội"
            $0.email = "vpcp@chinhphu.vn"
            $0.telephone = "024 3825 8261"
        }
        header.recipients = [
            .with {
                $0.organisationID = "000.00.00.H26"
                $0.name = "Ủy ban nhân dân thành phố Hà Nội"
            },
            .with {
                $0.organisationID = "0100109106"
                $0.name = "Tập đoàn Công nghiệp - Viễn thông Quân đội"
            },
        ]
        header.code = .with {
            $0.number = "7816"
            $0.notation = "VPCP-TTĐT"
        }
        header.promulgation = .with {
            $0.place = "Hà Nội"
            $0.date = "2026-03-15"
        }
        header.documentType = .with {
            $0.type = 2
            $0.typeName = "Công văn"
        }
        header.subject = "Về việc triển khai Trục liên thông văn bản quốc gia"
        header.signer = .with {
            $0.competence = "KT. Bộ trưởng, Chủ nhiệm"
            $0.position = "Phó Chủ nhiệm"
            $0.fullName = "Nguyễn Văn A"
        }
        header.dueDate = "2026-04-30"
        header.toPlaces = ["Các Bộ, cơ quan ngang Bộ", "UBND các tỉnh, thành phố trực thuộc Trung ương"]
        header.priority = 1
        header.steeringType = 1
        header.responseFor = ["000.00.00.H26,2026,120/UBND-KGVX"]
        header.attachments = [
            .with {
                $0.name = "7816-VPCP-TTDT.pdf"
                $0.contentType = "application/pdf"
                $0.sizeBytes = 123_456
                $0.sha256 = Self.digest
                $0.description_p = "Công văn"
            }
        ]
        header.stateSecret = false
        header.businessType = .new
        header.signingTime = "2026-03-15T09:00:00+07:00"
        return header
    }

    /// The violations of `header` sent by ``office`` at ``now`` with the default limits.
    static func violations(
        _ header: Vdxp_Exchange_V1_DocumentHeader,
        validator: DocumentHeaderValidator = DocumentHeaderValidator()
    ) -> [FieldViolation] {
        validator.violations(in: header, caller: Self.office, now: Self.now)
    }

    /// The violations of the fixture header after `change`.
    static func violations(
        after change: (inout Vdxp_Exchange_V1_DocumentHeader) -> Void
    ) -> [FieldViolation] {
        var header = Self.header()
        change(&header)
        return Self.violations(header)
    }

    /// `count` copies of "ệ", a Vietnamese letter of 3 UTF-8 bytes: a string whose length in characters differs
    /// from its length in bytes.
    static func text(_ count: Int) -> String {
        String(repeating: "ệ", count: count)
    }
}
