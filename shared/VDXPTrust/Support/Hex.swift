import Crypto
import Foundation

/// Lowercase hexadecimal of some bytes.
func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var result = [UInt8]()
    for byte in bytes {
        result.append(digits[Int(byte >> 4)])
        result.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: result, as: UTF8.self)
}

/// Lowercase hexadecimal for the services: digests and hashes shown or stored as text.
public enum Hex {
    /// Lowercase hexadecimal of `bytes`.
    public static func string(_ bytes: some Sequence<UInt8>) -> String { hex(bytes) }

    /// The SHA-256 of `text`'s UTF-8 bytes, in lowercase hexadecimal: a stand-in of fixed size for a text of any
    /// length (a key a btree entry holds, a query a page token names).
    public static func sha256(of text: String) -> String { hex(SHA256.hash(data: Data(text.utf8))) }
}
