-- Outgoing events, written in the business transaction and published by the relay.
create table outbox (
  seq bigint generated always as identity primary key,
  id uuid not null unique,
  topic text not null,
  key text not null,
  type text not null,
  envelope jsonb not null,
  created_at timestamptz not null default now(),
  published_at timestamptz,
  attempts int not null default 0,
  last_error text
);
create index outbox_pending on outbox (seq) where published_at is null;

-- Events a consumer has taken effect for, so a redelivery is a no-op.
create table inbox (
  consumer text not null,
  event_id text not null,
  type text not null,
  received_at timestamptz not null default now(),
  primary key (consumer, event_id)
);
