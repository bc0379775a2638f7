import Foundation
import Glibc

/// Passwords and tokens kept off the command line, where `ps` shows them to every user of the machine: read from a
/// file (`--password-file`, `--token-file`, …; `-` for standard input) with one trailing newline trimmed, from an
/// environment variable, or typed on standard input — with echo turned off on a terminal.
///
/// ```sh
/// vdxp account login admin.g22 --as 000.00.00.G22 --password-file ~/.vdxp/admin.g22.password
/// printf '%s\n%s\n' "$OLD" "$NEW" | vdxp account passwd admin.g22 --as 000.00.00.G22 --current-file - --new-file -
/// ```
enum Secret {
    /// The first line of `path` — a file, or standard input for `-` (asking with `prompt` on a terminal) — with one
    /// trailing newline trimmed.
    static func read(file path: String, prompt: String) throws -> String {
        if path == "-" {
            guard let line = try readLine(prompt: prompt) else {
                throw CLIError("nothing on standard input for the \(prompt)")
            }
            return line
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read \(path): give a readable file holding the \(prompt)")
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\r\n") {
            text.removeLast(2)
        } else if text.hasSuffix("\n") {
            text.removeLast()
        }
        guard !text.isEmpty else { throw CLIError("\(path) is empty: it should hold the \(prompt)") }
        return text
    }

    /// Warns on standard error that `option`'s value is visible to the machine's other users.
    static func warnVisible(_ option: String, instead: String) {
        FileHandle.standardError.write(
            Data(
                ("warning: the value of \(option) is visible to other users of this machine (ps, /proc); "
                    + "use \(instead) instead\n").utf8))
    }

    /// One line of standard input, its newline removed; on a terminal, `prompt` is shown on standard error and what is
    /// typed is not echoed. Nil at the end of input.
    ///
    /// Echo goes off before the prompt is shown, as `getpass` does: what is typed once the prompt shows is never
    /// echoed, and nothing typed after it is discarded by the change of mode (`TCSAFLUSH` drops only what came before).
    static func readLine(prompt: String) throws -> String? {
        guard isatty(STDIN_FILENO) == 1 else { return Swift.readLine(strippingNewline: true) }
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else {
            FileHandle.standardError.write(Data("\(prompt): ".utf8))
            return Swift.readLine(strippingNewline: true)
        }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        FileHandle.standardError.write(Data("\(prompt): ".utf8))
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return Swift.readLine(strippingNewline: true)
    }
}
