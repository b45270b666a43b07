alter table widgets add column colour text not null default 'red';
