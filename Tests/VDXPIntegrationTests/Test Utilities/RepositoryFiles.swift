import Foundation

/// Files of the repository that tests read: the documentation whose commands they run, the scripts and the tools
/// they start.
enum RepositoryFiles {
    /// The repository root, from this file's path (`Tests/VDXPIntegrationTests/Test Utilities/RepositoryFiles.swift`).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The statements of the first `sql` code block after the heading `heading` of the Markdown file at `path` (from
    /// the root), split at their semicolons (none may stand inside a literal): what an operator pastes into `psql`,
    /// run by a test so that the documentation cannot drift from the schema.
    static func sqlStatements(in path: String, under heading: String) throws -> [String] {
        let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        guard let section = text.range(of: "\n\(heading)\n"),
            let open = text.range(of: "```sql\n", range: section.upperBound..<text.endIndex),
            let close = text.range(of: "```", range: open.upperBound..<text.endIndex)
        else { throw MissingSQLBlock(path: path, heading: heading) }
        return text[open.upperBound..<close.lowerBound].split(separator: ";")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// The documentation has no SQL block where a test expects one.
    struct MissingSQLBlock: Error, CustomStringConvertible {
        let path: String
        let heading: String

        var description: String { "\(path) has no ```sql block under \"\(heading)\"" }
    }
}
