import Foundation
import Logging
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// The SLA figures of a set of tickets, per member and category (for Report and the operator's dashboard). Pure.
enum SlaFiguresCalculator {
    /// The figures of `tickets`: received, met, breached, still open (running, warned or paused) and the median and
    /// 90th percentile of the time to the milestone, pauses left out, over the tickets that reached it.
    static func figures(of tickets: [(TicketRecord, SlaTimeline)]) -> Vdxp_Ticket_V1_SlaFigures {
        var byMember: [String: [Vdxp_Ticket_V1_TicketCategory: [(TicketRecord, SlaTimeline)]]] = [:]
        for entry in tickets {
            byMember[entry.0.organisationID, default: [:]][entry.0.category, default: []].append(entry)
        }
        return .with {
            $0.members = byMember.keys.sorted().map { member in
                Vdxp_Ticket_V1_MemberSlaFigures.with {
                    $0.organisationID = member
                    $0.categories = byMember[member]!.keys.sorted { $0.rawValue < $1.rawValue }.map { category in
                        row(category, byMember[member]![category]!)
                    }
                }
            }
        }
    }

    private static func row(_ category: Vdxp_Ticket_V1_TicketCategory, _ tickets: [(TicketRecord, SlaTimeline)])
        -> Vdxp_Ticket_V1_CategorySlaFigures
    {
        let times = tickets.compactMap { $0.0.clock.timeToMilestone(on: $0.1) }.sorted()
        return .with {
            $0.category = category
            $0.received = Int64(tickets.count)
            $0.met = Int64(tickets.filter { $0.0.clock.state == .met }.count)
            $0.breached = Int64(tickets.filter { $0.0.clock.state == .breached }.count)
            let open: Set<Vdxp_Ticket_V1_SlaState> = [.running, .warned, .paused]
            $0.open = Int64(tickets.filter { open.contains($0.0.clock.state) }.count)
            if !times.isEmpty {
                $0.medianTimeToMilestone = duration(percentile(times, 0.5))
                $0.p90TimeToMilestone = duration(percentile(times, 0.9))
            }
        }
    }

    /// The nearest-rank percentile `p` (0 < p ≤ 1) of sorted `values`.
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let rank = Int((p * Double(values.count)).rounded(.up))
        return values[min(max(rank, 1), values.count) - 1]
    }

    private static func duration(_ seconds: Double) -> Google_Protobuf_Duration {
        Google_Protobuf_Duration(seconds: Int64(seconds.rounded()))
    }
}
