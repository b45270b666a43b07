/**
 * Queries on `product_files`.
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
}

/** Inserts a file record. */
export async function insertFile(tx: Tx, file: FileRow): Promise<void> {
  await tx`insert into product_files (id, product_id, name, size, content_type, key, created_at)
    values (${file.id}, ${file.productId}, ${file.name}, ${file.size}, ${file.contentType},
      ${file.key}, ${file.createdAt})`;
}

/** Deletes a product's file record and returns it; undefined when there is none. */
export async function deleteFile(
  tx: Tx,
  productId: string,
  fileId: string,
): Promise<FileRow | undefined> {
  const [row] = await tx<FileRow[]>`delete from product_files
    where id = ${fileId} and product_id = ${productId} returning *`;
  return row && { ...row, size: Number(row.size) };
}

/** Files of a product. */
export async function countFiles(tx: Tx, productId: string): Promise<number> {
  const [row] = await tx<{ n: number }[]>`select count(*)::int as n from product_files
    where product_id = ${productId}`;
  return row!.n;
}
