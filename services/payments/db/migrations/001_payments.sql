-- One payment per order: the unique order id is what makes a repeated capture harmless.
create table payments (
  id uuid primary key,
  order_id uuid not null,
  buyer_id uuid not null,
  amount bigint not null check (amount >= 0),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  status text not null check (status in ('pending', 'succeeded', 'failed', 'refunded')),
  provider text not null,
  provider_payment_id text,
  refund_id text,
  failure_code text,
  failure_message text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  succeeded_at timestamptz,
  failed_at timestamptz,
  refunded_at timestamptz,
  constraint payments_order_key unique (order_id),
  constraint payments_provider_payment_key unique (provider_payment_id)
);
create index payments_buyer on payments (buyer_id, created_at desc);

-- Provider notifications already applied, by the provider's event id: a redelivery is a no-op.
create table webhook_events (
  id text primary key,
  type text not null,
  received_at timestamptz not null
);
