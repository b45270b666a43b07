-- What a user may use: one row per (user, product, source). The source is the order that
-- sold it (or, later, the membership subscription that includes it); the unique key is what
-- makes a repeated grant harmless. A revoke keeps the row and stamps it.
create table entitlements (
  id uuid primary key,
  user_id uuid not null,
  product_id uuid not null,
  source_kind text not null check (source_kind in ('order', 'subscription')),
  source_id text not null,
  -- The product as it was sold, so the library still names it if the catalog hides it.
  product_title text not null,
  product_type text not null,
  creator_id text not null,
  -- Software licence keys the catalog assigned to this purchase.
  licence_keys text[] not null default '{}',
  granted_at timestamptz not null,
  revoked_at timestamptz,
  revoke_reason text,
  constraint entitlements_source_key unique (user_id, product_id, source_kind, source_id),
  constraint entitlements_revoke_reason check ((revoked_at is null) = (revoke_reason is null))
);
create index entitlements_by_source on entitlements (source_kind, source_id);
create index entitlements_active on entitlements (user_id, product_id) where revoked_at is null;
