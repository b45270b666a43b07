-- What a pending payment waits for from the buyer's browser (3-D Secure): the provider's
-- client secret, shown to the buyer alone while the payment is pending.
create table payment_actions (
  order_id uuid primary key,
  client_secret text not null,
  created_at timestamptz not null
);
