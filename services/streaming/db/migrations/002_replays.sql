-- Replays: a stream that went live and ended gets one row, written in the transaction that
-- ended it, so no replay is forgotten and none is made twice. The builder claims a pending
-- row by pushing `next_attempt_at` past the time a build takes (a lease: a builder that dies
-- leaves the row to be claimed again), then marks it ready or, after its attempts, failed.
create table replays (
  stream_id uuid primary key references streams (id) on delete cascade,
  status text not null check (status in ('pending', 'ready', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null,
  playlist_key text,
  poster_key text,
  duration_ms integer check (duration_ms >= 0),
  segment_count integer check (segment_count >= 0),
  last_error text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  ready_at timestamptz,
  constraint replays_ready check ((status = 'ready') = (playlist_key is not null))
);
create index replays_due on replays (next_attempt_at) where status = 'pending';

-- The newest frame of a live stream, for the listings: one object per stream, overwritten
-- about every 30 s; `taken_at` versions its URL so caches fetch the new frame.
create table stream_thumbnails (
  stream_id uuid primary key references streams (id) on delete cascade,
  blob_key text not null,
  taken_at timestamptz not null
);
