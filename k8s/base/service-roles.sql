-- The six services' database roles and schemas (docs/operations.md, "Database roles"): each service
-- connects as vdxp_<service>, which owns the schema of the same name and holds no other privilege.
-- Run once per database as a superuser (CloudNativePG runs it at bootstrap; Compose's postgres image on
-- first start); idempotent, and it hands over a schema an earlier version made under the database owner.
-- Passwords are set apart: CloudNativePG's managed roles (k8s/base/database.yaml), or ALTER ROLE.
-- Generated from ServiceDatabaseRole (shared/VDXPLocalCluster); ServiceDatabaseRoleTests keeps them equal.
DO $$
DECLARE
    object record;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vdxp_central') THEN
        CREATE ROLE vdxp_central LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'central') THEN
        CREATE SCHEMA central AUTHORIZATION vdxp_central;
    ELSIF (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'central') <> 'vdxp_central' THEN
        ALTER SCHEMA central OWNER TO vdxp_central;
        FOR object IN
            SELECT c.oid::regclass AS name FROM pg_class c
            WHERE c.relnamespace = 'central'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
              AND NOT EXISTS (
                  SELECT FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
        LOOP
            EXECUTE format('ALTER TABLE %s OWNER TO vdxp_central', object.name);
        END LOOP;
        FOR object IN
            SELECT p.oid::regprocedure AS name FROM pg_proc p
            WHERE p.pronamespace = 'central'::regnamespace
              AND NOT EXISTS (
                  SELECT FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        LOOP
            EXECUTE format('ALTER FUNCTION %s OWNER TO vdxp_central', object.name);
        END LOOP;
    END IF;
END
$$;

DO $$
DECLARE
    object record;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vdxp_exchange') THEN
        CREATE ROLE vdxp_exchange LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'exchange') THEN
        CREATE SCHEMA exchange AUTHORIZATION vdxp_exchange;
    ELSIF (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'exchange') <> 'vdxp_exchange' THEN
        ALTER SCHEMA exchange OWNER TO vdxp_exchange;
        FOR object IN
            SELECT c.oid::regclass AS name FROM pg_class c
            WHERE c.relnamespace = 'exchange'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
              AND NOT EXISTS (
                  SELECT FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
        LOOP
            EXECUTE format('ALTER TABLE %s OWNER TO vdxp_exchange', object.name);
        END LOOP;
        FOR object IN
            SELECT p.oid::regprocedure AS name FROM pg_proc p
            WHERE p.pronamespace = 'exchange'::regnamespace
              AND NOT EXISTS (
                  SELECT FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        LOOP
            EXECUTE format('ALTER FUNCTION %s OWNER TO vdxp_exchange', object.name);
        END LOOP;
    END IF;
END
$$;

DO $$
DECLARE
    object record;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vdxp_monitoring') THEN
        CREATE ROLE vdxp_monitoring LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'monitoring') THEN
        CREATE SCHEMA monitoring AUTHORIZATION vdxp_monitoring;
    ELSIF (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'monitoring') <> 'vdxp_monitoring' THEN
        ALTER SCHEMA monitoring OWNER TO vdxp_monitoring;
        FOR object IN
            SELECT c.oid::regclass AS name FROM pg_class c
            WHERE c.relnamespace = 'monitoring'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
              AND NOT EXISTS (
                  SELECT FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
        LOOP
            EXECUTE format('ALTER TABLE %s OWNER TO vdxp_monitoring', object.name);
        END LOOP;
        FOR object IN
            SELECT p.oid::regprocedure AS name FROM pg_proc p
            WHERE p.pronamespace = 'monitoring'::regnamespace
              AND NOT EXISTS (
                  SELECT FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        LOOP
            EXECUTE format('ALTER FUNCTION %s OWNER TO vdxp_monitoring', object.name);
        END LOOP;
    END IF;
END
$$;

DO $$
DECLARE
    object record;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vdxp_ticket') THEN
        CREATE ROLE vdxp_ticket LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'ticket') THEN
        CREATE SCHEMA ticket AUTHORIZATION vdxp_ticket;
    ELSIF (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'ticket') <> 'vdxp_ticket' THEN
        ALTER SCHEMA ticket OWNER TO vdxp_ticket;
        FOR object IN
            SELECT c.oid::regclass AS name FROM pg_class c
            WHERE c.relnamespace = 'ticket'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
              AND NOT EXISTS (
                  SELECT FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
        LOOP
            EXECUTE format('ALTER TABLE %s OWNER TO vdxp_ticket', object.name);
        END LOOP;
        FOR object IN
            SELECT p.oid::regprocedure AS name FROM pg_proc p
            WHERE p.pronamespace = 'ticket'::regnamespace
              AND NOT EXISTS (
                  SELECT FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        LOOP
            EXECUTE format('ALTER FUNCTION %s OWNER TO vdxp_ticket', object.name);
        END LOOP;
    END IF;
END
$$;

DO $$
DECLARE
    object record;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vdxp_report') THEN
        CREATE ROLE vdxp_report LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'report') THEN
        CREATE SCHEMA report AUTHORIZATION vdxp_report;
    ELSIF (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'report') <> 'vdxp_report' THEN
        ALTER SCHEMA report OWNER TO vdxp_report;
        FOR object IN
            SELECT c.oid::regclass AS name FROM pg_class c
            WHERE c.relnamespace = 'report'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
              AND NOT EXISTS (
                  SELECT FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
        LOOP
            EXECUTE format('ALTER TABLE %s OWNER TO vdxp_report', object.name);
        END LOOP;
        FOR object IN
            SELECT p.oid::regprocedure AS name FROM pg_proc p
            WHERE p.pronamespace = 'report'::regnamespace
              AND NOT EXISTS (
                  SELECT FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        LOOP
            EXECUTE format('ALTER FUNCTION %s OWNER TO vdxp_report', object.name);
        END LOOP;
    END IF;
END
$$;

DO $$
DECLARE
    object record;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vdxp_search') THEN
        CREATE ROLE vdxp_search LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'search') THEN
        CREATE SCHEMA search AUTHORIZATION vdxp_search;
    ELSIF (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'search') <> 'vdxp_search' THEN
        ALTER SCHEMA search OWNER TO vdxp_search;
        FOR object IN
            SELECT c.oid::regclass AS name FROM pg_class c
            WHERE c.relnamespace = 'search'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
              AND NOT EXISTS (
                  SELECT FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
        LOOP
            EXECUTE format('ALTER TABLE %s OWNER TO vdxp_search', object.name);
        END LOOP;
        FOR object IN
            SELECT p.oid::regprocedure AS name FROM pg_proc p
            WHERE p.pronamespace = 'search'::regnamespace
              AND NOT EXISTS (
                  SELECT FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        LOOP
            EXECUTE format('ALTER FUNCTION %s OWNER TO vdxp_search', object.name);
        END LOOP;
    END IF;
END
$$;
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA search;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA search;
