/// A service's place in the platform's database: the login role it connects as and the one schema that role owns.
///
/// Each service owns one schema and writes no other (docs/design.md, "Database roles"); connecting as a role of its
/// own makes PostgreSQL enforce that: `vdxp_search` may not read `exchange.documents`, and a compromised Search
/// cannot rewrite a document. A role owns its schema and everything its migrations create in it, and holds no other
/// privilege than what PostgreSQL gives every role (connect, temporary tables, `pg_catalog`).
///
/// ``provisioningScript`` is what a database administrator runs once per database, as a superuser: it is
/// `k8s/base/service-roles.sql` (the CloudNativePG cluster's bootstrap SQL, and Compose's `postgres` init script; a
/// test keeps the file equal to it); a ``LocalPostgresCluster`` runs it on every start.
public struct ServiceDatabaseRole: Sendable, Hashable {
    /// The service, e.g. `exchange`; also the name of its schema.
    public let service: String
    /// Extensions created in the schema before the service's migrations run, since creating one takes a privilege
    /// on the database that the role does not have (Search: `unaccent` and `pg_trgm`).
    public let extensions: [String]

    /// The role the service connects as: `vdxp_<service>`.
    public var role: String { "vdxp_" + self.service }
    /// The schema the role owns: the service's name.
    public var schema: String { self.service }

    /// A service's role and schema.
    public init(service: String, extensions: [String] = []) {
        precondition(
            !service.isEmpty && service.allSatisfy { $0.isASCII && ($0.isLowercase || $0 == "_") },
            "a service name is a lowercase SQL identifier")
        self.service = service
        self.extensions = extensions
    }

    /// The six services of the platform.
    public static let platform: [ServiceDatabaseRole] = [
        ServiceDatabaseRole(service: "central"),
        ServiceDatabaseRole(service: "exchange"),
        ServiceDatabaseRole(service: "monitoring"),
        ServiceDatabaseRole(service: "ticket"),
        ServiceDatabaseRole(service: "report"),
        ServiceDatabaseRole(service: "search", extensions: ["unaccent", "pg_trgm"]),
    ]

    /// The SQL that provisions the six services' roles and schemas (``provisioningSQL`` of each), with a header
    /// saying what it is: the content of `k8s/base/service-roles.sql`.
    public static var provisioningScript: String {
        """
        -- The six services' database roles and schemas (docs/operations.md, "Database roles"): each service
        -- connects as vdxp_<service>, which owns the schema of the same name and holds no other privilege.
        -- Run once per database as a superuser (CloudNativePG runs it at bootstrap; Compose's postgres image on
        -- first start); idempotent, and it hands over a schema an earlier version made under the database owner.
        -- Passwords are set apart: CloudNativePG's managed roles (k8s/base/database.yaml), or ALTER ROLE.
        -- Generated from ServiceDatabaseRole (shared/VDXPLocalCluster); ServiceDatabaseRoleTests keeps them equal.

        """ + Self.platform.map(\.provisioningSQL).joined(separator: "\n")
    }

    /// Idempotent SQL, run by a superuser in the platform's database: creates the login role if missing (without a
    /// password: the local cluster trusts loopback connections; elsewhere the administrator sets one), and the schema
    /// owned by it with its extensions.
    ///
    /// A schema that already exists under another owner — a database made before the services had roles of their
    /// own, when every service connected as the database owner — is handed to the role with every table, sequence,
    /// view and function in it (an extension's own objects stay where they are).
    public var provisioningSQL: String {
        let role = self.role
        let schema = self.schema
        var sql = """
            DO $$
            DECLARE
                object record;
            BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(role)') THEN
                    CREATE ROLE \(role) LOGIN;
                END IF;
                IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = '\(schema)') THEN
                    CREATE SCHEMA \(schema) AUTHORIZATION \(role);
                ELSIF (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = '\(schema)') <> '\(role)' THEN
                    ALTER SCHEMA \(schema) OWNER TO \(role);
                    FOR object IN
                        SELECT c.oid::regclass AS name FROM pg_class c
                        WHERE c.relnamespace = '\(schema)'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                          AND NOT EXISTS (
                              SELECT FROM pg_depend d
                              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
                    LOOP
                        EXECUTE format('ALTER TABLE %s OWNER TO \(role)', object.name);
                    END LOOP;
                    FOR object IN
                        SELECT p.oid::regprocedure AS name FROM pg_proc p
                        WHERE p.pronamespace = '\(schema)'::regnamespace
                          AND NOT EXISTS (
                              SELECT FROM pg_depend d
                              WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
                    LOOP
                        EXECUTE format('ALTER FUNCTION %s OWNER TO \(role)', object.name);
                    END LOOP;
                END IF;
            END
            $$;

            """
        for name in self.extensions {
            sql += "CREATE EXTENSION IF NOT EXISTS \(name) WITH SCHEMA \(schema);\n"
        }
        return sql
    }
}
