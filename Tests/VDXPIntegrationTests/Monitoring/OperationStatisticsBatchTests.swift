import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPStore

@testable import VDXPMonitoring

/// Monitoring adds a journal batch's operational samples (Art. 4.1.g) together: summed per minute row and per total,
/// then written with one statement each. The figures are those of adding the samples one by one.
@Suite("Monitoring: a batch's operational samples added together", .timeLimit(.minutes(3)))
struct OperationStatisticsBatchTests {
    @Test("samples of one member, minute and operation add up, across batches too, with their latencies")
    func samplesAddUp() async throws {
        let minute = Date(timeIntervalSince1970: 1_780_000_020)
        func sample(
            _ member: String, _ operation: String, at seconds: TimeInterval = 0, failed: Bool = false,
            latency: Double? = nil
        ) -> OperationSample {
            OperationSample(
                organisationID: member, operation: operation, time: minute.addingTimeInterval(seconds), failed: failed,
                latency: latency)
        }
        let sender = "000.00.00.G22"
        let recipient = "000.00.00.H26"
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            let store = OperationStatisticsStore(database: database, logger: logger)
            try await database.transaction(logger: logger) { connection in
                try await store.add(
                    [
                        sample(sender, "document.sent"), sample(sender, "document.sent", at: 10),
                        sample(recipient, "delivery.acknowledged", at: 5, latency: 0.5),
                        sample(sender, "document.sent", at: 61),
                        sample(recipient, "delivery.acknowledged", at: 20, latency: 30),
                    ], on: connection)
            }
            try await database.transaction(logger: logger) { connection in
                try await store.add(
                    [
                        sample(sender, "document.sent", at: 30), sample(sender, "document.sent", at: 40),
                        sample(recipient, "delivery.failed", at: 1, failed: true),
                        sample(recipient, "delivery.acknowledged", at: 30, latency: 0.5),
                    ], on: connection)
            }
            let thisMinute = try await store.window(
                of: nil, from: Date(timeIntervalSince1970: 1_780_000_020 - 20), to: minute.addingTimeInterval(40))
            #expect(thisMinute["document.sent"]?.count == 4)
            #expect(thisMinute["delivery.acknowledged"]?.count == 3)
            #expect(
                thisMinute["delivery.acknowledged"]?.latencies
                    == {
                        var latencies = LatencyHistogram(one: 0.5)
                        latencies.add(LatencyHistogram(one: 30))
                        latencies.add(LatencyHistogram(one: 0.5))
                        return latencies
                    }())
            #expect(thisMinute["delivery.failed"].map { ($0.count, $0.failureCount) } ?? (0, 0) == (1, 1))
            let totals = try await store.totals()
            #expect(totals.first { $0.organisationID == sender && $0.operation == "document.sent" }?.count == 5)
            #expect(
                totals.first { $0.organisationID == recipient && $0.operation == "delivery.acknowledged" }?.count == 3)
            #expect(totals.first { $0.operation == "delivery.failed" }?.failureCount == 1)
        }
    }
}
