import Testing

@testable import VDXPMonitoring

/// RFC 5321 §4.2: a reply is one or more lines `ddd-text`, the last `ddd text`.
@Suite("SMTP replies are assembled from the relay's lines")
struct SMTPReplyParserTests {
    @Test("a multi-line EHLO reply becomes one reply with its extensions")
    func multiLine() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.consume("250-relay.vdxp.gov.vn xin chào") == nil)
        #expect(try parser.consume("250-STARTTLS") == nil)
        #expect(try parser.consume("250-auth plain login") == nil)
        let reply = try #require(try parser.consume("250 SIZE 35882577"))
        #expect(reply.code == 250)
        #expect(reply.lines == ["relay.vdxp.gov.vn xin chào", "STARTTLS", "auth plain login", "SIZE 35882577"])
        #expect(reply.extensions["STARTTLS"] == [])
        #expect(reply.extensions["AUTH"] == ["PLAIN", "LOGIN"])
        #expect(reply.extensions["SIZE"] == ["35882577"])
        #expect(reply.description == "250 relay.vdxp.gov.vn xin chào / STARTTLS / auth plain login / SIZE 35882577")
    }

    @Test("single-line replies, a bare code, and the classes of codes")
    func singleLine() throws {
        var parser = SMTPReplyParser()
        let bare = try #require(try parser.consume("354"))
        #expect(bare.code == 354 && bare.lines == [""] && bare.isPositiveIntermediate)
        let busy = try #require(try parser.consume("451 4.3.0 try again later"))
        #expect(busy.isTransientNegative && !busy.isPermanentNegative)
        let refused = try #require(try parser.consume("550 5.1.1 no such user"))
        #expect(refused.isPermanentNegative)
    }

    @Test("lines that are not replies are refused", arguments: ["", "25", "hello", "250_ok", "600 no", "2x0 ok"])
    func malformed(line: String) {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.MalformedReply.self) { try parser.consume(line) }
    }

    @Test("a continuation with another code is refused")
    func mixedCodes() throws {
        var parser = SMTPReplyParser()
        _ = try parser.consume("250-first")
        #expect(throws: SMTPReplyParser.MalformedReply.self) { try parser.consume("251 second") }
    }
}
