public import PostgresNIO
public import VDXPProto

// The contract's enums kept in `smallint` columns, for every service (``SmallintProtoEnum``). One list for the
// platform: a conformance holds for the whole process, and some enums are stored by several services.

// Central: members, certificates, accounts, the service registry.
extension Vdxp_Central_V1_AccountRole: SmallintProtoEnum {}
extension Vdxp_Central_V1_AccountState: SmallintProtoEnum {}
extension Vdxp_Central_V1_AuthorityCategory: SmallintProtoEnum {}
extension Vdxp_Central_V1_CertificateUsage: SmallintProtoEnum {}
extension Vdxp_Central_V1_LockKind: SmallintProtoEnum {}
extension Vdxp_Central_V1_MemberState: SmallintProtoEnum {}
extension Vdxp_Central_V1_NotificationChannel: SmallintProtoEnum {}
extension Vdxp_Central_V1_OrganisationKind: SmallintProtoEnum {}
extension Vdxp_Central_V1_ServiceChangeKind: SmallintProtoEnum {}
extension Vdxp_Central_V1_ServiceChangeState: SmallintProtoEnum {}
extension Vdxp_Central_V1_ServiceState: SmallintProtoEnum {}

// Exchange: deliveries, documents, retract requests (Search and Report store some of them too).
extension Vdxp_Exchange_V1_BusinessType: SmallintProtoEnum {}
extension Vdxp_Exchange_V1_DeliveryFailureReason: SmallintProtoEnum {}
extension Vdxp_Exchange_V1_DeliveryKind: SmallintProtoEnum {}
extension Vdxp_Exchange_V1_DeliveryState: SmallintProtoEnum {}
extension Vdxp_Exchange_V1_Disposition: SmallintProtoEnum {}
extension Vdxp_Exchange_V1_DocumentStatus: SmallintProtoEnum {}
extension Vdxp_Exchange_V1_LegalValue: SmallintProtoEnum {}
extension Vdxp_Exchange_V1_RetractRequestState: SmallintProtoEnum {}

// Monitoring: connections, alerts, notifications, components (Ticket stores alert kinds and severities).
extension Vdxp_Monitoring_V1_AlertKind: SmallintProtoEnum {}
extension Vdxp_Monitoring_V1_Channel: SmallintProtoEnum {}
extension Vdxp_Monitoring_V1_ComponentState: SmallintProtoEnum {}
extension Vdxp_Monitoring_V1_ConnectionState: SmallintProtoEnum {}
extension Vdxp_Monitoring_V1_NotificationState: SmallintProtoEnum {}
extension Vdxp_Monitoring_V1_Severity: SmallintProtoEnum {}

// Ticket: tickets, their service levels, events and notices.
extension Vdxp_Ticket_V1_ActorKind: SmallintProtoEnum {}
extension Vdxp_Ticket_V1_IntakeChannel: SmallintProtoEnum {}
extension Vdxp_Ticket_V1_NoticeKind: SmallintProtoEnum {}
extension Vdxp_Ticket_V1_SlaMilestone: SmallintProtoEnum {}
extension Vdxp_Ticket_V1_SlaState: SmallintProtoEnum {}
extension Vdxp_Ticket_V1_TicketCategory: SmallintProtoEnum {}
extension Vdxp_Ticket_V1_TicketEventKind: SmallintProtoEnum {}
extension Vdxp_Ticket_V1_TicketPriority: SmallintProtoEnum {}
extension Vdxp_Ticket_V1_TicketState: SmallintProtoEnum {}
