import SwiftProtobuf

extension SwiftProtobuf.Message {
    /// This message with `change` made: a request that differs from another in one field.
    func changed(_ change: (inout Self) -> Void) -> Self {
        var message = self
        change(&message)
        return message
    }
}
