import Foundation
import X509

extension Certificate {
    /// The organisations the subject names (its `O=` values), each in Unicode canonical composition so that a name
    /// typed with combining or precomposed Vietnamese marks compares equal. An `OU=` (a department) is not an
    /// organisation: two organisations may have departments of the same name.
    var subjectOrganisations: Set<String> {
        var names: Set<String> = []
        for rdn in subject {
            for attribute in rdn where attribute.type == .RDNAttributeType.organizationName {
                names.insert(attribute.value.description.precomposedStringWithCanonicalMapping)
            }
        }
        return names
    }
}
