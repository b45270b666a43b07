-- The write side: one row per order's saga, its state as the domain keeps it.
create table sagas (
  order_id uuid primary key,
  buyer_id text not null,
  status text not null,
  state jsonb not null,
  version int not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index sagas_open on sagas (updated_at)
  where status not in ('COMPLETED', 'CANCELLED', 'FAILED');

-- Durable timers, written in the transaction of the state change that sets them.
create table saga_timers (
  order_id uuid not null references sagas (order_id),
  kind text not null,
  due_at timestamptz not null,
  primary key (order_id, kind)
);
create index saga_timers_due on saga_timers (due_at);

-- Idempotency-Key of each placed order: the same key with the same body is the same order.
create table idempotency_keys (
  buyer_id text not null,
  key text not null,
  request_hash text not null,
  order_id uuid not null,
  created_at timestamptz not null,
  primary key (buyer_id, key)
);

-- The read side: orders as the API shows them, projected from `order.status_changed`.
create table order_views (
  order_id uuid primary key,
  buyer_id text not null,
  status text not null,
  view jsonb not null,
  version int not null,
  placed_at timestamptz not null,
  updated_at timestamptz not null
);
create index order_views_by_buyer on order_views (buyer_id, placed_at desc, order_id desc);
