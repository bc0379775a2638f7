import ArgumentParser
import Foundation
import Glibc

/// `--yes`, and the question a destructive command asks before it acts: it says what it will do (the member, unit or
/// CA and, where the CLI can read it cheaply, its state now), then on a terminal asks the person to type the id, and
/// without a terminal (a script, a pipe, CI) refuses unless `--yes` was given — exit status 2 (``ExitStatus/refused``).
///
/// ```sh
/// vdxp org cut-off 000.00.00.H26 --incident "INC-42: leaked key"        # asks: type 000.00.00.H26 to confirm
/// vdxp org cut-off 000.00.00.H26 --incident "INC-42: leaked key" --yes  # scripts
/// ```
struct Confirmation: ParsableArguments {
    @Flag(help: "Act without asking; required when standard input is not a terminal.") var yes = false

    /// Prints `plan` to standard error, then returns when the person confirms by typing `id` (or gave `--yes`).
    ///
    /// - Throws: ``CommandFailure`` with ``ExitStatus/refused`` when there is no terminal and no `--yes`, or the
    ///   person typed something else.
    func confirm(_ plan: [String], typing id: String, command: String) throws {
        let standardError = FileHandle.standardError
        standardError.write(Data((plan.joined(separator: "\n") + "\n").utf8))
        if yes { return }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CommandFailure(
                .refused,
                "\(command) changes the platform at once and standard input is not a terminal to ask on: "
                    + "add --yes to do it without asking")
        }
        standardError.write(Data("type \(id) to confirm: ".utf8))
        let answer = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces)
        guard answer == id else {
            throw CommandFailure(.refused, "not confirmed (\(id) was not typed): nothing was changed")
        }
    }
}
