-- Sales, as creators read them.

-- When the order was paid: set once, by the first write of a status that follows payment, so
-- every write path of the view records it the same way.
alter table order_views add column paid_at timestamptz;
update order_views set paid_at = updated_at
  where status in ('GRANTING', 'COMPLETED', 'REFUNDING', 'REFUNDED');

create function order_views_paid_at() returns trigger language plpgsql as $$
begin
  if new.paid_at is null
    and new.status in ('GRANTING', 'COMPLETED', 'REFUNDING', 'REFUNDED') then
    new.paid_at := new.updated_at;
  end if;
  return new;
end
$$;
create trigger order_views_paid_at before insert or update on order_views
  for each row execute function order_views_paid_at();

-- A creator's lines are found by containment (`view->'lines' @> [{"creatorId": …}]`).
create index order_views_lines on order_views using gin ((view -> 'lines') jsonb_path_ops);

-- People's display names, projected from the users service's events: buyers on the sales
-- pages, sellers on receipts.
create table user_names (
  user_id text primary key,
  display_name text not null,
  updated_at timestamptz not null
);
