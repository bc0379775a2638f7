import Testing
import VDXPCore
import VDXPProto

typealias DocumentStatus = Vdxp_Exchange_V1_DocumentStatus

@Suite("Business statuses at a recipient (Art. 14.3, 15.2; QĐ 28 Art. 10.2.h)")
struct DocumentStatusMachineTests {
    /// Every move the regulation allows.
    static let allowed: [(DocumentStatus, DocumentStatus)] = [
        (.unspecified, .arrived),
        (.arrived, .rejected),
        (.arrived, .registered),
        (.registered, .assigned),
        (.registered, .processing),
        (.assigned, .processing),
        (.processing, .completed),
    ]

    /// The retract codes of Art. 15.1, which only `RetractDocument` and `AnswerRetractRequest` set.
    static let retractCodes: [DocumentStatus] = [.retractRequested, .retractAccepted, .retractRefused]

    /// Every ordered pair of defined statuses that is not in ``allowed``.
    static let refused: [(DocumentStatus, DocumentStatus)] = DocumentStatus.allCases.flatMap { from in
        DocumentStatus.allCases.compactMap { to in
            allowed.contains(where: { $0 == (from, to) }) ? nil : (from, to)
        }
    }

    @Test("the allowed moves are accepted", arguments: allowed)
    func allowedMoves(from: DocumentStatus, to: DocumentStatus) throws {
        #expect(try DocumentStatusMachine.transition(from: from, to: to) == to)
        #expect(DocumentStatusMachine.canTransition(from: from, to: to))
        #expect(DocumentStatusMachine.successors(of: from).contains(to))
    }

    @Test("every other move is refused with a message naming both statuses", arguments: refused)
    func refusedMoves(from: DocumentStatus, to: DocumentStatus) {
        #expect(!DocumentStatusMachine.canTransition(from: from, to: to))
        let error = #expect(throws: StatusTransitionError.self) {
            try DocumentStatusMachine.transition(from: from, to: to)
        }
        #expect(error?.from == from)
        #expect(error?.to == to)
        if to == .unspecified {
            #expect(error?.code == .invalidStatus)
        } else if Self.retractCodes.contains(to) {
            #expect(error?.code == .invalidStatus)
            #expect(error?.message.contains(to.label) == true, "\(error?.message ?? "")")
        } else {
            #expect(error?.code == .illegalTransition)
            #expect(error?.message.contains(to.label) == true, "\(error?.message ?? "")")
        }
    }

    @Test("status 04 ASSIGNED cannot follow 01 ARRIVED: the document must be registered (03) first")
    func registerFirst() {
        for next in [DocumentStatus.assigned, .processing, .completed] {
            let error = #expect(throws: StatusTransitionError.self) {
                try DocumentStatusMachine.transition(from: .arrived, to: next)
            }
            #expect(
                error?.message == "status \(next.label) cannot follow 01 ARRIVED: register the document (03) first"
            )
        }
    }

    @Test(
        "06 COMPLETED cannot skip 05 PROCESSING: arrived, registered, processing, completed is the minimum chain (Art. 14.3)",
        arguments: [DocumentStatus.registered, .assigned]
    )
    func processingBeforeCompleted(current: DocumentStatus) {
        let error = #expect(throws: StatusTransitionError.self) {
            try DocumentStatusMachine.transition(from: current, to: .completed)
        }
        #expect(error?.code == .illegalTransition)
        #expect(
            error?.message
                == "status 06 COMPLETED cannot follow \(current.label): report 05 PROCESSING first — arrived, "
                + "registered, processing and completed are the minimum chain of statuses the sender must receive "
                + "(Art. 14.3)"
        )
    }

    @Test("04 ASSIGNED, which Art. 14.3 does not require, may be left out")
    func assignedIsOptional() throws {
        #expect(try DocumentStatusMachine.transition(from: .registered, to: .processing) == .processing)
    }

    @Test("no status can be reported before the delivery is acknowledged")
    func acknowledgeFirst() {
        let error = #expect(throws: StatusTransitionError.self) {
            try DocumentStatusMachine.transition(from: .unspecified, to: .registered)
        }
        #expect(error?.message.contains("acknowledge the delivery first") == true)
    }

    @Test("a document can be rejected only after it arrived and before it is registered (Art. 15.2)")
    func rejectOnlyBeforeRegistration() throws {
        #expect(try DocumentStatusMachine.transition(from: .arrived, to: .rejected) == .rejected)
        for current in [DocumentStatus.registered, .assigned, .processing] {
            let error = #expect(throws: StatusTransitionError.self) {
                try DocumentStatusMachine.transition(from: current, to: .rejected)
            }
            #expect(error?.message.contains("before it is registered (Art. 15.2)") == true)
        }
        #expect(throws: StatusTransitionError.self) {
            try DocumentStatusMachine.transition(from: .unspecified, to: .rejected)
        }
    }

    @Test(
        "02 REJECTED, 06 COMPLETED and 15 RETRACT_ACCEPTED are final",
        arguments: [DocumentStatus.rejected, .completed, .retractAccepted]
    )
    func finalStatuses(status: DocumentStatus) {
        #expect(status.isFinal)
        #expect(DocumentStatusMachine.successors(of: status).isEmpty)
        for next in DocumentStatus.allCases where next != .unspecified && !Self.retractCodes.contains(next) {
            let error = #expect(throws: StatusTransitionError.self) {
                try DocumentStatusMachine.transition(from: status, to: next)
            }
            #expect(error?.message.contains("\(status.label) is final") == true)
        }
    }

    @Test("statuses only move forward")
    func onlyForward() {
        let error = #expect(throws: StatusTransitionError.self) {
            try DocumentStatusMachine.transition(from: .processing, to: .registered)
        }
        #expect(
            error?.message
                == "status 03 REGISTERED cannot follow 05 PROCESSING: statuses only move forward (01 → 03 → 04 → 05 → 06)"
        )
        let repeated = #expect(throws: StatusTransitionError.self) {
            try DocumentStatusMachine.transition(from: .registered, to: .registered)
        }
        #expect(repeated?.message.contains("already has status 03 REGISTERED") == true)
        let reArrived = #expect(throws: StatusTransitionError.self) {
            try DocumentStatusMachine.transition(from: .registered, to: .arrived)
        }
        #expect(reArrived?.message.contains("01 ARRIVED is set once") == true)
    }

    @Test("a status number the contract does not define is refused as invalid")
    func unknownStatuses() {
        let unknownTarget = #expect(throws: StatusTransitionError.self) {
            try DocumentStatusMachine.transition(from: .arrived, to: .UNRECOGNIZED(14))
        }
        #expect(unknownTarget?.code == .invalidStatus)
        #expect(unknownTarget?.message == "status 14 is not an edXML status code the platform knows: use 01 to 06")

        let unknownCurrent = #expect(throws: StatusTransitionError.self) {
            try DocumentStatusMachine.transition(from: .UNRECOGNIZED(9), to: .completed)
        }
        #expect(unknownCurrent?.code == .illegalTransition)
        #expect(DocumentStatusMachine.successors(of: .UNRECOGNIZED(9)).isEmpty)
    }

    @Test(
        "each status has its two-digit edXML code, a label and a Vietnamese name",
        arguments: [
            (DocumentStatus.unspecified, "00", "00 UNSPECIFIED", "chưa có trạng thái"),
            (.arrived, "01", "01 ARRIVED", "đã đến"),
            (.rejected, "02", "02 REJECTED", "từ chối"),
            (.registered, "03", "03 REGISTERED", "tiếp nhận, vào sổ"),
            (.assigned, "04", "04 ASSIGNED", "phân công"),
            (.processing, "05", "05 PROCESSING", "đang xử lý"),
            (.completed, "06", "06 COMPLETED", "hoàn thành"),
            (.retractRequested, "13", "13 RETRACT_REQUESTED", "đề nghị lấy lại"),
            (.retractAccepted, "15", "15 RETRACT_ACCEPTED", "đồng ý lấy lại"),
            (.retractRefused, "16", "16 RETRACT_REFUSED", "từ chối lấy lại"),
            (.UNRECOGNIZED(7), "07", "07 UNKNOWN", "không xác định"),
            (.UNRECOGNIZED(14), "14", "14 UNKNOWN", "không xác định"),
        ]
    )
    func codes(status: DocumentStatus, code: String, label: String, vietnamese: String) {
        #expect(status.code == code)
        #expect(status.label == label)
        #expect(status.vietnameseName == vietnamese)
    }

    @Test("a status is found from its edXML code: 01 to 06, 13, 15 and 16")
    func fromCode() {
        #expect(DocumentStatus(code: "01") == .arrived)
        #expect(DocumentStatus(code: "06") == .completed)
        #expect(DocumentStatus(code: "13") == .retractRequested)
        #expect(DocumentStatus(code: "15") == .retractAccepted)
        #expect(DocumentStatus(code: "16") == .retractRefused)
        for code in ["00", "07", "12", "14", "17", "1", "001", "", "AB", "-1", "+1", " 1"] {
            #expect(DocumentStatus(code: code) == nil, "\(code)")
        }
    }

    @Test("only 02, 06 and 15 are final")
    func onlyThreeFinal() {
        #expect(DocumentStatus.allCases.filter(\.isFinal) == [.rejected, .completed, .retractAccepted])
    }

    // MARK: - Retract (Art. 15.1)

    @Test(
        "13, 15 and 16 are never reported as a status update: RetractDocument and AnswerRetractRequest set them",
        arguments: DocumentStatus.allCases
    )
    func retractCodesAreNotSetHere(from: DocumentStatus) {
        for next in Self.retractCodes {
            #expect(!DocumentStatusMachine.canTransition(from: from, to: next))
            let error = #expect(throws: StatusTransitionError.self) {
                try DocumentStatusMachine.transition(from: from, to: next)
            }
            #expect(error?.code == .invalidStatus)
            #expect(
                error?.message
                    == "status \(next.label) cannot be reported as a status update: 13, 15 and 16 are set by "
                    + "RetractDocument and AnswerRetractRequest (Art. 15.1)"
            )
        }
    }

    @Test("no status follows 15 RETRACT_ACCEPTED: the document was retracted")
    func retractedIsFinal() {
        for next in [DocumentStatus.arrived, .rejected, .registered, .assigned, .processing, .completed] {
            let error = #expect(throws: StatusTransitionError.self) {
                try DocumentStatusMachine.transition(from: .retractAccepted, to: next)
            }
            #expect(error?.code == .illegalTransition)
            #expect(
                error?.message
                    == "status \(next.label) cannot follow 15 RETRACT_ACCEPTED: the document was retracted (taken "
                    + "back by its sender, Art. 15.1), and 15 RETRACT_ACCEPTED is final"
            )
        }
    }

    @Test(
        "13 and 16 are recorded in the history only, so no status follows them here",
        arguments: [DocumentStatus.retractRequested, .retractRefused]
    )
    func historyOnlyCodes(status: DocumentStatus) {
        #expect(!status.isFinal)
        #expect(DocumentStatusMachine.successors(of: status).isEmpty)
        let error = #expect(throws: StatusTransitionError.self) {
            try DocumentStatusMachine.transition(from: status, to: .processing)
        }
        #expect(error?.code == .illegalTransition)
        #expect(error?.message.contains("is recorded in the history only") == true)
    }

    @Test("the old statuses keep their moves and messages next to the retract codes")
    func oldMessagesKept() {
        let completed = #expect(throws: StatusTransitionError.self) {
            try DocumentStatusMachine.transition(from: .completed, to: .processing)
        }
        #expect(completed?.message == "status 05 PROCESSING cannot follow 06 COMPLETED: 06 COMPLETED is final")
        let rejected = #expect(throws: StatusTransitionError.self) {
            try DocumentStatusMachine.transition(from: .rejected, to: .registered)
        }
        #expect(
            rejected?.message
                == "status 03 REGISTERED cannot follow 02 REJECTED: the recipient refused the document, and "
                + "02 REJECTED is final (Art. 15.2)"
        )
    }
}
