import Crypto
import Foundation
import _CryptoExtras

/// Hashes passwords with scrypt (memory-hard), a random 16-byte salt per password, and the parameters written into
/// the hash so that they can be raised later without invalidating stored hashes:
///
///     $scrypt$ln=15,r=8,p=1$<salt, base64>$<32-byte key, base64>
///
/// `ln` is log₂ of the cost N. The defaults (N = 2¹⁵, r = 8, p = 1) take 32 MiB and some tens of milliseconds per
/// hash, spent on ``PasswordWorkers``' threads, never on Swift's cooperative pool. Passwords are never logged and
/// never leave this type except as a hash.
struct PasswordHasher: Sendable {
    /// scrypt's cost parameters.
    struct Parameters: Sendable, Hashable {
        /// log₂ of the CPU/memory cost N.
        var logN: Int
        /// The block size r.
        var blockSize: Int
        /// The parallelism p.
        var parallelism: Int
    }

    /// The parameters new hashes use.
    let parameters: Parameters

    /// Where the derivations run.
    let workers: PasswordWorkers

    /// The parameters for new hashes: N = 2¹⁵, r = 8, p = 1.
    static let standardParameters = Parameters(logN: 15, blockSize: 8, parallelism: 1)

    /// Hashes `password` with a fresh salt.
    ///
    /// - Throws: ``CentralError/passwordChecksBusy`` when ``workers`` admit no more.
    func hash(_ password: String) async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let parameters = self.parameters
        let key = try await workers.perform { try Self.derive(password, salt: salt, parameters: parameters) }
        return "$scrypt$ln=\(parameters.logN),r=\(parameters.blockSize),p=\(parameters.parallelism)$"
            + Data(salt).base64EncodedString() + "$" + Data(key).base64EncodedString()
    }

    /// Whether `password` matches `encoded` (compared in constant time). A hash that cannot be read never matches.
    ///
    /// - Throws: ``CentralError/passwordChecksBusy`` when ``workers`` admit no more.
    func verify(_ password: String, against encoded: String) async throws -> Bool {
        guard let (parameters, salt, expected) = Self.parse(encoded) else { return false }
        let derived = try await workers.perform { try? Self.derive(password, salt: salt, parameters: parameters) }
        guard let key = derived, key.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(key, expected) { difference |= a ^ b }
        return difference == 0
    }

    /// Whether `encoded` was made with weaker parameters than ``parameters`` (rehash it at the next sign-in).
    func needsRehash(_ encoded: String) -> Bool {
        guard let (stored, _, _) = Self.parse(encoded) else { return true }
        return stored.logN < parameters.logN || stored.blockSize < parameters.blockSize
            || stored.parallelism < parameters.parallelism
    }

    /// Spends the time of one verification, for a username that does not exist: an attacker cannot tell unknown
    /// usernames from wrong passwords by the answer's delay.
    ///
    /// - Throws: ``CentralError/passwordChecksBusy`` when ``workers`` admit no more.
    func spendVerificationTime(_ password: String) async throws {
        let parameters = self.parameters
        _ = try await workers.perform {
            try? Self.derive(password, salt: Array(repeating: 0, count: 16), parameters: parameters)
        }
    }

    private static func derive(_ password: String, salt: [UInt8], parameters: Parameters) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: 1 << parameters.logN,
            blockSize: parameters.blockSize, parallelism: parameters.parallelism)
        return key.withUnsafeBytes { Array($0) }
    }

    private static func parse(_ encoded: String) -> (Parameters, [UInt8], [UInt8])? {
        let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].isEmpty, fields[1] == "scrypt" else { return nil }
        var values: [String: Int] = [:]
        for pair in fields[2].split(separator: ",") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let value = Int(parts[1]) else { return nil }
            values[String(parts[0])] = value
        }
        guard let logN = values["ln"], let r = values["r"], let p = values["p"], (10...22).contains(logN),
            (1...32).contains(r), (1...16).contains(p),
            let salt = Data(base64Encoded: String(fields[3])), let key = Data(base64Encoded: String(fields[4]))
        else { return nil }
        return (Parameters(logN: logN, blockSize: r, parallelism: p), Array(salt), Array(key))
    }
}
