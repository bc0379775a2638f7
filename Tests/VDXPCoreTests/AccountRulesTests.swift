import Testing
import VDXPCore

@Suite("Account fields and passwords")
struct AccountRulesTests {
    @Test("usernames are folded to lower case and trimmed")
    func usernameFolding() throws {
        #expect(try AccountRules.username("  Nguyen.An_01 ") == "nguyen.an_01")
    }

    @Test(
        "usernames of the wrong length or characters are refused",
        arguments: ["ab", ".an", "an nv", "nguyễn", String(repeating: "a", count: 65)])
    func badUsernames(username: String) {
        #expect(throws: AccountRuleError.self) { try AccountRules.username(username) }
    }

    @Test("a password needs 12 characters and must not contain the username")
    func passwords() throws {
        try AccountRules.password("mot hai ba bon", username: "an.nv")
        let short = #expect(throws: AccountRuleError.self) {
            try AccountRules.password("short-pass1", username: "an.nv")
        }
        #expect(short?.description.contains("at least 12 characters") == true)
        #expect(throws: AccountRuleError.self) { try AccountRules.password("my name is AN.NV ok", username: "an.nv") }
        #expect(throws: AccountRuleError.self) {
            try AccountRules.password(String(repeating: "x", count: 129), username: "an.nv")
        }
    }

    @Test("e-mail addresses and phone numbers for notifications")
    func contacts() throws {
        #expect(try AccountRules.email(" an.nv@vpcp.gov.vn ") == "an.nv@vpcp.gov.vn")
        #expect(try AccountRules.phone("+84 912.345-678") == "+84912345678")
        #expect(try AccountRules.phone("0912345678") == "0912345678")
        for bad in ["an.nv", "a@b", "a b@c.vn", "@c.vn", "an.nv@bộ.gov.vn"] {
            #expect(throws: AccountRuleError.self) { try AccountRules.email(bad) }
        }
        for bad in ["12345", "09123abc45", "+", "+0912 345 678"] {
            #expect(throws: AccountRuleError.self) { try AccountRules.phone(bad) }
        }
    }

    @Test("base64url round-trips and refuses other alphabets")
    func base64URL() {
        let bytes: [UInt8] = Array(0...255)
        let text = Base64URL.encode(bytes)
        #expect(!text.contains("+") && !text.contains("/") && !text.contains("="))
        #expect(Base64URL.decode(text).map(Array.init) == bytes)
        #expect(Base64URL.decode("ab+c") == nil)
        #expect(Base64URL.decode("abcde") == nil)
    }
}
