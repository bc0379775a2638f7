import Foundation
import SwiftProtobuf

/// A field path built lazily: each step names its field only when a violation asks for the path.
struct FieldPath {
    private enum Step {
        case field(() -> String)
        case index(Int)
        case key(String)
    }

    private var steps: [Step] = []

    func appending(field name: @escaping () -> String) -> FieldPath {
        var copy = self
        copy.steps.append(.field(name))
        return copy
    }

    func appending(index: Int) -> FieldPath {
        var copy = self
        copy.steps.append(.index(index))
        return copy
    }

    func appending(key: String) -> FieldPath {
        var copy = self
        copy.steps.append(.key(key))
        return copy
    }

    /// `header.signing_time`, `recipients[2].time`, `labels["x"].time`.
    var text: String {
        var result = ""
        for step in steps {
            switch step {
            case .field(let name): result += (result.isEmpty ? "" : ".") + name()
            case .index(let index): result += "[\(index)]"
            case .key(let key): result += "[\(key.debugDescription.prefix(40))]"
            }
        }
        return result
    }
}

/// Walks a message with SwiftProtobuf's `Visitor` (the traversal the binary and JSON encoders use) and records every
/// out-of-range `Timestamp` and `Duration`, and every string holding U+0000.
struct RangeVisitor: Visitor {
    let parent: any Message.Type
    let path: FieldPath
    var violations: [FieldViolation] = []

    init(parent: any Message.Type, path: FieldPath) {
        self.parent = parent
        self.path = path
    }

    /// The proto name of field `number` of `parent`, found without SwiftProtobuf's internal name tables: decode a
    /// message whose only content is a value for that field (an empty message, or the string "a": proto3 prints no
    /// empty string), and read the name its text format prints.
    static func protoName(of number: Int, in parent: any Message.Type, isString: Bool = false) -> String {
        var bytes: [UInt8] = []
        var tag = UInt64(number) << 3 | 2
        while tag >= 0x80 {
            bytes.append(UInt8(tag & 0x7F) | 0x80)
            tag >>= 7
        }
        bytes.append(UInt8(tag))
        bytes += isString ? [1, UInt8(ascii: "a")] : [0]
        guard let probe = try? parent.init(serializedBytes: bytes) else { return "#\(number)" }
        let name = probe.textFormatString().prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return name.isEmpty ? "#\(number)" : String(name)
    }

    private mutating func check<M: Message>(_ value: M, at path: FieldPath) {
        let rules: [(String, String)]
        if let timestamp = value as? Google_Protobuf_Timestamp {
            rules = WellKnownTypeRanges.timestampRules(timestamp)
        } else if let duration = value as? Google_Protobuf_Duration {
            rules = WellKnownTypeRanges.durationRules(duration)
        } else {
            var child = RangeVisitor(parent: M.self, path: path)
            try? value.traverse(visitor: &child)
            violations += child.violations
            return
        }
        guard !rules.isEmpty else { return }
        let prefix = path.text
        violations += rules.map { FieldViolation(field: "\(prefix).\($0.0)", rule: $0.1) }
    }

    private func fieldPath(_ fieldNumber: Int, isString: Bool = false) -> FieldPath {
        let parent = self.parent
        return path.appending { Self.protoName(of: fieldNumber, in: parent, isString: isString) }
    }

    mutating func visitSingularMessageField<M: Message>(value: M, fieldNumber: Int) throws {
        check(value, at: fieldPath(fieldNumber))
    }

    mutating func visitRepeatedMessageField<M: Message>(value: [M], fieldNumber: Int) throws {
        let base = fieldPath(fieldNumber)
        for (index, element) in value.enumerated() {
            check(element, at: base.appending(index: index))
        }
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufMessageMap<KeyType, ValueType>.Type,
        value: _ProtobufMessageMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {
        let base = fieldPath(fieldNumber)
        for (key, element) in value {
            check(element, at: base.appending(key: "\(key)"))
        }
    }

    // Other scalars, enums, plain maps and unknown fields hold no time (no request map holds a string that reaches the
    // database as text).
    mutating func visitSingularDoubleField(value: Double, fieldNumber: Int) throws {}
    mutating func visitSingularInt64Field(value: Int64, fieldNumber: Int) throws {}
    mutating func visitSingularUInt64Field(value: UInt64, fieldNumber: Int) throws {}
    mutating func visitSingularBoolField(value: Bool, fieldNumber: Int) throws {}
    mutating func visitSingularStringField(value: String, fieldNumber: Int) throws {
        if value.utf8.contains(0) {
            violations.append(
                FieldViolation(field: fieldPath(fieldNumber, isString: true).text, rule: WellKnownTypeRanges.nulRule))
        }
    }
    mutating func visitSingularBytesField(value: Data, fieldNumber: Int) throws {}
    mutating func visitSingularEnumField<E: Enum>(value: E, fieldNumber: Int) throws {}
    mutating func visitRepeatedStringField(value: [String], fieldNumber: Int) throws {
        for (index, element) in value.enumerated() where element.utf8.contains(0) {
            violations.append(
                FieldViolation(
                    field: fieldPath(fieldNumber, isString: true).appending(index: index).text,
                    rule: WellKnownTypeRanges.nulRule))
        }
    }
    mutating func visitRepeatedBytesField(value: [Data], fieldNumber: Int) throws {}
    mutating func visitRepeatedEnumField<E: Enum>(value: [E], fieldNumber: Int) throws {}
    mutating func visitPackedEnumField<E: Enum>(value: [E], fieldNumber: Int) throws {}
    mutating func visitMapField<KeyType, ValueType: MapValueType>(
        fieldType: _ProtobufMap<KeyType, ValueType>.Type,
        value: _ProtobufMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {}
    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufEnumMap<KeyType, ValueType>.Type,
        value: _ProtobufEnumMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws where ValueType.RawValue == Int {}
    mutating func visitUnknown(bytes: Data) throws {}
}
