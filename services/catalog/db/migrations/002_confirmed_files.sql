-- A file record is made before its bytes are uploaded; it is listed, counted and served only
-- once the catalog has checked the stored object (`confirmed_at`). Records never confirmed
-- are swept with their objects. Files from before this change were uploaded already.
alter table product_files add column confirmed_at timestamptz;
update product_files set confirmed_at = created_at;
create index product_files_unconfirmed on product_files (created_at) where confirmed_at is null;
