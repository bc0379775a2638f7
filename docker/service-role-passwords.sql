-- Development only: the password of each service's database role in docker/compose.yaml (postgres's init scripts,
-- after service-roles.sql made the roles). Production sets them from Secrets (k8s/base/database.yaml).
ALTER ROLE vdxp_central PASSWORD 'vdxp';
ALTER ROLE vdxp_exchange PASSWORD 'vdxp';
ALTER ROLE vdxp_monitoring PASSWORD 'vdxp';
ALTER ROLE vdxp_ticket PASSWORD 'vdxp';
ALTER ROLE vdxp_report PASSWORD 'vdxp';
ALTER ROLE vdxp_search PASSWORD 'vdxp';
