import VDXPCentral
import VDXPRuntime

await ServiceHost.main(CentralService.definition)
