import VDXPMonitoring
import VDXPRuntime

await ServiceHost.main(MonitoringService.definition)
