import VDXPSearch
import VDXPRuntime

await ServiceHost.main(SearchService.definition)
