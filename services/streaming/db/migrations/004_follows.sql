-- Who follows which creator. Creators are users of the users service, named by id as in
-- `streams.creator_id`; one row per pair makes following idempotent.
create table follows (
  creator_id text not null,
  follower_id text not null,
  created_at timestamptz not null,
  primary key (creator_id, follower_id)
);

-- When the "starting in 15 minutes" reminder of a scheduled stream was sent; null until then.
-- The reminder job claims due rows with `for update skip locked` and stamps them in the
-- transaction that writes the outbox event, so replicas and restarts send it once.
alter table streams add column reminded_at timestamptz;
create index streams_to_remind on streams (scheduled_start)
  where status = 'scheduled' and reminded_at is null;
