import SwiftProtobuf
import Testing
import VDXPCore

@Suite("Lease lengths (Art. 13.2): 10 s to 1 h, 5 min by default")
struct DeliveryLeaseTests {
    @Test(
        "a lease lasts what was asked for, from 10 s to exactly 1 h; unset or zero means 5 min",
        arguments: [
            (nil, Duration.seconds(300)), (Google_Protobuf_Duration(), .seconds(300)),
            (.init(seconds: 10, nanos: 0), .seconds(10)),
            (.init(seconds: 10, nanos: 500_000_000), .milliseconds(10_500)),
            (.init(seconds: 3600, nanos: 0), .seconds(3600)),
        ] as [(Google_Protobuf_Duration?, Duration)]
    )
    func durations(requested: Google_Protobuf_Duration?, expected: Duration) throws {
        #expect(try DeliveryLease.duration(requested: requested) == expected)
    }

    @Test(
        "a lease under 10 s or past 1 h — by a nanosecond — is refused, naming the field",
        arguments: [
            Google_Protobuf_Duration(seconds: 9, nanos: 999_999_999), .init(seconds: 3600, nanos: 1),
            .init(seconds: 86_400, nanos: 0), .init(seconds: -5, nanos: 0), .init(seconds: Int64.max, nanos: 0),
            .init(seconds: Int64.min, nanos: 0),
        ]
    )
    func outOfBounds(requested: Google_Protobuf_Duration) {
        let error = #expect(throws: InvalidArgumentError.self) {
            try DeliveryLease.duration(requested: requested, field: "lease_duration")
        }
        #expect(error?.violations.map(\.field) == ["lease_duration"])
        #expect(error?.message.hasPrefix("lease_duration: must be 10 s to 1 h") == true)
    }
}
