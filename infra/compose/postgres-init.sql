-- Runs once, on the first start of the compose postgres container (empty volume),
-- as the superuser from POSTGRES_USER. Creates one login role and one database per
-- service: role <name> / password <name> owns database <name>.
-- Mirrors what infra/local/up.sh does for the local cluster.

SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', n, n)
  FROM unnest(ARRAY['users', 'catalog', 'orders', 'payments', 'subscriptions', 'notifications',
                    'streaming', 'chat', 'media', 'analytics', 'search']) AS n
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = n)
\gexec

SELECT format('CREATE DATABASE %I OWNER %I', n, n)
  FROM unnest(ARRAY['users', 'catalog', 'orders', 'payments', 'subscriptions', 'notifications',
                    'streaming', 'chat', 'media', 'analytics', 'search']) AS n
 WHERE NOT EXISTS (SELECT 1 FROM pg_database d WHERE d.datname = n)
\gexec
