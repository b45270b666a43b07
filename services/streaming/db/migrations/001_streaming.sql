-- Live streams. `status` follows domain/stream.ts; `reconnect_deadline` is set while the
-- publisher is away, so the grace period outlives a restart of the service (the sweeper
-- ends streams whose deadline passed).
create table streams (
  id uuid primary key,
  creator_id text not null,
  title text not null check (length(title) between 1 and 140),
  description text not null default '',
  scheduled_start timestamptz not null,
  access_kind text not null check (access_kind in ('free', 'ticket', 'owners')),
  access_product_id uuid,
  status text not null
    check (status in ('scheduled', 'live', 'reconnecting', 'ended', 'cancelled')),
  started_at timestamptz,
  ended_at timestamptz,
  reconnect_deadline timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint streams_access check ((access_kind = 'free') = (access_product_id is null)),
  constraint streams_deadline check ((status = 'reconnecting') = (reconnect_deadline is not null))
);
create index streams_by_creator on streams (creator_id, scheduled_start desc);
create index streams_live on streams (started_at desc) where status in ('live', 'reconnecting');
create index streams_upcoming on streams (scheduled_start) where status = 'scheduled';
create index streams_due on streams (reconnect_deadline) where status = 'reconnecting';

-- One publishing key per stream, kept as its SHA-256 only: the key is 32 random bytes, so a
-- fast hash cannot be reversed by guessing, and a lookup costs one index probe. Rotating
-- replaces the row's hash, so the old key stops at once.
create table stream_keys (
  stream_id uuid primary key references streams (id) on delete cascade,
  key_hash bytea not null,
  rotated_at timestamptz not null
);
