import Foundation
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPExchange

/// The failure sweep runs on every Exchange replica at once: each overdue delivery must fail exactly once, with one
/// "delivery.failed" entry, however many replicas sweep together.
@Suite("Exchange failure sweep on several replicas (Art. 13.2)", .serialized)
struct ExchangeFailureSweepTests {
    @Test("four replicas sweeping the same overdue deliveries together fail each exactly once")
    func exactlyOnceAcrossReplicas() async throws {
        try await TestPlatform.with { platform in
            let headers = (0..<6).map { TestPlatform.header(number: "139\($0)") }
            for header in headers { try await platform.sendDocument(header) }
            // A day later on the replicas' clocks: every delivery is past its deadline.
            let clock = ManualClock(now: Date().addingTimeInterval(86_400))
            let configuration = platform.exchangeHost.globalConfiguration
            let counts = try await platform.database { database in
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<4 {
                        group.addTask {
                            let sweeper = DeliveryFailureSweeper(
                                database: database,
                                deliveries: DeliveryStore(database: database, logger: platform.logger),
                                journal: JournalStore(database: database, logger: platform.logger),
                                configuration: configuration, maximumAttempts: 5, interval: .seconds(1),
                                clock: clock.wallClock, logger: platform.logger)
                            return try await sweeper.sweep()
                        }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
            }
            #expect(counts.reduce(0, +) == headers.count, "\(counts)")
            for header in headers {
                let state = try #require(
                    try await platform.document(header.documentID).recipient(TestPlatform.recipient))
                #expect(state.deliveryState == .failed)
                #expect(state.failReason == .notAcknowledgedInTime)
            }
            let failures = try await platform.database { database in
                var count = 0
                for try await n in try await database.query(
                    "SELECT count(*) FROM exchange.journal WHERE event_type = 'delivery.failed'"
                ).decode(Int.self) { count = n }
                return count
            }
            #expect(failures == headers.count, "one journal entry per failure")
        }
    }

    @Test("a replica whose configuration is older than another's fails no delivery to a member only it shows suspended")
    func olderConfigurationFailsNothing() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "1401")
            try await platform.sendDocument(header)
            let live = try #require(platform.exchangeHost.globalConfiguration.snapshot)
            let recipient = TestPlatform.recipient.organisationID
            // A copy numbered `version` in which the recipient is SUSPENDED.
            func copy(version: Int64) throws -> GlobalConfigurationStore {
                var configuration = live.configuration
                configuration.version = version
                for index in configuration.members.indices
                where configuration.members[index].organisationID == recipient {
                    configuration.members[index].state = .suspended
                }
                var signed = live.signed
                signed.configuration = try configuration.serializedData()
                let store = GlobalConfigurationStore()
                _ = store.update(try GlobalConfigurationSnapshot(verified: signed))
                return store
            }
            func sweep(with configuration: GlobalConfigurationStore) async throws -> Int {
                try await platform.database { database in
                    try await DeliveryFailureSweeper(
                        database: database, deliveries: DeliveryStore(database: database, logger: platform.logger),
                        journal: JournalStore(database: database, logger: platform.logger),
                        configuration: configuration, maximumAttempts: 5, interval: .seconds(1),
                        clock: WallClock.system, logger: platform.logger
                    ).sweep()
                }
            }
            #expect(try await sweep(with: platform.exchangeHost.globalConfiguration) == 0, "the live copy: connected")
            // A replica still on the version before, which showed the recipient suspended: the resumption since is
            // in every other replica's copy.
            #expect(try await sweep(with: try copy(version: live.version - 1)) == 0)
            let waiting = try #require(try await platform.document(header.documentID).recipient(TestPlatform.recipient))
            #expect(waiting.deliveryState != .failed)
            // The newest copy still fails it at once.
            #expect(try await sweep(with: try copy(version: live.version + 1)) == 1)
            let failed = try #require(try await platform.document(header.documentID).recipient(TestPlatform.recipient))
            #expect(failed.deliveryState == .failed)
            #expect(failed.failReason == .recipientNotConnected)
        }
    }
}
