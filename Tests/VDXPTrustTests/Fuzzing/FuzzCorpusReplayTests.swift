import Foundation
import Testing
import VDXPFuzzTargets

/// The fuzz targets' seed corpus and every input a fuzzer once crashed on, replayed on each run of the suite
/// (fuzz/README.md): a regression of a parser or verifier fixed once never comes back unnoticed, and the seeds keep
/// reaching past the first refusal, so a fuzzing run starts from inputs VDXP accepts.
@Suite("Fuzz targets: the corpus and the regressions replay")
struct FuzzCorpusReplayTests {
    static let fuzzFolder = FuzzFiles.fuzzFolder

    static func files(_ kind: String, _ target: FuzzTarget) throws -> [String] {
        let folder = "\(fuzzFolder)/\(kind)/\(target.rawValue)"
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        return try FuzzFiles.inputs(in: [folder])
    }

    @Test("every seed runs, and the seeds reach an input the target accepts", arguments: FuzzTarget.allCases)
    func seeds(_ target: FuzzTarget) async throws {
        let seeds = try Self.files("Corpus", target)
        #expect(seeds.count >= 1, "fuzz/Corpus/\(target.rawValue) holds no seed: run `vdxp-fuzz seeds fuzz`")
        var accepted = 0
        for path in seeds where await target.run(try FuzzFiles.read(path)) == .accepted {
            accepted += 1
        }
        #expect(accepted >= 1, "no seed of \(target.rawValue) is accepted: the fuzzer would start at a refusal")
        #expect(accepted < seeds.count, "the seeds include a near miss the target refuses")
    }

    @Test("every input a fuzzer crashed on is refused or accepted without a crash", arguments: FuzzTarget.allCases)
    func regressions(_ target: FuzzTarget) async throws {
        for path in try Self.files("Regressions", target) {
            // A trap here is the bug coming back; the suite stops with the path in the crash report.
            _ = await target.run(try FuzzFiles.read(path))
        }
    }

    @Test("multi-field inputs split as the targets read them")
    func fieldLayout() async throws {
        let input = FuzzSeed.fields([[1, 2, 3], [], [9]])
        #expect(input == [0, 3, 1, 2, 3, 0, 0, 0, 1, 9])
        // Garbage in every layout is refused, never a trap.
        for target in FuzzTarget.allCases {
            #expect(await target.run(input) == .refused)
            #expect(await target.run([]) == .refused)
            #expect(await target.run([UInt8](repeating: 0xFF, count: 300)) == .refused)
        }
    }
}
