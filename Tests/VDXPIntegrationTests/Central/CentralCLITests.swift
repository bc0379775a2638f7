import Foundation
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

/// `vdxp org …` and `vdxp pki crl` as a person runs them: the built `vdxp` binary, as a separate process, against a
/// real Central on a throwaway platform, through a cluster file like the one `vdxp dev up` writes.
@Suite("vdxp org and pki commands against a real Central", .serialized)
struct CentralCLITests {
    @Test("a member records its contact; the directory lists a unit with its parent; a dev CRL revokes a certificate")
    func contactDirectoryAndRevocationList() async throws {
        try await TestPlatform.with { platform in
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("vdxp-central-cli-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let cluster = directory.appendingPathComponent("cluster.json").path
            try BuiltTool.writeClusterFile(
                at: cluster, services: ["central": platform.central.description],
                centralPublic: platform.centralPublic.description, pki: platform.pki, databaseURL: platform.databaseURL)
            let city = TestPlatform.recipient.organisationID
            func vdxp(_ arguments: [String]) async throws -> String {
                let (status, output) = try await TicketCLITests.vdxp(arguments, cluster: cluster)
                #expect(status == 0, "vdxp \(arguments.joined(separator: " ")): \(output)")
                return output
            }

            let contact = try await vdxp([
                "org", "contact", city, "--as", city, "--email", "vanthu@hanoi.gov.vn", "--phone", "+84 24 3825 3536",
            ])
            #expect(contact.contains("vanthu@hanoi.gov.vn"))
            let stored = try await platform.operatorClient.central {
                try await $0.getMember(.with { $0.organisationID = city })
            }
            #expect(stored.contact.phone == "+84 24 3825 3536")
            let (refused, message) = try await TicketCLITests.vdxp(
                ["org", "contact", city, "--email", "vanthu@hanoi.gov.vn", "--phone", ""], cluster: cluster)
            #expect(refused != 0)
            #expect(message.contains("contact.phone"), "\(message)")

            try await ExchangeRepresentedUnitTests.registerDepartment(in: platform)
            let listing = try await vdxp(["org", "directory", "--unit", "H26"])
            #expect(listing.contains("000.00.12.H26"), "\(listing)")
            #expect(listing.contains("(through \(city))"), "\(listing)")

            // Lists show every page: 250 more members are two pages of ListMembers (200 a page).
            let logger = platform.logger
            try await platform.database { database in
                _ = try await database.query(
                    """
                    INSERT INTO central.members (organisation_id, display_name, kind, state)
                    SELECT lpad((400000000 + n)::text, 10, '0'), 'Công ty số ' || n, 2, 1
                    FROM generate_series(1, 250) AS n
                    """, logger: logger
                ).collect()
            }
            let members = try await vdxp(["org", "list"])
            #expect(members.split(separator: "\n").filter { $0.hasPrefix("04000") }.count == 250)
            #expect(members.contains(city), "the members before them are listed too")

            // The development member CA revokes the city's connection (`vdxp pki crl` reads the PKI's pki.json, as
            // `vdxp pki init` writes it); the operator uploads the list.
            try JSONEncoder().encode(platform.pki).write(
                to: URL(fileURLWithPath: platform.pki.directory + "/pki.json"))
            let crl = directory.appendingPathComponent("member-ca.crl").path
            let (crlStatus, issued) = try await BuiltTool.vdxp([
                "pki", "crl", "--directory", platform.pki.directory, "--revoke",
                platform.pki.members[city]!.connectionCertificate, "--number", "5", "--output", crl,
            ])
            #expect(crlStatus == 0, "\(issued)")
            #expect(issued.contains("CRL number 5"))
            let uploaded = try await vdxp(["org", "upload-crl", crl, "--yes"])
            #expect(uploaded.contains("published CRL number 5"), "\(uploaded)")
            #expect(uploaded.contains("1 revoked"), "\(uploaded)")
        }
    }
}
