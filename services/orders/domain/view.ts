/**
 * The order as buyers read it: the read model's row, derived from the saga's state. The
 * projection keeps the newest version it has seen, so a redelivered or late event never
 * takes a view back.
 * @module
 */
import type { Money, OrderEndReason, OrderLine } from "@marquee/contracts";
import type { SagaState, SagaStatus } from "./saga_types.ts";

/** An order as the API shows it. */
export interface OrderView {
  id: string;
  buyerId: string;
  status: SagaStatus;
  lines: Array<OrderLine & { discount: number }>;
  /** The lines' sum before the discount. */
  subtotal: Money;
  /** The discount code and what it took off in all; null without one. */
  discount: { code: string; amount: Money } | null;
  /** What is paid: `subtotal` − the discount. */
  total: Money;
  paymentMethod: string;
  paymentId: string | null;
  reason: OrderEndReason | null;
  placedAt: string;
  updatedAt: string;
  version: number;
}

/** The view of a saga's state. */
export function toView(state: SagaState): OrderView {
  return {
    id: state.orderId,
    buyerId: state.buyerId,
    status: state.status,
    lines: state.lines.map((l) => ({ ...l, discount: l.discount ?? 0 })),
    subtotal: state.subtotal ?? state.total,
    discount: state.discount ? { code: state.discount.code, amount: state.discount.amount } : null,
    total: state.total,
    paymentMethod: state.paymentMethod,
    paymentId: state.paymentId,
    reason: state.reason,
    placedAt: state.placedAt,
    updatedAt: state.updatedAt,
    version: state.version,
  };
}

/** Whether `incoming` should replace `current` in the read model. */
export function supersedes(current: { version: number } | undefined, incoming: OrderView): boolean {
  return current === undefined || incoming.version > current.version;
}
