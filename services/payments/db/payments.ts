/**
 * The `payments` table: one row per order, locked while a command or a webhook decides.
 * @module
 */
import type { Sql, Tx } from "@marquee/db";
import type { Payment, PaymentStatus } from "../domain/payment.ts";

interface PaymentRow {
  id: string;
  orderId: string;
  buyerId: string;
  amount: string | number;
  currency: string;
  status: PaymentStatus;
  provider: string;
  providerPaymentId: string | null;
  refundId: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  createdAt: Date;
  updatedAt: Date;
  succeededAt: Date | null;
  failedAt: Date | null;
  refundedAt: Date | null;
}

function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    orderId: row.orderId,
    buyerId: row.buyerId,
    amount: { amount: Number(row.amount), currency: row.currency },
    status: row.status,
    provider: row.provider,
    providerPaymentId: row.providerPaymentId,
    refundId: row.refundId,
    failure: row.failureCode === null
      ? null
      : { code: row.failureCode, message: row.failureMessage ?? "" },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    succeededAt: row.succeededAt,
    failedAt: row.failedAt,
    refundedAt: row.refundedAt,
  };
}

/** The order's payment, locked until the transaction ends. */
export async function lockPaymentByOrder(tx: Tx, orderId: string): Promise<Payment | null> {
  const [row] = await tx<PaymentRow[]>`
    select * from payments where order_id = ${orderId} for update`;
  return row ? toPayment(row) : null;
}

/** The payment a provider id names, locked until the transaction ends. */
export async function lockPaymentByProviderId(
  tx: Tx,
  providerPaymentId: string,
): Promise<Payment | null> {
  const [row] = await tx<PaymentRow[]>`
    select * from payments where provider_payment_id = ${providerPaymentId} for update`;
  return row ? toPayment(row) : null;
}

/** The order's payment, unlocked. */
export async function findPaymentByOrder(sql: Sql, orderId: string): Promise<Payment | null> {
  const [row] = await sql<PaymentRow[]>`select * from payments where order_id = ${orderId}`;
  return row ? toPayment(row) : null;
}

/** Inserts a new payment, or writes the new state of an existing one. */
export async function savePayment(tx: Tx, payment: Payment, isNew: boolean): Promise<void> {
  const p = payment;
  if (isNew) {
    await tx`insert into payments (id, order_id, buyer_id, amount, currency, status, provider,
        provider_payment_id, refund_id, failure_code, failure_message, created_at, updated_at,
        succeeded_at, failed_at, refunded_at)
      values (${p.id}, ${p.orderId}, ${p.buyerId}, ${p.amount.amount}, ${p.amount.currency},
        ${p.status}, ${p.provider}, ${p.providerPaymentId}, ${p.refundId},
        ${p.failure?.code ?? null}, ${p.failure?.message ?? null}, ${p.createdAt},
        ${p.updatedAt}, ${p.succeededAt}, ${p.failedAt}, ${p.refundedAt})`;
    return;
  }
  await tx`update payments set status = ${p.status},
      provider_payment_id = ${p.providerPaymentId}, refund_id = ${p.refundId},
      failure_code = ${p.failure?.code ?? null}, failure_message = ${p.failure?.message ?? null},
      updated_at = ${p.updatedAt}, succeeded_at = ${p.succeededAt}, failed_at = ${p.failedAt},
      refunded_at = ${p.refundedAt}
    where id = ${p.id}`;
}
