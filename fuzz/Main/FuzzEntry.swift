import Foundation
import VDXPFuzzTargets

#if VDXP_FUZZING
// Built by scripts/fuzz.sh with `--sanitize=fuzzer`: libFuzzer owns `main` and calls this for every input; the
// target is named by `VDXP_FUZZ_TARGET`.
private let target: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["VDXP_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        fatalError("vdxp-fuzz: set VDXP_FUZZ_TARGET to one of: \(names)")
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    FuzzRunner.runBlocking(target, bytes)
    return 0
}
#else
/// `vdxp-fuzz` built normally (`swift build`): replays inputs through a target, and writes the seed corpus and
/// fixtures. The fuzzing build is scripts/fuzz.sh (fuzz/README.md).
@main
struct FuzzTool {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            switch arguments.first {
            case "replay" where arguments.count >= 3:
                guard let target = FuzzTarget(rawValue: arguments[1]) else {
                    throw FuzzToolError("no fuzz target is called \(arguments[1])")
                }
                for path in try FuzzFiles.inputs(in: Array(arguments.dropFirst(2))) {
                    let outcome = await target.run(try FuzzFiles.read(path))
                    print("\(outcome.rawValue)\t\(path)")
                }
            case "seeds" where arguments.count == 2:
                try await SeedWriter(folder: arguments[1]).write()
            case "targets":
                FuzzTarget.allCases.forEach { print($0.rawValue) }
            default:
                throw FuzzToolError(
                    "usage: vdxp-fuzz replay TARGET FILE|FOLDER… | vdxp-fuzz seeds FUZZ_FOLDER | vdxp-fuzz targets")
            }
        } catch {
            FileHandle.standardError.write(Data("vdxp-fuzz: \(error)\n".utf8))
            exit(1)
        }
    }
}
#endif
