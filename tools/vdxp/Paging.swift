import ArgumentParser
import Foundation

/// Every page of a listing, from the first to the last: `page` answers the page a token names (empty: the first),
/// `items` what it lists and `next` the token of the one after (empty on the last). The CLI's lists show everything,
/// never just their first page (a platform has thousands of members).
func everyPage<Page, Item>(
    _ page: (_ token: String) async throws -> Page, items: (Page) -> [Item], next: (Page) -> String
) async throws -> [Item] {
    var all: [Item] = []
    var token = ""
    repeat {
        let answer = try await page(token)
        all += items(answer)
        token = next(answer)
    } while !token.isEmpty
    return all
}

/// At most `limit` items of a listing, read a page at a time, and whether more remain beyond them.
///
/// `page` answers the page a token names (empty: the first) as its items and the next page's token (empty on the
/// last). Pages are read until the listing ends or one more item than `limit` has come, so `more` is exact: a full
/// last page is not mistaken for a cut-off one.
func firstItems<Item: Sendable>(
    _ limit: Int, _ page: (_ token: String) async throws -> (items: [Item], next: String)
) async throws -> (items: [Item], more: Bool) {
    var all: [Item] = []
    var token = ""
    repeat {
        let answer = try await page(token)
        all += answer.items
        token = answer.next
    } while !token.isEmpty && all.count <= limit
    return (Array(all.prefix(limit)), all.count > limit)
}

/// `--limit`: how many items a list shows at most, and the notice on standard error when more remain — a list is
/// never cut short without saying so.
struct ListLimit: ParsableArguments {
    /// The default `--limit`.
    static let defaultLimit = 1000

    @Option(help: "Show at most this many (1 to 1000000); standard error says when more remain.")
    var limit = ListLimit.defaultLimit

    func validate() throws {
        guard (1...1_000_000).contains(limit) else {
            throw ValidationError("--limit must be between 1 and 1000000, got \(limit)")
        }
    }

    /// Says on standard error that the list was cut at `limit` when `more` remain (in JSON mode too: standard
    /// output stays the JSON alone).
    func sayCut(_ more: Bool) {
        if more { Self.sayCut(at: limit) }
    }

    /// Writes "showing the first N; give --limit to see more" to standard error.
    static func sayCut(at limit: Int) {
        FileHandle.standardError.write(Data("showing the first \(limit); give --limit to see more\n".utf8))
    }
}
