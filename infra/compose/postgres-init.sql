-- One login role and one database per service: role <name> / password <name> owns database
-- <name>. Run as the superuser by infra/local/up.sh on every start of the local cluster, and
-- by the compose postgres container on its first start (empty volume). The names are SERVICES
-- in infra/services.ts (infra/services_test.ts checks them).

\set services 'users catalog orders payments subscriptions notifications streaming'

SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', n, n)
  FROM unnest(string_to_array(:'services', ' ')) AS n
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = n)
\gexec

SELECT format('CREATE DATABASE %I OWNER %I', n, n)
  FROM unnest(string_to_array(:'services', ' ')) AS n
 WHERE NOT EXISTS (SELECT 1 FROM pg_database d WHERE d.datname = n)
\gexec
