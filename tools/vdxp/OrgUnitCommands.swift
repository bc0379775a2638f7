import ArgumentParser
import Foundation
import SwiftProtobuf
import VDXPProto

/// `vdxp org units register|list|remove`: the units a member's connection sends and receives for (Art. 3.3, 8.2.b).
/// The member's system then calls Exchange for a unit with `--for` (e.g. `vdxp inbox --as <member> --for <unit>`).
extension Org {
    struct Units: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register, list and remove the units a member's connection carries (Art. 3.3, 8.2.b).",
            subcommands: [Register.self, List.self, Remove.self])

        struct Register: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Register a unit under its parent member (as the operator, with the application's reference)."
            )
            @OptionGroup var options: ClusterOptions
            @Argument(help: "The unit's organisation id (the parent's level-1 unit, e.g. 000.00.12.H26).")
            var organisationID: String
            @Option(help: "The member whose connection carries the unit.") var parent: String
            @Option(help: "The unit's official name.") var name: String
            @Option(help: "The reference of the parent's approved application.") var reason: String

            func run() async throws {
                let request = Vdxp_Central_V1_RegisterRepresentedUnitRequest.with {
                    $0.unit = .with {
                        $0.organisationID = organisationID
                        $0.parentOrganisationID = parent
                        $0.displayName = name
                        $0.reason = reason
                    }
                }
                let unit = try await central(options) { try await $0.registerRepresentedUnit(request) }
                if options.json { return try printJSON(unit) }
                print("\(unit.organisationID) is registered under \(unit.parentOrganisationID)")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List a member's units (as the operator, or as the member with --as).")
            @OptionGroup var options: ClusterOptions
            @Argument(help: "The parent member.") var parent: String
            @Option(name: .customLong("as"), help: "Ask as this member (its own units only).") var member: String?

            func run() async throws {
                let parent = self.parent
                var response = Vdxp_Central_V1_ListRepresentedUnitsResponse()
                var token = ""
                repeat {
                    let page = try await central(options, as: member) { [token] in
                        try await $0.listRepresentedUnits(
                            .with {
                                $0.parentOrganisationID = parent
                                $0.pageToken = token
                            })
                    }
                    response.units += page.units
                    token = page.nextPageToken
                } while !token.isEmpty
                if options.json { return try printJSON(response) }
                if response.units.isEmpty { print("\(parent) carries no unit") }
                for unit in response.units {
                    print(
                        "\(unit.organisationID)  \(unit.displayName)  (\(unit.certificates.count) seal certificates) "
                            + "— \(unit.reason)")
                }
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove a unit (as the operator).")
            @OptionGroup var options: ClusterOptions
            @Argument(help: "The unit's organisation id.") var organisationID: String
            @Option(help: "Why (for the audit trail).") var reason: String
            @OptionGroup var confirmation: Confirmation

            func run() async throws {
                try confirmation.confirm(
                    [
                        "remove the unit \(organisationID):",
                        "  its parent's connection no longer sends or receives for it (Art. 3.3, 8.2.b)",
                    ], typing: organisationID, command: "org units remove")
                let request = Vdxp_Central_V1_RemoveRepresentedUnitRequest.with {
                    $0.organisationID = organisationID
                    $0.reason = reason
                }
                _ = try await central(options) { try await $0.removeRepresentedUnit(request) }
                if !options.json { print("\(request.organisationID) is no longer carried") }
            }
        }
    }
}
