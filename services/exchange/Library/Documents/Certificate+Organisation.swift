import Foundation
import X509

/// An organisation as a certificate's subject names it: its `O=` with the place the subject gives — `L=` (locality)
/// and `ST=` (province). Organisation names repeat across provinces ("Sở Tài chính" in each of them), so a person is
/// of a seal's organisation only when the person's certificate names the same organisation in the same place.
struct SubjectOrganisation: Hashable, Sendable {
    /// The `O=` value, in Unicode canonical composition.
    var name: String
    /// The subject's `L=` values, in canonical composition; empty when it names none.
    var localities: Set<String>
    /// The subject's `ST=` values, in canonical composition; empty when it names none.
    var provinces: Set<String>

    /// Whether `other` (a person's certificate) names this organisation (a seal's): the same `O=`, and the same `L=`
    /// and `ST=` wherever this one names a place. A person's certificate that leaves out a place the seal names is not
    /// bound to it.
    func includes(_ other: SubjectOrganisation) -> Bool {
        name == other.name && (localities.isEmpty || localities == other.localities)
            && (provinces.isEmpty || provinces == other.provinces)
    }
}

extension Certificate {
    /// The organisations the subject names: one per `O=` value, each with the subject's `L=` and `ST=`, all in Unicode
    /// canonical composition so that a name typed with combining or precomposed Vietnamese marks compares equal. An
    /// `OU=` (a department) is not an organisation: two organisations may have departments of the same name.
    var subjectOrganisations: Set<SubjectOrganisation> {
        func values(_ matches: (RelativeDistinguishedName.Attribute) -> Bool) -> Set<String> {
            var values: Set<String> = []
            for rdn in subject {
                for attribute in rdn where matches(attribute) {
                    values.insert(attribute.value.description.precomposedStringWithCanonicalMapping)
                }
            }
            return values
        }
        let localities = values { $0.type == .RDNAttributeType.localityName }
        let provinces = values { $0.type == .RDNAttributeType.stateOrProvinceName }
        return Set(
            values { $0.type == .RDNAttributeType.organizationName }.map {
                SubjectOrganisation(name: $0, localities: localities, provinces: provinces)
            })
    }

    /// Whether the subject names one of `organisations` (seals' organisations), place included
    /// (``SubjectOrganisation/includes(_:)``).
    func isOfAny(_ organisations: Set<SubjectOrganisation>) -> Bool {
        let own = subjectOrganisations
        return organisations.contains { seal in own.contains { seal.includes($0) } }
    }
}
