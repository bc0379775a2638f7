import VDXPTicket
import VDXPRuntime

await ServiceHost.main(TicketService.definition)
