import VDXPReport
import VDXPRuntime

await ServiceHost.main(ReportService.definition)
