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

    /// Writes a cluster file at `path` naming each service's gRPC address (its health and metrics addresses the same:
    /// no command under test reads them), Central's public listener when given, and the PKI and database.
    static func writeClusterFile(
        at path: String, services: [String: String], centralPublic: String? = nil, pki: DevelopmentPKIPaths,
        databaseURL: String
    ) throws {
        let endpoints = Dictionary(
            uniqueKeysWithValues: services.map { name, address in
                (
                    name,
                    Cluster.Endpoints(
                        grpc: address, health: address, metrics: address,
                        public: name == "central" ? centralPublic : nil)
                )
            })
        try JSONEncoder().encode(Cluster(services: endpoints, databaseURL: databaseURL, pki: pki))
            .write(to: URL(fileURLWithPath: path))
    }

    /// Writes a cluster file (``writeClusterFile(at:services:centralPublic:pki:databaseURL:)``) in a fresh folder,
    /// runs `body` with the folder and the file's path, and removes the folder.
    static func withClusterFile<Result>(
        services: [String: String], centralPublic: String? = nil, pki: DevelopmentPKIPaths, databaseURL: String,
        _ body: (_ directory: URL, _ path: String) async throws -> Result
    ) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vdxp-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cluster.json").path
        try writeClusterFile(
            at: path, services: services, centralPublic: centralPublic, pki: pki, databaseURL: databaseURL)
        return try await body(directory, path)
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
