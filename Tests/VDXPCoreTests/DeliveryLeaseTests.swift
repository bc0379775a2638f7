import Foundation
import SwiftProtobuf
import Testing
import VDXPCore
import VDXPProto

@Suite("Delivery transport: queue, lease, acknowledge (Art. 13.2, 14)")
struct DeliveryLeaseTests {
    let now = Date(timeIntervalSince1970: 1_773_550_000)

    @Test("a new delivery is queued, never handed out, and available")
    func newDelivery() {
        let delivery = DeliveryLease()
        #expect(delivery.state == .queued)
        #expect(delivery.attempt == 0)
        #expect(delivery.leaseExpiry == nil)
        #expect(delivery.isAvailable(at: self.now))
        #expect(delivery.transportState(at: self.now) == .queued)
    }

    @Test("handing a delivery out leases it until now plus the duration and counts an attempt")
    func lease() throws {
        let delivery = try DeliveryLease().leased(at: self.now, for: .seconds(300))
        #expect(delivery.state == .leased)
        #expect(delivery.attempt == 1)
        #expect(delivery.leaseExpiry == self.now.addingTimeInterval(300))
        #expect(delivery.transportState(at: self.now) == .leased)
    }

    @Test("a leased delivery is not handed out again before its lease expires")
    func leaseHeld() throws {
        let delivery = try DeliveryLease().leased(at: self.now, for: .seconds(300))
        #expect(!delivery.isAvailable(at: self.now.addingTimeInterval(299.999)))
        let error = #expect(throws: DeliveryLeaseError.self) {
            try delivery.leased(at: self.now.addingTimeInterval(100), for: .seconds(300))
        }
        #expect(error?.code == .leaseHeld)
        #expect(error?.message.contains("attempt 1") == true)
    }

    @Test("when the lease expires unacknowledged the delivery is available again, as a new attempt")
    func expiredLease() throws {
        let delivery = try DeliveryLease().leased(at: self.now, for: .seconds(300))
        let expiry = self.now.addingTimeInterval(300)
        #expect(delivery.isAvailable(at: expiry))
        #expect(delivery.transportState(at: expiry) == .queued)
        let again = try delivery.leased(at: expiry, for: .seconds(60))
        #expect(again.attempt == 2)
        #expect(again.leaseExpiry == expiry.addingTimeInterval(60))
    }

    @Test("an acknowledged delivery is final and never handed out again")
    func acknowledgedIsFinal() throws {
        let delivery = try DeliveryLease().leased(at: self.now, for: .seconds(300)).acknowledged()
        #expect(delivery.state == .acknowledged)
        #expect(delivery.attempt == 1)
        #expect(!delivery.isAvailable(at: self.now.addingTimeInterval(86_400)))
        #expect(delivery.transportState(at: self.now.addingTimeInterval(86_400)) == .acknowledged)
        let error = #expect(throws: DeliveryLeaseError.self) {
            try delivery.leased(at: self.now.addingTimeInterval(86_400), for: .seconds(300))
        }
        #expect(error?.code == .alreadyAcknowledged)
    }

    @Test("acknowledging again returns the same delivery")
    func acknowledgeIsIdempotent() throws {
        let once = try DeliveryLease().leased(at: self.now, for: .seconds(300)).acknowledged()
        #expect(try once.acknowledged() == once)
    }

    @Test("a delivery may be acknowledged after its lease expired, as long as it was handed out")
    func acknowledgeAfterExpiry() throws {
        let leased = try DeliveryLease().leased(at: self.now, for: .seconds(10))
        #expect(try leased.acknowledged().state == .acknowledged)
        // Restored from storage after the expired lease was put back in the queue.
        let requeued = DeliveryLease(state: .queued, leaseExpiry: self.now, attempt: 1)
        #expect(try requeued.acknowledged().state == .acknowledged)
    }

    @Test("a delivery never handed out cannot be acknowledged")
    func acknowledgeBeforeHandOut() {
        let error = #expect(throws: DeliveryLeaseError.self) {
            try DeliveryLease().acknowledged()
        }
        #expect(error?.code == .notHandedOut)
        #expect(error?.message.contains("FetchInbox") == true)
    }

    @Test(
        "a lease lasts 10 s to 1 h, 5 min when none is asked for",
        arguments: [
            (nil, Duration.seconds(300)),
            (10, .seconds(10)),
            (10.5, .milliseconds(10_500)),
            (300, .seconds(300)),
            (3600, .seconds(3600)),
        ] as [(Double?, Duration)]
    )
    func leaseDurations(requested: Double?, expected: Duration) throws {
        #expect(try DeliveryLease.leaseDuration(requestedSeconds: requested) == expected)
    }

    @Test(
        "a lease shorter than 10 s or longer than 1 h is refused, naming the field",
        arguments: [0, 9.999, -5, 3600.001, 86_400, .nan, .infinity, -.infinity, 1e300] as [Double]
    )
    func leaseDurationsOutOfBounds(requested: Double) {
        let error = #expect(throws: DeliveryLeaseError.self) {
            try DeliveryLease.leaseDuration(requestedSeconds: requested)
        }
        #expect(error?.code == .invalidLeaseDuration)
        #expect(error?.message.hasPrefix("lease_duration must be 10 s to 1 h") == true)
    }

    @Test("the lease duration can come straight from a google.protobuf.Duration")
    func protobufDuration() throws {
        #expect(try DeliveryLease.leaseDuration(requested: nil) == .seconds(300))
        let ninetySeconds = Google_Protobuf_Duration.with { $0.seconds = 90 }
        #expect(try DeliveryLease.leaseDuration(requested: ninetySeconds) == .seconds(90))
        let justOver = Google_Protobuf_Duration.with {
            $0.seconds = 3600
            $0.nanos = 1
        }
        let error = #expect(throws: DeliveryLeaseError.self) {
            try DeliveryLease.leaseDuration(requested: justOver, field: "subscribe.lease_duration")
        }
        #expect(error?.message.hasPrefix("subscribe.lease_duration must be") == true)
        #expect(throws: DeliveryLeaseError.self) {
            try DeliveryLease.leaseDuration(requested: Google_Protobuf_Duration.with { $0.seconds = Int64.max })
        }
        #expect(throws: DeliveryLeaseError.self) {
            try DeliveryLease.leaseDuration(requested: Google_Protobuf_Duration())
        }
    }

    @Test("handing out with a duration out of bounds is refused")
    func leaseWithBadDuration() {
        #expect(throws: DeliveryLeaseError.self) {
            try DeliveryLease().leased(at: self.now, for: .seconds(5))
        }
        #expect(throws: DeliveryLeaseError.self) {
            try DeliveryLease().leased(at: self.now, for: .seconds(3601))
        }
    }
}
