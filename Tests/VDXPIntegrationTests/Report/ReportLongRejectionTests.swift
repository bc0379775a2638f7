import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

/// A rejection reason may have 2,000 characters (Art. 15.2). A reason that long, in a script of three bytes a
/// character, must not stop Report's figures: its key (part of the rejection reasons' primary key) was over what a
/// btree entry holds, the batch was refused and tried again for ever, and nothing after it was ever counted.
@Suite(
    "Report: a rejection reason of 2,000 characters is counted, and so is what follows", .serialized,
    .timeLimit(.minutes(10)))
struct ReportLongRejectionTests {
    /// `count` CJK ideographs in no repeating pattern (PostgreSQL compresses a repetitive key below the limit).
    static func incompressibleCJK(count: Int) -> String {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var text = ""
        for _ in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            text.unicodeScalars.append(Unicode.Scalar(UInt32(0x4E00 + (state >> 33) % 0x5000))!)
        }
        return text
    }

    @Test("2,000 CJK characters of reason: the rejection is counted with its reason; the next document is counted too")
    func longReason() async throws {
        try await TestPlatform.with { platform in
            try await platform.withReport { report in
                let rejected = TestPlatform.header(number: "1801")
                try await platform.sendDocument(rejected)
                try await platform.receiveAll(as: TestPlatform.recipient)
                let reason = Self.incompressibleCJK(count: 2000)
                _ = try await platform.member(TestPlatform.recipient).exchange {
                    try await $0.rejectDocument(
                        .with {
                            $0.documentID = rejected.documentID
                            $0.reason = reason
                            $0.handler = TestPlatform.clerk
                        })
                }
                try await platform.sendDocument(TestPlatform.header(number: "1802"))
                try await report.caughtUp()

                let measures = try await ReportFiguresTests.summary(report.operatorClient)
                #expect(measures.rejected == 1)
                #expect(measures.documentsSent == 2, "what follows the long reason is counted")
                let (start, end) = ReportFiguresTests.today()
                let reasons = try await report.operatorClient.report {
                    try await $0.listRejectionReasons(
                        .with {
                            $0.startTime = start
                            $0.endTime = end
                        })
                }.reasons
                #expect(reasons.map(\.reason) == [reason])
                #expect(reasons.map(\.count) == [1])
            }
        }
    }
}
