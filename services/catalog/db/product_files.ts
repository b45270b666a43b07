/**
 * Queries on `product_files`. A record starts unconfirmed when its upload is handed out and
 * counts (listed, sold, served) only once {@linkcode confirmFile} has marked it.
 * @module
 */
import type { Tx } from "@marquee/db";

/** A stored file record. */
export interface FileRow {
  id: string;
  productId: string;
  name: string;
  size: number;
  contentType: string;
  key: string;
  createdAt: Date;
  /** Null until the upload was checked. */
  confirmedAt: Date | null;
}

const toFile = (row: FileRow): FileRow => ({ ...row, size: Number(row.size) });

/** Inserts an unconfirmed file record. */
export async function insertFile(tx: Tx, file: Omit<FileRow, "confirmedAt">): Promise<void> {
  await tx`insert into product_files (id, product_id, name, size, content_type, key, created_at)
    values (${file.id}, ${file.productId}, ${file.name}, ${file.size}, ${file.contentType},
      ${file.key}, ${file.createdAt})`;
}

/** Marks a file's upload as checked. */
export async function confirmFile(tx: Tx, fileId: string, at: Date): Promise<void> {
  await tx`update product_files set confirmed_at = ${at}
    where id = ${fileId} and confirmed_at is null`;
}

/** Deletes a product's file record, confirmed or not, and returns it; undefined when none. */
export async function deleteFile(
  tx: Tx,
  productId: string,
  fileId: string,
): Promise<FileRow | undefined> {
  const [row] = await tx<FileRow[]>`delete from product_files
    where id = ${fileId} and product_id = ${productId} returning *`;
  return row && toFile(row);
}

/** A product's file record, confirmed or not; undefined when there is none. */
export async function findFile(
  tx: Tx,
  productId: string,
  fileId: string,
): Promise<FileRow | undefined> {
  const [row] = await tx<FileRow[]>`select * from product_files
    where id = ${fileId} and product_id = ${productId}`;
  return row && toFile(row);
}

/** Confirmed files of a product. */
export async function countFiles(tx: Tx, productId: string): Promise<number> {
  const [row] = await tx<{ n: number }[]>`select count(*)::int as n from product_files
    where product_id = ${productId} and confirmed_at is not null`;
  return row!.n;
}

/** File records of a product, confirmed or not: what the per-product limit counts. */
export async function countFileRecords(tx: Tx, productId: string): Promise<number> {
  const [row] = await tx<{ n: number }[]>`select count(*)::int as n from product_files
    where product_id = ${productId}`;
  return row!.n;
}

/** Deletes up to `limit` records never confirmed and created before `before`; them. */
export async function deleteUnconfirmedBefore(
  tx: Tx,
  before: Date,
  limit: number,
): Promise<FileRow[]> {
  const rows = await tx<FileRow[]>`delete from product_files where id in (
      select id from product_files where confirmed_at is null and created_at < ${before}
      order by created_at limit ${limit} for update skip locked)
    returning *`;
  return rows.map(toFile);
}
