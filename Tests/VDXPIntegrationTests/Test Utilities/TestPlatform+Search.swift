import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPSearch

/// A Search service started beside a test platform's Central and Exchange, following Exchange's journal.
struct TestSearch: Sendable {
    let platform: TestPlatform
    let host: ServiceHost
    let address: HostAndPort

    /// A client of this Search as `member`.
    func member(_ member: DevelopmentMember) -> PlatformClient {
        platform.member(member, service: address)
    }

    /// A client of this Search as the operator.
    var operatorClient: PlatformClient {
        PlatformClient(
            address: address, certificatePath: platform.pki.operators["admin"]!.certificate,
            keyPath: platform.pki.operators["admin"]!.key, platformCAPath: platform.pki.platformCA)
    }

    /// A client of this Search as platform service `name`.
    func service(_ name: String) -> PlatformClient {
        platform.service(name, address: address)
    }

    /// Waits until the index holds at least `count` documents and has applied every journal entry Exchange had
    /// when called (its last sequence reaches the journal's).
    func waitForIndex(documents count: Int64) async throws {
        try await TestMonitoring.eventually("Search indexed \(count) documents") {
            let status = try await operatorClient.search { try await $0.getIndexStatus(.init()) }
            return status.documentCount >= count
        }
    }

    /// Waits until the index has applied the journal up to `sequence`.
    func waitForSequence(_ sequence: Int64) async throws {
        try await TestMonitoring.eventually("Search applied the journal up to \(sequence)") {
            try await operatorClient.search { try await $0.getIndexStatus(.init()) }.lastSequence >= sequence
        }
    }
}

extension TestPlatform {
    /// Starts Search for this platform, runs `body`, and stops it gracefully (as SIGTERM would). Call it again with
    /// the same platform to restart Search on the same database.
    func withSearch(settings: [String: String] = [:], _ body: (TestSearch) async throws -> Void) async throws {
        var values = ["VDXP_EXCHANGE_ADDRESS": exchange.description]
        values.merge(settings) { _, new in new }
        let host = ServiceHost(
            definition: SearchService.definition,
            configuration: try Self.configuration(
                "search", identity: "search", pki: pki, databaseURL: databaseURL, central: central, extra: values),
            logger: logger)
        let task = Task { try await host.run() }
        let outcome: Result<Void, any Error>
        do {
            let search = TestSearch(platform: self, host: host, address: try await host.addresses().grpc)
            try await TestMonitoring.eventually("Search holds the global configuration") {
                host.globalConfiguration.current() != nil
            }
            try await body(search)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        try await Self.stop([host], running: [task])
        try outcome.get()
    }
}
