import VDXPRuntime
import VDXPTicket

await ServiceHost.main(TicketService.definition)
