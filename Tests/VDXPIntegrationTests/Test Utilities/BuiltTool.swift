import Foundation
import Testing
import VDXPDevelopment

/// The built `vdxp` tool, run as a person runs it: a separate process beside the test bundle.
enum BuiltTool {
    /// Runs `vdxp` with `arguments`; returns its exit status and what it printed (standard output and error).
    static func vdxp(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("vdxp")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path), "build the vdxp tool first (swift build)")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return (status, String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    /// The cluster file's shape (`tools/vdxp/ClusterFile.swift`), naming only what the commands under test read.
    struct Cluster: Encodable {
        struct Endpoints: Encodable {
            var grpc: String
            var health: String
            var metrics: String
            var `public`: String? = nil
        }
        var services: [String: Endpoints]
        var databaseURL: String
        var pki: DevelopmentPKIPaths

        enum CodingKeys: String, CodingKey {
            case services
            case databaseURL = "database_url"
            case pki
        }
    }
}
