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
    var operatorClient: PlatformClient { platform.operatorClient(of: address) }

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
        try await withService("search", definition: SearchService.definition, settings: values) { host, address in
            try await body(TestSearch(platform: self, host: host, address: address))
        }
    }
}
