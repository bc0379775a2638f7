import Foundation

/// Runs an async target from libFuzzer's synchronous callback.
public enum FuzzRunner {
    /// Runs `target` on `bytes` and waits for it. Only for a thread outside Swift's cooperative pool (libFuzzer's
    /// main thread); async code calls ``FuzzTarget/run(_:)``.
    public static func runBlocking(_ target: FuzzTarget, _ bytes: [UInt8]) {
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            await target.run(bytes)
            done.signal()
        }
        done.wait()
    }
}
