import Foundation
import SwiftProtobuf
import Testing
import VDXPCore
import VDXPProto

/// The ranges `google/protobuf/timestamp.proto` and `duration.proto` define, checked over whole messages.
@Suite("Timestamp and Duration ranges")
struct WellKnownTypeRangesTests {
    @Test("the first and last instants of years 1–9999 are times; one second beyond either is not")
    func timestampBounds() {
        let first = Google_Protobuf_Timestamp(seconds: WellKnownTypeRanges.minimumTimestampSeconds, nanos: 0)
        let last = Google_Protobuf_Timestamp(seconds: WellKnownTypeRanges.maximumTimestampSeconds, nanos: 999_999_999)
        #expect(WellKnownTypeRanges.violations(in: first).isEmpty)
        #expect(WellKnownTypeRanges.violations(in: last).isEmpty)
        for seconds in [
            WellKnownTypeRanges.minimumTimestampSeconds - 1, WellKnownTypeRanges.maximumTimestampSeconds + 1,
            Int64.min, Int64.max, 1 << 62,
        ] {
            let violations = WellKnownTypeRanges.violations(in: Google_Protobuf_Timestamp(seconds: seconds, nanos: 0))
            #expect(violations.map(\.field) == ["seconds"], "seconds \(seconds)")
        }
        #expect(
            WellKnownTypeRanges.violations(in: Google_Protobuf_Timestamp(seconds: 0, nanos: -1)).map(\.field) == [
                "nanos"
            ])
        #expect(
            WellKnownTypeRanges.violations(in: Google_Protobuf_Timestamp(seconds: 0, nanos: 1_000_000_000)).map(\.field)
                == ["nanos"])
    }

    @Test("a Duration is within ±10,000 years and its seconds and nanos share one sign")
    func durationBounds() {
        func fields(_ seconds: Int64, _ nanos: Int32) -> [String] {
            WellKnownTypeRanges.violations(in: Google_Protobuf_Duration(seconds: seconds, nanos: nanos)).map(\.field)
        }
        #expect(fields(315_576_000_000, 999_999_999) == [])
        #expect(fields(-315_576_000_000, -999_999_999) == [])
        #expect(fields(0, -5) == [], "a negative fraction of a second alone is fine")
        #expect(fields(-1, -500_000_000) == [])
        #expect(fields(315_576_000_001, 0) == ["seconds"])
        #expect(fields(Int64.min, 0) == ["seconds"])
        #expect(fields(1, -1) == ["nanos"], "mixed signs")
        #expect(fields(-1, 1) == ["nanos"], "mixed signs")
        #expect(fields(0, Int32.min) == ["nanos"])
    }

    @Test("a bad time anywhere in a request is named by its proto path")
    func namesNestedFields() {
        let request = Vdxp_Exchange_V1_UpdateDocumentStatusRequest.with {
            $0.documentID = "000.00.00.G22,2026,1/VPCP"
            $0.statusTime = .init(seconds: Int64.min, nanos: 0)
        }
        let violations = WellKnownTypeRanges.violations(in: request)
        #expect(violations.map(\.field) == ["status_time.seconds"])
        #expect(violations.first?.rule.contains("0001-01-01T00:00:00Z") == true)

        let fetch = Vdxp_Exchange_V1_FetchInboxRequest.with { $0.leaseDuration = .init(seconds: 60, nanos: -1) }
        #expect(WellKnownTypeRanges.violations(in: fetch).map(\.field) == ["lease_duration.nanos"])
    }

    @Test("repeated and nested messages are walked, with indices")
    func walksRepeatedFields() {
        let configuration = Vdxp_Central_V1_GlobalConfiguration.with {
            $0.expireTime = .init(seconds: 1_800_000_000, nanos: 0)
            $0.trustedAuthorities = [
                .with { $0.retireTime = .init(seconds: 1_800_000_000, nanos: 0) },
                .with { $0.retireTime = .init(seconds: 253_402_300_800, nanos: 0) },
            ]
        }
        #expect(
            WellKnownTypeRanges.violations(in: configuration).map(\.field) == [
                "trusted_authorities[1].retire_time.seconds"
            ])
    }

    @Test("a string holding U+0000, which PostgreSQL's text cannot store, is named; other strings and bytes are not")
    func nulInStrings() {
        let status = Vdxp_Exchange_V1_UpdateDocumentStatusRequest.with {
            $0.documentID = "000.00.00.G22,2026,1/VPCP\u{0}"
            $0.handler.fullName = "Nguyễn Văn A"
        }
        let violations = WellKnownTypeRanges.violations(in: status)
        #expect(violations.map(\.field) == ["document_id"])
        #expect(violations.first?.rule.contains("U+0000") == true)
        let retract = Vdxp_Exchange_V1_RetractDocumentRequest.with {
            $0.recipientOrganisationIds = ["000.00.00.H26", "000.00.00.H29\u{0}"]
            $0.reason = "sai số"
        }
        #expect(WellKnownTypeRanges.violations(in: retract).map(\.field) == ["recipient_organisation_ids[1]"])
        let chunk = Vdxp_Exchange_V1_AttachmentChunk.with { $0.data = Data([0, 0, 0]) }
        #expect(WellKnownTypeRanges.violations(in: chunk).isEmpty)
    }

    @Test("a valid message has no violations")
    func validMessage() {
        let request = Vdxp_Exchange_V1_UpdateDocumentStatusRequest.with {
            $0.statusTime = .init(seconds: 1_780_000_000, nanos: 5)
        }
        #expect(WellKnownTypeRanges.violations(in: request).isEmpty)
    }
}
