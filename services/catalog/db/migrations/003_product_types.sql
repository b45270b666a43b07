-- What makes each product type more than a label: a live ticket's event (its start as an
-- instant, the time zone it is held in, and an optional length) and a membership's billing
-- period and perks. Which type may carry which is checked by the catalog's domain; the
-- constraints here keep each value well-formed and a ticket's start and zone together.
alter table products
  add column event_starts_at timestamptz,
  add column event_time_zone text,
  add column event_duration_minutes int check (event_duration_minutes > 0),
  add column billing_period text check (billing_period in ('month', 'year')),
  add column perks text[] not null default '{}',
  add constraint products_event_whole
    check ((event_starts_at is null) = (event_time_zone is null));
