import Foundation
import Testing

@testable import VDXPMonitoring

/// RFC 5322 message, RFC 2047 encoded words, RFC 2045 quoted-printable, RFC 5321 dot-stuffing.
@Suite("Notification e-mails are encoded for 7-bit SMTP")
struct SMTPMessageEncoderTests {
    @Test("the message has Date, a Message-ID from the notification id, From, To, an encoded Subject, UTF-8 text")
    func headers() throws {
        let id = UUID(uuidString: "0F0E0D0C-0B0A-0908-0706-050403020100")!
        let text = SMTPMessageEncoder.message(
            ChannelMessage(
                notificationID: id, address: "vanthu@hagiang.gov.vn", subject: "Mất kết nối", body: "Xin chào"),
            from: try SMTPMailbox("Trục liên thông <canhbao@vdxp.gov.vn>"),
            to: try SMTPMailbox("vanthu@hagiang.gov.vn"),
            date: ChannelFixtures.monday)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.contains("Date: Mon, 02 Nov 2026 02:00:00 +0000"))
        #expect(lines.contains("Message-ID: <0f0e0d0c-0b0a-0908-0706-050403020100@vdxp.gov.vn>"))
        #expect(lines.contains("To: vanthu@hagiang.gov.vn"))
        #expect(lines.contains("Subject: =?UTF-8?B?" + Data("Mất kết nối".utf8).base64EncodedString() + "?="))
        #expect(lines.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(lines.contains("Content-Transfer-Encoding: quoted-printable"))
        #expect(text.utf8.allSatisfy { $0 < 0x80 }, "7-bit clean")
        let bytes = Array(text.utf8)
        #expect(bytes.indices.allSatisfy { bytes[$0] != 0x0A || ($0 > 0 && bytes[$0 - 1] == 0x0D) }, "CRLF only")
    }

    @Test("a long subject is cut into encoded words of at most 75 characters, never inside a character")
    func longSubject() {
        let subject = String(repeating: "Ủy ban nhân dân tỉnh Hà Giang ", count: 6)
        let words = MIMEEncoding.encodedWords(subject)
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.count <= 75 })
        let decoded = words.map { word in
            Data(base64Encoded: String(word.dropFirst("=?UTF-8?B?".count).dropLast(2)))!
        }
        #expect(decoded.allSatisfy { String(data: $0, encoding: .utf8) != nil }, "each word is whole UTF-8")
        #expect(String(decoding: decoded.reduce(Data(), +), as: UTF8.self) == subject)
        #expect(MIMEEncoding.headerText("Plain ASCII") == "Plain ASCII")
    }

    /// RFC 2047 §2: "a 'Subject:' header line containing an encoded-word … MUST NOT be more than 76 characters long";
    /// RFC 5322 §2.1.1: no line over 998. A member's ticket subject of one letter carrying 199 combining marks (one
    /// Swift `Character` of 797 bytes) used to become one encoded word of 1,076 characters.
    @Test(
        "every Subject line, the first with its header name, is at most 76 characters, even for one letter with hundreds of combining marks"
    )
    func subjectLines() throws {
        let heavy = "a" + String(repeating: "\u{E0100}", count: 199)
        for subject in [String(repeating: "Mất kết nối ", count: 20), heavy, "Ủ" + heavy + "y ban"] {
            let message = ChannelMessage(
                notificationID: UUID(), address: "vanthu@hagiang.gov.vn", subject: subject, body: "x")
            let text = SMTPMessageEncoder.message(
                message, from: try SMTPMailbox("Trục liên thông <canhbao@vdxp.gov.vn>"),
                to: try SMTPMailbox("vanthu@hagiang.gov.vn"), date: ChannelFixtures.monday)
            let lines = text.components(separatedBy: "\r\n")
            guard let start = lines.firstIndex(where: { $0.hasPrefix("Subject: ") }) else {
                Issue.record("no Subject")
                continue
            }
            let header = [lines[start]] + lines[(start + 1)...].prefix { $0.hasPrefix(" ") }
            #expect(header.allSatisfy { $0.utf8.count <= 76 }, "\(header.map(\.utf8.count))")
            let from = [lines.first { $0.hasPrefix("From: ") } ?? ""]
            #expect(from.allSatisfy { $0.utf8.count <= 76 })
            let words = header.map { $0.hasPrefix("Subject: ") ? String($0.dropFirst(9)) : String($0.dropFirst()) }
            let decoded = words.map { Data(base64Encoded: String($0.dropFirst("=?UTF-8?B?".count).dropLast(2)))! }
            #expect(decoded.allSatisfy { String(data: $0, encoding: .utf8) != nil }, "each word is whole UTF-8")
            #expect(String(decoding: decoded.reduce(Data(), +), as: UTF8.self) == subject)
        }
    }

    @Test("quoted-printable keeps lines within 76 characters and encodes what is not printable ASCII")
    func quotedPrintable() {
        let encoded = MIMEEncoding.quotedPrintable("Kết nối = ổn \n" + String(repeating: "a", count: 100) + "\ttab ")
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines[0] == "K=E1=BA=BFt n=E1=BB=91i =3D =E1=BB=95n=20")
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(lines[1].hasSuffix("="), "a soft break")
        #expect(lines.last!.hasSuffix("tab=20"))
    }

    @Test("dot-stuffing doubles a leading dot, every line break becomes CRLF, and the data ends with CRLF.CRLF")
    func dataSection() {
        #expect(SMTPMessageEncoder.dataSection(".\n..a\r\nb\rc") == "..\r\n...a\r\nb\r\nc\r\n.\r\n")
        #expect(MIMEEncoding.normalisedLines("a\r\n\r\nb\r") == ["a", "", "b", ""])
    }

    @Test("mailboxes: a display name is encoded, and anything that could inject a command is refused")
    func mailboxes() throws {
        #expect(try SMTPMailbox("canhbao@vdxp.gov.vn").headerValue == "canhbao@vdxp.gov.vn")
        #expect(try SMTPMailbox("VDXP <canhbao@vdxp.gov.vn>").headerValue == "\"VDXP\" <canhbao@vdxp.gov.vn>")
        #expect(try SMTPMailbox("Trục <a@b.vn>").headerValue.hasPrefix("=?UTF-8?B?"))
        for bad in ["", "a", "@b.vn", "a@", "a@b@c", "a b@c.vn", "a@b.vn\r\nRCPT TO:<x@y.vn>", "<a@b.vn>x"] {
            #expect(throws: SMTPMailbox.Invalid.self, "\(bad.debugDescription)") { try SMTPMailbox(bad) }
        }
    }
}
