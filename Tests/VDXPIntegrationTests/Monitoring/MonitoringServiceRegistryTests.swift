import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPMonitoring

/// Art. 19.1 on a real platform: when the operator approves a service of Central's registry (Art. 10) or its
/// cancellation, the members that may use it and its provider find a SERVICE_STATE_CHANGED alert in their inbox —
/// once, also after Monitoring restarts — and a member outside its scope finds none.
@Suite("Monitoring: the operating state of the registry's services", .serialized, .timeLimit(.minutes(10)))
struct MonitoringServiceRegistryTests {
    static let provider = TestPlatform.sender
    static let consumer = TestPlatform.recipient
    static let outsider = TestPlatform.stranger

    /// A service the provider offers to the listed `consumers` only.
    static func definition(code: String, consumers: [String]) -> Vdxp_Central_V1_ServiceDefinition {
        .with {
            $0.code = code
            $0.displayName = "Tra cứu hồ sơ \(code)"
            $0.purpose = "Cho phép tra cứu tình trạng hồ sơ thủ tục hành chính"
            $0.scope = .with {
                $0.audience = .listedMembers
                $0.consumerOrganisationIds = consumers
            }
            $0.documentationUri = "https://dichvu.vpcp.gov.vn/api/docs"
            $0.provisionPrinciples = "Sẵn sàng 24/7; bên khai thác lưu nhật ký truy vấn"
        }
    }

    @Test("a service offered, then withdrawn: its provider and consumers are alerted once each, an outsider never")
    func offeredAndWithdrawn() async throws {
        try await TestPlatform.with { platform in
            let clock = ManualClock()
            var serviceID: Int64 = 0
            try await platform.withMonitoring(clock: clock, channels: .none) { monitoring in
                try await Self.waitForFirstConfiguration(platform)
                serviceID = try await platform.approve(
                    .with {
                        $0.kind = .create
                        $0.definition = Self.definition(
                            code: "tra-cuu-ho-so", consumers: [Self.consumer.organisationID])
                    })
                try await Self.eventually(monitoring, Self.consumer, sees: serviceID, count: 1)
                let offered = try #require(try await Self.alerts(monitoring, Self.consumer, about: serviceID).first)
                #expect(offered.organisationID == Self.consumer.organisationID)
                #expect(offered.severity == .info)
                #expect(offered.summary.contains("tra-cuu-ho-so") && offered.summary.contains("now offered"))
                #expect(offered.notifications.isEmpty, "in the inbox only")
                try await Self.eventually(monitoring, Self.provider, sees: serviceID, count: 1)

                _ = try await platform.approve(
                    .with {
                        $0.kind = .cancel
                        $0.serviceID = serviceID
                    }, as: Self.provider)
                try await Self.eventually(monitoring, Self.consumer, sees: serviceID, count: 2)
                let withdrawn = try #require(try await Self.alerts(monitoring, Self.consumer, about: serviceID).first)
                #expect(withdrawn.severity == .warning)
                #expect(withdrawn.summary.contains("withdrawn"))
                try await Self.eventually(monitoring, Self.provider, sees: serviceID, count: 2)
            }

            // Restarted, Monitoring raises nothing again for those changes; a later service is still alerted.
            try await platform.withMonitoring(clock: clock, channels: .none) { monitoring in
                let later = try await platform.approve(
                    .with {
                        $0.kind = .create
                        $0.definition = Self.definition(code: "tra-cuu-khac", consumers: [Self.consumer.organisationID])
                    })
                try await Self.eventually(monitoring, Self.consumer, sees: later, count: 1)
                #expect(try await Self.alerts(monitoring, Self.consumer, about: serviceID).count == 2)
                #expect(try await Self.alerts(monitoring, Self.provider, about: serviceID).count == 2)
                let outsider = try await monitoring.member(Self.outsider).monitoring {
                    try await $0.listAlerts(.init()).alerts
                }
                #expect(!outsider.contains { $0.kind == .serviceStateChanged }, "not in the service's scope")
                let all = try await monitoring.operatorClient.monitoring {
                    try await $0.listAlerts(.init()).alerts.filter { $0.kind == .serviceStateChanged }
                }
                #expect(all.count == 6, "2 changes × 2 members, then 1 × 2")
            }
        }
    }

    @Test("a service whose provider loses its connection is unavailable to its consumers, then available again")
    func unavailableWhileTheProviderIsLost() async throws {
        try await TestPlatform.with { platform in
            let serviceID = try await platform.approve(
                .with {
                    $0.kind = .create
                    $0.definition = Self.definition(code: "tra-cuu-ho-so", consumers: [Self.consumer.organisationID])
                })
            let clock = ManualClock()
            let settings = [
                "VDXP_MONITORING_DEGRADED_AFTER_SECONDS": "600", "VDXP_MONITORING_DISCONNECTED_AFTER_SECONDS": "1200",
            ]
            try await platform.withMonitoring(clock: clock, channels: .none, settings: settings) { monitoring in
                try await Self.waitForFirstConfiguration(platform)
                try await TestMonitoring.eventually("every member is evaluated") {
                    try await monitoring.operatorClient.monitoring {
                        try await $0.listMemberConnections(.init()).connections.count == 3
                    }
                }
                clock.advance(by: 21 * 60)  // the provider, silent, is lost
                try await Self.eventually(monitoring, Self.consumer, sees: serviceID, count: 1)
                let unavailable = try #require(try await Self.alerts(monitoring, Self.consumer, about: serviceID).first)
                #expect(unavailable.severity == .warning)
                #expect(unavailable.summary.contains("unavailable"), "\(unavailable.summary)")
                #expect(unavailable.organisationID == Self.consumer.organisationID)

                _ = try await monitoring.member(Self.provider).monitoring { try await $0.heartbeat(.init()) }
                try await Self.eventually(monitoring, Self.consumer, sees: serviceID, count: 2)
                let again = try #require(try await Self.alerts(monitoring, Self.consumer, about: serviceID).first)
                #expect(again.severity == .info)
                #expect(again.summary.contains("available again"), "\(again.summary)")

                #expect(
                    try await Self.alerts(monitoring, Self.provider, about: serviceID).isEmpty,
                    "the provider hears of its own connection, not of its service's availability")
                #expect(try await Self.alerts(monitoring, Self.outsider, about: serviceID).isEmpty, "not in scope")
            }
        }
    }

    @Test("services offered before Monitoring first started are not news")
    func existingServicesAreNotNews() async throws {
        try await TestPlatform.with { platform in
            let earlier = try await platform.approve(
                .with {
                    $0.kind = .create
                    $0.definition = Self.definition(code: "co-tu-truoc", consumers: [Self.consumer.organisationID])
                })
            try await platform.withMonitoring(clock: ManualClock(), channels: .none) { monitoring in
                try await Self.waitForFirstConfiguration(platform)
                let later = try await platform.approve(
                    .with {
                        $0.kind = .create
                        $0.definition = Self.definition(code: "dich-vu-moi", consumers: [Self.consumer.organisationID])
                    })
                try await Self.eventually(monitoring, Self.consumer, sees: later, count: 1)
                #expect(try await Self.alerts(monitoring, Self.consumer, about: earlier).isEmpty)
            }
        }
    }

    /// Waits until Monitoring has taken its first configuration as the registry's starting point.
    static func waitForFirstConfiguration(_ platform: TestPlatform) async throws {
        let logger = platform.logger
        try await TestMonitoring.eventually("Monitoring has recorded the registry as it first saw it") {
            try await platform.database { database in
                try await RegistryServiceStore(database: database, logger: logger).followedVersion() != nil
            }
        }
    }

    /// `member`'s SERVICE_STATE_CHANGED alerts about `serviceID`, newest first.
    static func alerts(_ monitoring: TestMonitoring, _ member: DevelopmentMember, about serviceID: Int64)
        async throws -> [Vdxp_Monitoring_V1_Alert]
    {
        try await monitoring.member(member).monitoring {
            try await $0.listAlerts(.init()).alerts.filter {
                $0.kind == .serviceStateChanged && $0.serviceID == serviceID
            }
        }
    }

    /// Waits until `member` has `count` alerts about `serviceID`.
    static func eventually(
        _ monitoring: TestMonitoring, _ member: DevelopmentMember, sees serviceID: Int64, count: Int
    ) async throws {
        try await TestMonitoring.eventually("\(member.organisationID) has \(count) alerts about service \(serviceID)") {
            try await alerts(monitoring, member, about: serviceID).count == count
        }
    }
}

extension TestPlatform {
    /// Files `request` as `member` (the provider) and has the operator approve it; returns the service's id.
    fileprivate func approve(
        _ request: Vdxp_Central_V1_RequestServiceChangeRequest, as member: DevelopmentMember = TestPlatform.sender
    ) async throws -> Int64 {
        let filed = try await self.member(member, service: central).serviceRegistry {
            try await $0.requestServiceChange(request)
        }
        return try await operatorClient.serviceRegistry {
            try await $0.decideServiceChangeRequest(
                .with {
                    $0.requestID = filed.requestID
                    $0.decision = .approve
                    $0.reason = "Đạt yêu cầu"
                })
        }.serviceID
    }
}
