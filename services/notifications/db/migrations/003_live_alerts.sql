-- Live alerts: "<creator> is live" and "starting in 15 minutes", in the app and by email, to a
-- creator's followers and the holders of a stream's ticket or product. One stream event
-- reaches many users, so an event's rows are unique per user as well.
alter table emails drop constraint emails_kind_check;
alter table emails add constraint emails_kind_check check (kind in ('receipt', 'refund',
  'cancelled', 'email_verification', 'password_reset', 'password_changed', 'email_changed',
  'live', 'starting_soon'));
alter table emails drop constraint emails_event_id_kind_key;
alter table emails add constraint emails_event_kind_user_key unique (event_id, kind, user_id);

alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check check (kind in ('receipt',
  'refund', 'cancelled', 'live', 'starting_soon'));
alter table notifications drop constraint notifications_event_id_kind_key;
alter table notifications add constraint notifications_event_kind_user_key
  unique (event_id, kind, user_id);

-- One alert of each kind per stream and user, whatever redelivers or repeats the event: a
-- row here is written with the alert's notification and email, in the same transaction.
create table live_alerts_sent (
  stream_id uuid not null,
  user_id uuid not null,
  kind text not null check (kind in ('live', 'starting_soon')),
  sent_at timestamptz not null,
  primary key (stream_id, kind, user_id)
);
