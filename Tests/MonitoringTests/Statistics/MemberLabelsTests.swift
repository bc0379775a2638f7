import Testing

@testable import VDXPMonitoring

/// The member label of the metrics stays bounded, and a member never changes series.
@Suite("Operational statistics: bounded member labels")
struct MemberLabelsTests {
    @Test("the first members seen keep their own label; later ones are other, for good")
    func bounded() {
        var labels = MemberLabels(limit: 2)
        #expect(labels.label(for: "A") == "A")
        #expect(labels.label(for: "B") == "B")
        #expect(labels.label(for: "C") == "other")
        #expect(labels.label(for: "A") == "A")
        #expect(labels.label(for: "C") == "other")
        #expect(labels.labelled == ["A", "B"])
    }

    @Test("a limit of 0 sums every member under other")
    func none() {
        var labels = MemberLabels(limit: 0)
        #expect(labels.label(for: "A") == "other")
    }
}
