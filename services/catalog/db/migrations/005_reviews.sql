-- Reviews by buyers who own the product: one per buyer and product (writing again edits it),
-- a rating of 1 to 5 stars and optional plain text. The product's creator may not review it;
-- ownership is the subscriptions service's answer at the time of writing.
create table reviews (
  product_id uuid not null references products (id) on delete cascade,
  buyer_id text not null,
  rating smallint not null check (rating between 1 and 5),
  body text not null default '' check (length(body) <= 2000),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (product_id, buyer_id)
);
-- The product page's list, newest first, in keyset pages.
create index reviews_newest on reviews (product_id, created_at desc, buyer_id desc);
