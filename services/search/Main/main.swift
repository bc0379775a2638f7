import VDXPRuntime
import VDXPSearch

await ServiceHost.main(SearchService.definition)
