-- Who watches. A page playing a stream beats every 15 s with a viewer id it made; a viewer
-- counts while its last beat is under 40 s old. Rows stay after a viewer leaves, so the
-- distinct viewers of a stream (its total) are the rows of the stream.
create table stream_presence (
  stream_id uuid not null references streams (id) on delete cascade,
  viewer_id uuid not null,
  first_seen_at timestamptz not null,
  last_seen_at timestamptz not null,
  primary key (stream_id, viewer_id)
);
create index stream_presence_recent on stream_presence (stream_id, last_seen_at);

-- A stream's viewer counts as last computed: `viewers` now (the larger of present viewers
-- and the media server's individual readers), the highest it reached, and how many distinct
-- viewers it had. `media_readers` is the media server's count at its last look, so every
-- replica counts a beat the same way.
create table stream_viewer_counts (
  stream_id uuid primary key references streams (id) on delete cascade,
  viewers integer not null default 0 check (viewers >= 0),
  peak_viewers integer not null default 0 check (peak_viewers >= viewers),
  total_viewers integer not null default 0 check (total_viewers >= 0),
  media_readers integer not null default 0 check (media_readers >= 0),
  updated_at timestamptz not null
);

-- Takedowns by admins, one per stream: who, when and why. A stream taken down is over for
-- good and its key publishes nothing again.
create table stream_takedowns (
  stream_id uuid primary key references streams (id) on delete cascade,
  admin_id text not null,
  reason text not null check (length(reason) between 1 and 1000),
  taken_at timestamptz not null
);
