-- When the account's current address was confirmed by following a link sent to it; null
-- until then (and again after a change of address, which is confirmed by its own link).
alter table users add column email_verified_at timestamptz;

-- Single-use links mailed to an account: confirming an address (the account's own, or a
-- new one it is changing to) and resetting a forgotten password. Only the SHA-256 of a
-- token is stored, so a leaked table cannot be replayed.
create table account_tokens (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  purpose text not null check (purpose in ('email_verification', 'password_reset')),
  token_hash text not null,
  -- The address the link was mailed to: for a verification, the address it confirms.
  email text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  constraint account_tokens_token_hash_key unique (token_hash)
);
create index account_tokens_user on account_tokens (user_id, purpose, created_at desc);
create index account_tokens_expires_at on account_tokens (expires_at);
