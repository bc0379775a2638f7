import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPReport

/// A Report service started beside a test platform's Central and Exchange, following Exchange's journal.
struct TestReport: Sendable {
    let platform: TestPlatform
    let host: ServiceHost
    let address: HostAndPort

    /// A client of this Report as `member`.
    func member(_ member: DevelopmentMember) -> PlatformClient {
        platform.member(member, service: address)
    }

    /// A client of this Report as the operator.
    var operatorClient: PlatformClient { platform.operatorClient(of: address) }

    /// Waits until Report has counted every entry Exchange's journal holds now.
    func caughtUp() async throws {
        let target = try await platform.journalLength()
        try await TestMonitoring.eventually("Report counted journal entry \(target)") {
            try await operatorClient.report { try await $0.getReportStatus(.init()) }.lastSequence >= target
        }
    }
}

extension TestPlatform {
    /// How many entries Exchange's journal holds (each gets its sequence when chained, in order).
    func journalLength() async throws -> Int64 {
        let client = PostgresClient(
            configuration: try DatabaseURL(databaseURL).clientConfiguration(maximumConnections: 1),
            backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Int64.self) { group in
            group.addTask {
                await client.run()
                return -1
            }
            defer { group.cancelAll() }
            for try await count in try await client.query("SELECT count(*)::int8 FROM exchange.journal").decode(
                Int64.self)
            {
                return count
            }
            return 0
        }
    }

    /// Starts Report for this platform, runs `body`, and stops it gracefully.
    func withReport(settings: [String: String] = [:], _ body: (TestReport) async throws -> Void) async throws {
        var values = ["VDXP_EXCHANGE_ADDRESS": exchange.description]
        values.merge(settings) { _, new in new }
        try await withService("report", definition: ReportService.definition, settings: values) { host, address in
            try await body(TestReport(platform: self, host: host, address: address))
        }
    }
}
