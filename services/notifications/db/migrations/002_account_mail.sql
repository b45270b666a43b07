-- Account emails from the users service: address confirmation and password reset links,
-- and notices that the password or the address changed. They are emails only (no in-app
-- notification) and are not governed by preferences: they concern the account's safety.
alter table emails drop constraint emails_kind_check;
alter table emails add constraint emails_kind_check check (kind in ('receipt', 'refund',
  'cancelled', 'email_verification', 'password_reset', 'password_changed', 'email_changed'));
