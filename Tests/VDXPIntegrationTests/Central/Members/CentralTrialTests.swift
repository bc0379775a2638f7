import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto

/// Art. 8.3: "đơn vị thực hiện kết nối thử nghiệm tối thiểu 01 tuần" — a member connects on trial for at least one
/// week before it connects officially. No detour through a suspension or a cut-off skips the trial or shortens it.
@Suite("The trial connection cannot be skipped (Art. 8.3)", .serialized)
struct CentralTrialTests {
    /// Monday 2 November 2026, 09:00 in Hà Nội: the test platform seeds its members' trials then.
    static let monday = Date(timeIntervalSince1970: 1_793_584_800)
    static let day: TimeInterval = 86_400

    @Test("a trial member suspended, then cut off, comes back SUSPENDED, resumes to TRIAL, its time away not counted")
    func suspendedCutOffAndReconnected() async throws {
        let clock = ManualClock(now: Self.monday)
        try await TestPlatform.with(centralClock: clock.wallClock) { platform in
            let stranger = TestPlatform.stranger.organisationID
            let itself = platform.member(TestPlatform.stranger, service: platform.central)

            clock.advance(by: Self.day)  // Tuesday: one day of trial counted
            let suspended = try await itself.central {
                try await $0.suspendMember(
                    .with {
                        $0.organisationID = stranger
                        $0.reason = "Nâng cấp máy chủ bảo mật"
                        $0.expectedResumeDate = "2026-11-20"
                    })
            }
            #expect(suspended.state == .suspended)

            clock.advance(by: Self.day)  // Wednesday: cut off during the suspension (Art. 9.4)
            let cut = try await platform.operatorClient.central {
                try await $0.cutOffMember(
                    .with {
                        $0.organisationID = stranger
                        $0.incident = "Mã độc trên máy chủ bảo mật"
                    })
            }
            #expect(cut.state == .cutOff)

            clock.advance(by: Self.day)  // Thursday: reconnected to what it was, still suspended
            let reconnected = try await platform.operatorClient.central {
                try await $0.reconnectMember(
                    .with {
                        $0.organisationID = stranger
                        $0.remediationAssessment = "Đã gỡ mã độc, Cục An toàn thông tin kiểm tra đạt"
                    })
            }
            #expect(reconnected.state == .suspended)
            #expect(reconnected.expectedResumeDate == "2026-11-20")

            clock.advance(by: Self.day)  // Friday: resumes to what it was before the suspension
            let resumed = try await itself.central { try await $0.resumeMember(.with { $0.organisationID = stranger }) }
            #expect(resumed.state == .trial)
            #expect(resumed.trialStartTime.date == Self.monday)

            // A calendar week after the start, only four days of TRIAL are counted.
            clock.advance(by: 3 * Self.day)
            let early = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.makeOfficial(
                        .with {
                            $0.organisationID = stranger
                            $0.reason = "Thử nghiệm đạt"
                        })
                }
            }
            #expect(early?.code == .failedPrecondition)
            #expect(early?.message.contains("Art. 8.3") == true)
            #expect(early?.message.contains("it has counted 4.0 days") == true)

            clock.advance(by: 3 * Self.day)  // seven days of TRIAL
            let official = try await platform.operatorClient.central {
                try await $0.makeOfficial(
                    .with {
                        $0.organisationID = stranger
                        $0.reason = "Thử nghiệm đạt"
                    })
            }
            #expect(official.state == .official)
        }
    }

    @Test("an official member cut off while suspended is reconnected SUSPENDED and resumes OFFICIAL")
    func officialMemberKeepsItsState() async throws {
        let clock = ManualClock(now: Self.monday)
        try await TestPlatform.with(centralClock: clock.wallClock) { platform in
            let stranger = TestPlatform.stranger.organisationID
            clock.advance(by: 7 * Self.day)
            _ = try await platform.operatorClient.central {
                try await $0.makeOfficial(
                    .with {
                        $0.organisationID = stranger
                        $0.reason = "Thử nghiệm đạt"
                    })
            }
            let itself = platform.member(TestPlatform.stranger, service: platform.central)
            _ = try await itself.central {
                try await $0.suspendMember(
                    .with {
                        $0.organisationID = stranger
                        $0.reason = "Bảo trì"
                        $0.expectedResumeDate = "2026-11-20"
                    })
            }
            _ = try await platform.operatorClient.central {
                try await $0.cutOffMember(
                    .with {
                        $0.organisationID = stranger
                        $0.incident = "Lộ khóa kết nối"
                    })
            }
            let reconnected = try await platform.operatorClient.central {
                try await $0.reconnectMember(
                    .with {
                        $0.organisationID = stranger
                        $0.remediationAssessment = "Đã thay khóa"
                    })
            }
            #expect(reconnected.state == .suspended)
            let resumed = try await itself.central { try await $0.resumeMember(.with { $0.organisationID = stranger }) }
            #expect(resumed.state == .official)
        }
    }
}
