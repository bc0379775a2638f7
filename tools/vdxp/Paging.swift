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
