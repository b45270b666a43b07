-- Creators' display names, projected from the users service's events.
create table creators (
  id text primary key,
  display_name text not null,
  updated_at timestamptz not null
);

-- Products. Prices are integer minor units; the search vector is kept by a trigger so that
-- every write path weighs title (A), tags (B) and description (C) the same way.
create table products (
  id uuid primary key,
  creator_id text not null,
  type text not null
    check (type in ('course', 'software', 'asset', 'membership', 'live_ticket')),
  slug text not null,
  title text not null,
  description text not null,
  description_html text not null,
  price_amount bigint not null check (price_amount >= 0),
  price_currency text not null check (price_currency ~ '^[A-Z]{3}$'),
  cover_key text,
  category text,
  tags text[] not null default '{}',
  status text not null check (status in ('draft', 'published', 'archived')),
  capacity int check (capacity > 0),
  search tsvector not null default ''::tsvector,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  published_at timestamptz,
  constraint products_slug_key unique (slug)
);

create function products_search_vector() returns trigger language plpgsql as $$
begin
  new.search :=
    setweight(to_tsvector('simple', new.title), 'A') ||
    setweight(to_tsvector('simple', array_to_string(new.tags, ' ')), 'B') ||
    setweight(to_tsvector('simple', new.description), 'C');
  return new;
end
$$;
create trigger products_search_vector before insert or update of title, tags, description
  on products for each row execute function products_search_vector();

-- Keyset pagination: newest first (published time, else creation time) and by price.
create index products_new on products (status, (coalesce(published_at, created_at)) desc, id desc);
create index products_price on products (status, price_amount, id);
create index products_creator on products (creator_id, created_at desc);
create index products_search on products using gin (search);
create index products_tags on products using gin (tags);

-- Downloadable files; the bytes live in the blob store under `key`.
create table product_files (
  id uuid primary key,
  product_id uuid not null references products (id) on delete cascade,
  name text not null,
  size bigint not null check (size > 0),
  content_type text not null,
  key text not null,
  created_at timestamptz not null
);
create index product_files_product on product_files (product_id, created_at);

-- Stock set aside for checkouts. The id is chosen by the caller, which makes a retried
-- request find its first hold. Expired holds are ignored by availability at once and
-- marked `expired` by the sweeper later.
create table holds (
  id uuid primary key,
  product_id uuid not null references products (id) on delete cascade,
  quantity int not null check (quantity > 0),
  status text not null check (status in ('held', 'committed', 'released', 'expired')),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  updated_at timestamptz not null
);
create index holds_taken on holds (product_id) where status in ('held', 'committed');
create index holds_due on holds (expires_at) where status = 'held';

-- The licence-key pool of software products. A key is handed to the hold that bought it
-- when the hold commits; the keys themselves never leave the service through its API.
create table licence_keys (
  id bigint generated always as identity primary key,
  product_id uuid not null references products (id) on delete cascade,
  key text not null,
  hold_id uuid references holds (id),
  created_at timestamptz not null,
  constraint licence_keys_product_key unique (product_id, key)
);
create index licence_keys_free on licence_keys (product_id, id) where hold_id is null;
