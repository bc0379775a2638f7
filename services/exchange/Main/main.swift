import VDXPExchange
import VDXPRuntime

await ServiceHost.main(ExchangeService.definition)
