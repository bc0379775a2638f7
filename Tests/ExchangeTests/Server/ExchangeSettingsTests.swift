import Foundation
import Testing
import VDXPCore
import VDXPRuntime

@testable import VDXPExchange

/// The settings of Art. 13.2 (when an unacknowledged delivery fails) and Art. 11.2 (documents without the seal), read
/// once at start: a value nobody meant stops the service, naming the variable.
@Suite("Exchange settings: acknowledgement deadline, unsealed documents, large sends")
struct ExchangeSettingsTests {
    @Test("by default a delivery is due four hours after sending, by 17:00, and unsealed documents are carried")
    func defaults() throws {
        let settings = try ExchangeSettings(settings: Settings([:]), databaseConnections: 20)
        #expect(settings.acknowledgementDeadline.acknowledgeWithin == 4 * 3600)
        #expect(settings.acknowledgementDeadline.workingDayEndSeconds == 17 * 3600)
        #expect(settings.unsealedDocuments == .referenceOnly)
    }

    @Test("large documents stream into their transactions on half the database connections, 30 s per message at most")
    func streamedSends() throws {
        let defaults = try ExchangeSettings(settings: Settings([:]), databaseConnections: 20)
        #expect(defaults.streamedSendsAtOnce == 10)
        #expect(defaults.streamedSendMessageWait == .seconds(30))
        #expect(try ExchangeSettings(settings: Settings([:]), databaseConnections: 3).streamedSendsAtOnce == 1)
        let configured = try ExchangeSettings(
            settings: Settings(["VDXP_EXCHANGE_STREAMED_SENDS": "3", "VDXP_EXCHANGE_CHUNK_WAIT_SECONDS": "5"]),
            databaseConnections: 20)
        #expect(configured.streamedSendsAtOnce == 3)
        #expect(configured.streamedSendMessageWait == .seconds(5))
    }

    @Test("the window, the end of the working day and the policy are read from their variables")
    func configured() throws {
        let settings = try ExchangeSettings(
            settings: Settings([
                "VDXP_EXCHANGE_ACKNOWLEDGE_WITHIN_MINUTES": "90", "VDXP_EXCHANGE_WORKING_DAY_END": "16:30",
                "VDXP_EXCHANGE_UNSEALED_DOCUMENTS": "refuse",
            ]), databaseConnections: 20)
        #expect(settings.acknowledgementDeadline.acknowledgeWithin == 90 * 60)
        #expect(settings.acknowledgementDeadline.workingDayEndSeconds == 16 * 3600 + 30 * 60)
        #expect(settings.unsealedDocuments == .refuse)
    }

    @Test(
        "a value that is not a time of day, or not a policy, stops the service naming the variable",
        arguments: [
            ("VDXP_EXCHANGE_WORKING_DAY_END", "5pm"), ("VDXP_EXCHANGE_WORKING_DAY_END", "24:30"),
            ("VDXP_EXCHANGE_WORKING_DAY_END", "00:00"), ("VDXP_EXCHANGE_UNSEALED_DOCUMENTS", "carry"),
            ("VDXP_EXCHANGE_ACKNOWLEDGE_WITHIN_MINUTES", "0"), ("VDXP_EXCHANGE_STREAMED_SENDS", "0"),
            ("VDXP_EXCHANGE_CHUNK_WAIT_SECONDS", "601"),
        ])
    func refused(variable: String, value: String) {
        let error = #expect(throws: SettingsError.self) {
            try ExchangeSettings(settings: Settings([variable: value]), databaseConnections: 20)
        }
        #expect(error?.description.contains(variable) == true, "\(error?.description ?? "")")
    }
}
