import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The PostgreSQL programs a ``LocalPostgresCluster`` runs: `initdb`, `pg_ctl`, `postgres`, `psql` and `pg_isready`,
/// all taken from one directory.
///
/// ``locate(environment:searchRoot:)`` uses the directory named by `VDXP_POSTGRES_BIN` when that variable is set,
/// and otherwise looks under `/usr/lib/postgresql/<major>/bin` (the Debian and Ubuntu layout), preferring
/// PostgreSQL 15 and else the highest major version installed.
public struct PostgresBinaries: Sendable, Hashable, CustomStringConvertible {
    /// The environment variable naming a directory that holds the PostgreSQL programs.
    public static let environmentVariable = "VDXP_POSTGRES_BIN"

    /// Where Debian's `postgresql-<major>` packages install their programs, one `<major>/bin` folder per version.
    public static let defaultSearchRoot = "/usr/lib/postgresql"

    /// The major version VDXP is built and tested against; preferred when several are installed.
    public static let preferredMajorVersion = 15

    /// The programs that must all be present in ``directory``.
    public static let requiredPrograms = ["initdb", "pg_ctl", "postgres", "psql", "pg_isready"]

    /// The directory holding the programs, e.g. `/usr/lib/postgresql/15/bin`.
    public let directory: String

    /// The major version, when the directory follows the `<root>/<major>/bin` layout; `nil` otherwise.
    public let majorVersion: Int?

    /// The absolute path of `initdb`.
    public var initdb: String { self.path(of: "initdb") }
    /// The absolute path of `pg_ctl`.
    public var pgCtl: String { self.path(of: "pg_ctl") }
    /// The absolute path of `postgres`.
    public var postgres: String { self.path(of: "postgres") }
    /// The absolute path of `psql`.
    public var psql: String { self.path(of: "psql") }
    /// The absolute path of `pg_isready`.
    public var pgIsReady: String { self.path(of: "pg_isready") }

    /// The directory and, when known, the major version.
    public var description: String {
        if let majorVersion = self.majorVersion {
            return "PostgreSQL \(majorVersion) at \(self.directory)"
        }
        return "PostgreSQL at \(self.directory)"
    }

    /// Uses the programs in `directory`.
    ///
    /// - Throws: ``LocalClusterError/binariesNotFound(searched:missing:)`` if any of ``requiredPrograms`` is missing
    ///   or not executable there.
    public init(directory: String) throws {
        let standardized = URL(fileURLWithPath: directory).standardizedFileURL.path
        let missing = Self.missingPrograms(in: standardized)
        guard missing.isEmpty else {
            throw LocalClusterError.binariesNotFound(searched: [standardized], missing: missing)
        }
        self.directory = standardized
        self.majorVersion = Self.majorVersion(ofBinDirectory: standardized)
    }

    /// Finds the PostgreSQL programs.
    ///
    /// - Parameters:
    ///   - environment: The environment to read `VDXP_POSTGRES_BIN` from; `nil` means this process's environment.
    ///   - searchRoot: The folder holding one `<major>/bin` folder per installed version.
    /// - Throws: ``LocalClusterError/binariesNotFound(searched:missing:)``, whose message tells how to install them.
    public static func locate(
        environment: [String: String]? = nil,
        searchRoot: String = PostgresBinaries.defaultSearchRoot
    ) throws -> PostgresBinaries {
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let override = environment[Self.environmentVariable], !override.isEmpty {
            return try PostgresBinaries(directory: override)
        }

        let versions = Self.installedMajorVersions(under: searchRoot)
        let candidates =
            versions.contains(Self.preferredMajorVersion)
            ? [Self.preferredMajorVersion] + versions.filter { $0 != Self.preferredMajorVersion }.sorted(by: >)
            : versions.sorted(by: >)
        var searched: [String] = []
        for version in candidates {
            let directory = "\(searchRoot)/\(version)/bin"
            searched.append(directory)
            if Self.missingPrograms(in: directory).isEmpty {
                return try PostgresBinaries(directory: directory)
            }
        }
        if searched.isEmpty {
            searched.append("\(searchRoot)/<major>/bin")
        }
        throw LocalClusterError.binariesNotFound(searched: searched, missing: Self.requiredPrograms)
    }

    /// The absolute path of one program in ``directory``.
    public func path(of program: String) -> String {
        "\(self.directory)/\(program)"
    }

    /// The required programs absent from, or not executable in, `directory`.
    static func missingPrograms(in directory: String) -> [String] {
        Self.requiredPrograms.filter { access("\(directory)/\($0)", X_OK) != 0 }
    }

    /// The numeric folder names under `searchRoot` (`15`, `16`, …).
    static func installedMajorVersions(under searchRoot: String) -> [Int] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: searchRoot)) ?? []
        return entries.compactMap { Int($0) }
    }

    /// `15` for `/usr/lib/postgresql/15/bin`; `nil` for any other layout.
    static func majorVersion(ofBinDirectory directory: String) -> Int? {
        let components = directory.split(separator: "/")
        guard components.count >= 2, components.last == "bin" else { return nil }
        return Int(components[components.count - 2])
    }
}
