-- Pay what you want: the product's price is the minimum (0 allowed), and an optional
-- suggested amount prefills the buyer's field. A row exists only for such products.
create table product_pricing (
  product_id uuid primary key references products (id) on delete cascade,
  suggested_amount bigint check (suggested_amount >= 0),
  updated_at timestamptz not null
);

-- Discount codes, owned by a creator. Codes are unique across the store (compared upper
-- case), so a buyer's code names one creator's offer. `redemptions` counts the orders that
-- hold one; the check keeps it within the limit whatever the concurrency.
create table discount_codes (
  id uuid primary key,
  creator_id text not null,
  code text not null check (code ~ '^[A-Z0-9][A-Z0-9_-]{2,31}$'),
  kind text not null check (kind in ('percent', 'amount')),
  percent_off int check (percent_off between 1 and 100),
  amount_off bigint check (amount_off > 0),
  currency text check (currency ~ '^[A-Z]{3}$'),
  product_ids uuid[] not null default '{}',
  max_redemptions int check (max_redemptions > 0),
  redemptions int not null default 0 check (redemptions >= 0),
  expires_at timestamptz,
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint discount_codes_code_key unique (code),
  constraint discount_codes_within_limit
    check (max_redemptions is null or redemptions <= max_redemptions),
  constraint discount_codes_kind_fields check (
    (kind = 'percent' and percent_off is not null and amount_off is null) or
    (kind = 'amount' and amount_off is not null and currency is not null and percent_off is null)
  )
);
create index discount_codes_creator on discount_codes (creator_id, created_at desc);

-- One code per order, keyed by the order: a retried redemption finds the first. Released
-- when the order is cancelled, which gives the use back to the code.
create table discount_redemptions (
  order_id uuid primary key,
  code_id uuid not null references discount_codes (id),
  lines jsonb not null,
  amount bigint not null check (amount >= 0),
  currency text not null,
  status text not null check (status in ('redeemed', 'released')),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index discount_redemptions_code on discount_redemptions (code_id);
