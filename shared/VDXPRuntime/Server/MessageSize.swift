import Foundation
import SwiftProtobuf

/// The serialized size of a decoded request message, for the platform's own message limit.
///
/// The transport is configured with a ceiling above the documented limit, because a message over the transport's
/// limit ends in a bare stream reset (CANCELLED on the client) rather than RESOURCE_EXHAUSTED; the documented limit
/// is then enforced here, where the status can still be sent.
enum MessageSize {
    /// Whether `message` serializes to more than `limit` bytes. Costs one walk over its fields; the message is
    /// serialized only when its strings and bytes alone come close to the limit.
    static func exceeds(_ message: some Message, limit: Int) -> Bool {
        var visitor = PayloadLengthVisitor()
        try? message.traverse(visitor: &visitor)
        if visitor.total > limit { return true }
        guard visitor.total > limit - 65_536 else { return false }
        return ((try? message.serializedBytes() as [UInt8])?.count ?? 0) > limit
    }
}

/// Sums the lengths of every string and bytes field, nested messages included: a lower bound of the serialized size.
private struct PayloadLengthVisitor: Visitor {
    var total = 0

    mutating func visitSingularStringField(value: String, fieldNumber: Int) throws { total += value.utf8.count }
    mutating func visitSingularBytesField(value: Data, fieldNumber: Int) throws { total += value.count }
    mutating func visitRepeatedStringField(value: [String], fieldNumber: Int) throws {
        for element in value { total += element.utf8.count }
    }
    mutating func visitRepeatedBytesField(value: [Data], fieldNumber: Int) throws {
        for element in value { total += element.count }
    }
    mutating func visitSingularMessageField<M: Message>(value: M, fieldNumber: Int) throws {
        try value.traverse(visitor: &self)
    }
    mutating func visitRepeatedMessageField<M: Message>(value: [M], fieldNumber: Int) throws {
        for element in value { try element.traverse(visitor: &self) }
    }
    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufMessageMap<KeyType, ValueType>.Type,
        value: _ProtobufMessageMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {
        for element in value.values { try element.traverse(visitor: &self) }
    }
    mutating func visitMapField<KeyType, ValueType: MapValueType>(
        fieldType: _ProtobufMap<KeyType, ValueType>.Type,
        value: _ProtobufMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {
        total += value.count * 2
    }
    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufEnumMap<KeyType, ValueType>.Type,
        value: _ProtobufEnumMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws where ValueType.RawValue == Int {
        total += value.count * 2
    }
    mutating func visitSingularDoubleField(value: Double, fieldNumber: Int) throws { total += 8 }
    mutating func visitSingularInt64Field(value: Int64, fieldNumber: Int) throws { total += 1 }
    mutating func visitSingularUInt64Field(value: UInt64, fieldNumber: Int) throws { total += 1 }
    mutating func visitSingularBoolField(value: Bool, fieldNumber: Int) throws { total += 1 }
    mutating func visitSingularEnumField<E: Enum>(value: E, fieldNumber: Int) throws { total += 1 }
    mutating func visitUnknown(bytes: Data) throws { total += bytes.count }
}
