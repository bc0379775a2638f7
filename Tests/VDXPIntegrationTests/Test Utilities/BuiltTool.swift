import Foundation
import Testing
import VDXPDevelopment
import VDXPLocalCluster

/// The built `vdxp` tool, run as a person runs it: a separate process beside the test bundle.
enum BuiltTool {
    /// Runs `vdxp` with `arguments`, and `environment` added to this process's; returns its exit status and what it
    /// printed (standard output and error).
    static func vdxp(
        _ arguments: [String], environment: [String: String] = [:]
    ) async throws -> (status: Int32, output: String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("vdxp")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path), "build the vdxp tool first (swift build)")
        let completed = try await ChildProcess.run(
            binary.path, arguments: arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, errors: .merged)
        return (completed.termination.code, completed.standardOutput)
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
