-- Who to write to: email addresses and names, projected from the users service's events.
-- `email` stays null when a profile update arrives before the registration.
create table recipients (
  user_id uuid primary key,
  email text,
  display_name text not null,
  updated_at timestamptz not null
);

-- Each user's choices; a missing row means the defaults.
create table preferences (
  user_id uuid primary key,
  email jsonb not null,
  in_app jsonb not null,
  updated_at timestamptz not null
);

-- Emails to deliver. Rows are written in the consuming transaction (status queued) and
-- delivered by the sender loop, which claims a row by pushing `next_attempt_at` past a lease
-- and marks it sent or failed; a crash mid-send leaves the row queued for another attempt.
create table emails (
  id uuid primary key,
  event_id text not null,
  kind text not null check (kind in ('receipt', 'refund', 'cancelled')),
  user_id uuid not null,
  -- Null while the address is unknown (the order event came before the registration).
  to_address text,
  subject text not null,
  text_body text not null,
  html_body text not null,
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
  attempts int not null default 0,
  last_error text,
  next_attempt_at timestamptz not null,
  created_at timestamptz not null,
  sent_at timestamptz,
  unique (event_id, kind)
);
create index emails_due on emails (next_attempt_at) where status = 'queued';
create index emails_awaiting_address on emails (user_id) where to_address is null;

-- In-app notifications, one per event for its user.
create table notifications (
  id uuid primary key,
  user_id uuid not null,
  event_id text not null,
  kind text not null check (kind in ('receipt', 'refund', 'cancelled')),
  title text not null,
  body text not null,
  data jsonb not null,
  created_at timestamptz not null,
  read_at timestamptz,
  unique (event_id, kind)
);
create index notifications_by_user on notifications (user_id, created_at desc, id desc);
create index notifications_unread on notifications (user_id) where read_at is null;
