public import PostgresNIO
import Synchronization

/// A statement of fixed text that a store runs often — on every commit group, acknowledgement, status report or
/// journal read: run with ``Database/execute(_:on:logger:file:line:)``, it is prepared once per connection (parsed
/// once, and planned once PostgreSQL finds its generic plan as good as a fresh one, after five runs), and each run
/// sends only its values (Bind, Execute, Sync) instead of its text.
///
/// Only a statement whose text never changes can be prepared: one with a `VALUES` list as long as its group has a
/// new text for every group size (bind arrays and `unnest` them instead). Its name on the server is its type's and
/// its text's (``name``).
///
/// Write into the text, never bind, the constants that a partial index's predicate names (`kind = 1` for an index
/// `WHERE kind = 1`): after five runs PostgreSQL may plan the statement once for any values, and that generic plan can
/// use the index only if the text proves its predicate — with the constant bound it scans the whole table
/// (`PreparedStatementPlanTests`, docs/performance.md).
///
/// ```swift
/// struct EntriesAfter: PreparedStatement {
///     static let sql = "SELECT sequence, payload FROM exchange.journal WHERE sequence > $1 ORDER BY sequence LIMIT $2"
///     var sequence: Int64
///     var limit: Int
///     func makeBindings() -> PostgresBindings { PostgresBindings(binding: sequence, limit) }
/// }
/// for row in try await database.execute(EntriesAfter(sequence: 0, limit: 100), on: nil, logger: logger) {
///     let (sequence, payload) = try row.decode((Int64, Data).self)
/// }
/// ```
public protocol PreparedStatement: PostgresPreparedStatement where Row == PostgresRow {}

extension PreparedStatement {
    /// The statement's name on its connections: the type's own name and a hash of ``sql`` (`LockEntries_3f2a…`).
    ///
    /// Not postgres-nio's default, the type's full name: PostgreSQL keeps the first 63 bytes of a statement's name,
    /// and the full names of a store's statements (module, store, a private type's context) share more than that — a
    /// second statement would then be refused as a duplicate of the first.
    public static var name: String { StatementNames.name(of: Self.self) }

    /// The row as it came: the store decodes its columns.
    public func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}

/// The names of the statements run so far, each made once: postgres-nio asks a statement's name on every run, and
/// making it (the type's name, a hash of the text) costs more than looking it up.
private enum StatementNames {
    private static let names = Mutex<[ObjectIdentifier: String]>([:])

    static func name<Statement: PreparedStatement>(of statement: Statement.Type) -> String {
        let key = ObjectIdentifier(statement)
        if let name = names.withLock({ $0[key] }) { return name }
        let name = "\(String(describing: statement).prefix(40))_\(StatementTextHash(statement.sql).hex)"
        names.withLock { $0[key] = name }
        return name
    }
}

/// FNV-1a (64 bits) of a statement's text: two texts, two names.
private struct StatementTextHash {
    private var value: UInt64 = 0xcbf2_9ce4_8422_2325

    init(_ text: String) {
        for byte in text.utf8 {
            value = (value ^ UInt64(byte)) &* 0x100_0000_01b3
        }
    }

    /// 16 lowercase hexadecimal digits.
    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

extension PostgresBindings {
    /// Bindings of `values`, in order (`$1`, `$2`…). An optional is bound with `append(_:)` (`NULL` when nil).
    public init<each Value: PostgresDynamicTypeEncodable>(binding values: repeat each Value) {
        self.init()
        repeat append(each values)
    }

    /// Bindings of `values`, in order, some of whose encoding may fail (a proto enum whose number fits no
    /// `smallint`): then the error is thrown and the statement is not sent.
    public init<each Value: PostgresThrowingDynamicTypeEncodable>(binding values: repeat each Value) throws {
        self.init()
        repeat try append(each values)
    }
}
