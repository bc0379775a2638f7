import Foundation

/// The corpus and regression files on disk.
public enum FuzzFiles {
    /// The `fuzz` folder of the checkout this file was built from.
    public static var fuzzFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// The files of `paths`: a file as itself, a folder as its regular files (not hidden), sorted.
    public static func inputs(in paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw FuzzToolError("\(path) does not exist")
            }
            if isFolder.boolValue {
                files += try FileManager.default.contentsOfDirectory(atPath: path)
                    .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }
                    .sorted().map { "\(path)/\($0)" }
            } else {
                files.append(path)
            }
        }
        return files
    }

    /// The bytes of a file.
    public static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FuzzToolError("cannot read \(path)")
        }
        return Array(data)
    }
}

/// A failure of the `vdxp-fuzz` tool itself (not of a target).
public struct FuzzToolError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
