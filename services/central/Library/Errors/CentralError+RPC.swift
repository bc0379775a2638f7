import GRPCCore
import GRPCProtobuf

/// The one seam from Central's errors to gRPC status codes.
extension CentralError: RPCErrorConvertible {
    /// The status code of each case.
    var rpcErrorCode: RPCError.Code {
        switch self {
        case .invalidField:
            .invalidArgument
        case .notOwnRecord, .notOwnConnection, .notOwnFiling, .notOwnRequests, .signInRequired,
            .outboxIsForTheOperator, .notAccountAdministrator, .notMemberAdministrator, .notAccountReader,
            .notAccountLister:
            .permissionDenied
        case .wrongCredentials, .wrongCurrentPassword, .tokenAccountGone, .tokenAccountLocked,
            .tokenPredatesPasswordChange:
            .unauthenticated
        case .signInsThrottled, .selfServiceChangesExhausted, .tooManyPendingRequests:
            .resourceExhausted
        case .memberNotFound, .accountMemberNotFound, .filingMemberNotFound, .certificateNotFound,
            .authorityNotFound, .accountNotFound, .requestNotFound, .serviceNotOffered, .serviceNotFound,
            .unitNotFound:
            .notFound
        case .memberAlreadyRegistered, .certificateAlreadyRegistered, .authorityAlreadyTrusted, .usernameTaken,
            .serviceCodeInUse, .approvedCodeInUse, .unitIdTaken:
            .alreadyExists
        case .conformityNotDeclared, .certificateNotTrusted, .authorityAlreadyRetired, .authorityNotValidNow,
            .memberClosed,
            .connectionChangeRefused, .endpointChangeTooSoon, .noConnectionCertificate, .missingContact,
            .successorNotRegistered,
            .successorClosed,
            .lastMemberAdministrator, .accountLocked, .serviceCancelled, .requestPending, .concurrentRequest,
            .requestAlreadyDecided, .serviceNoLongerActive, .certificateWrongCategory, .revocationListNotTrusted,
            .revocationListOutdated, .unitParentUnsuitable, .unitConnectionCertificate:
            .failedPrecondition
        case .passwordChecksBusy:
            .unavailable
        case .passwordChecksBusyForCaller:
            .resourceExhausted
        case .unreadableAfterWrite:
            .internalError
        }
    }

    /// The message: ``CentralError/description``.
    var rpcErrorMessage: String { description }

    /// For a field that breaks a rule, the field and the rule as a `google.rpc.BadRequest` detail in
    /// `grpc-status-details-bin`, the way any gRPC client library reads field errors; nothing otherwise.
    var rpcErrorMetadata: Metadata {
        guard case .invalidField(let field, let message) = self else { return [:] }
        return GoogleRPCStatus(
            code: rpcErrorCode, message: message,
            details: [.badRequest(violations: [.init(field: field, description: message)])]
        ).rpcErrorMetadata
    }
}
