-- Accounts. Emails are stored trimmed and lowercased by the service, so a plain unique
-- index is enough (citext is an extension, which PGlite does not ship by default).
create table users (
  id uuid primary key,
  email text not null,
  password_hash text not null,
  display_name text not null,
  bio text,
  roles text[] not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint users_email_key unique (email),
  constraint users_email_lowercase check (email = lower(email))
);
-- Keyset pagination for the admin list, newest first.
create index users_created_at_id on users (created_at desc, id desc);

-- Refresh tokens, stored only as SHA-256 hashes. A family is one login's chain of
-- rotations; presenting a rotated token again revokes the whole family.
create table refresh_tokens (
  id uuid primary key,
  family_id uuid not null,
  user_id uuid not null references users (id) on delete cascade,
  token_hash text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz,
  constraint refresh_tokens_token_hash_key unique (token_hash)
);
create index refresh_tokens_family on refresh_tokens (family_id);
create index refresh_tokens_expires_at on refresh_tokens (expires_at);

-- Access-token signing keys. The private JWK is sealed with AES-GCM under a key derived
-- from KEY_ENCRYPTION_SECRET. At most one key signs at a time (retired_at is null).
create table signing_keys (
  kid text primary key,
  alg text not null,
  public_jwk jsonb not null,
  private_jwk_encrypted text not null,
  created_at timestamptz not null,
  activated_at timestamptz not null,
  retired_at timestamptz
);
create unique index signing_keys_one_active on signing_keys ((true)) where retired_at is null;

-- Failed logins, counted per email and per client address in a sliding window.
create table login_failures (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('email', 'address')),
  subject text not null,
  failed_at timestamptz not null
);
create index login_failures_subject on login_failures (kind, subject, failed_at desc);
create index login_failures_failed_at on login_failures (failed_at);
