/**
 * The checkout saga's state, the messages it reacts to and the decisions it makes. Pure
 * data: the executor persists the state and carries out the decisions.
 * @module
 */
import type { z } from "zod";
import type {
  CapturePayment,
  GrantEntitlements,
  Money,
  OrderCancelled,
  OrderCompleted,
  OrderEndReason,
  OrderLine,
  OrderPlaced,
  RefundPayment,
  RevokeEntitlements,
} from "@marquee/contracts";

/** Where an order's saga is. */
export const SAGA_STATUSES = [
  "PENDING",
  "RESERVING",
  "AWAITING_PAYMENT",
  "GRANTING",
  "COMPLETED",
  "CANCELLING",
  "CANCELLED",
  "FAILED",
  "REFUNDING",
  "REFUNDED",
] as const;
/** Where an order's saga is. */
export type SagaStatus = typeof SAGA_STATUSES[number];

/** Statuses a saga never leaves. */
export const TERMINAL: readonly SagaStatus[] = ["COMPLETED", "CANCELLED", "FAILED", "REFUNDED"];

/** A stock hold the saga asked the catalog for. */
export interface HoldStep {
  holdId: string;
  productId: string;
  quantity: number;
  status: "requested" | "held" | "committed" | "released" | "returned";
}

/** An undo step, registered when the step it undoes succeeded. */
export type Compensation =
  | { kind: "release_hold"; holdId: string }
  /** Gives a committed hold's units back to the catalog (the sale is undone). */
  | { kind: "return_hold"; holdId: string }
  | { kind: "refund"; paymentId: string }
  /** Gives the order's use of its discount code back. */
  | { kind: "release_discount" };

/** A discount code on an order: asked for at placement, redeemed by the saga's first step. */
export interface SagaDiscount {
  code: string;
  /** What it takes off in all (the lines carry their shares). */
  amount: Money;
  status: "requested" | "redeemed" | "released";
}

/** A completed order being refunded: the money goes back and the access is taken back. */
export interface RefundProgress {
  reason: string;
  /** Who asked (an admin's user id), or null when the provider reported the refund. */
  requestedBy: string | null;
  /** `payment.refunded` arrived. */
  refunded: boolean;
  /** `entitlement.revoked` arrived. */
  revoked: boolean;
}

/** The saga's persisted state: the write side of an order. */
export interface SagaState {
  orderId: string;
  buyerId: string;
  status: SagaStatus;
  lines: OrderLine[];
  /** What is paid: `subtotal` − the discount. */
  total: Money;
  /** The lines' sum before any discount (absent on older states: then `total`). */
  subtotal?: Money;
  /** The order's discount code (absent on older states). */
  discount?: SagaDiscount | null;
  /** A provider payment method id; empty for an order that costs nothing. */
  paymentMethod: string;
  holds: HoldStep[];
  paymentId: string | null;
  /** Undo steps in the order their steps succeeded. */
  compensations: Compensation[];
  /**
   * Undo steps still to run, in run order (the registered ones reversed); while REFUNDING,
   * the seats to give back once the money and the access are back.
   */
  undo: Compensation[];
  /** Undo steps that could not run; the order ends FAILED. */
  failures: string[];
  /** Payments refunded because they arrived after the order had ended. */
  lateRefunds: string[];
  reason: OrderEndReason | null;
  /** Set once a completed order starts being refunded (absent on older states). */
  refund?: RefundProgress | null;
  placedAt: string;
  updatedAt: string;
  /** Bumped on every change; orders the read model's updates. */
  version: number;
}

/** Timers the saga sets; the executor stores them durably. */
export type TimerKind = "payment_timeout" | "refund_timeout";

/** A timer to set. */
export interface TimerSpec {
  kind: TimerKind;
  dueAt: string;
}

/** Messages the saga reacts to: replies on the bus, results of HTTP steps, timers. */
export type SagaMessage =
  | { type: "start" }
  | { type: "hold.reserved"; holdId: string }
  | { type: "discount.redeemed"; lines: Array<{ productId: string; discount: number }> }
  | { type: "discount.refused"; message: string }
  | { type: "discount.released" }
  | { type: "discount.release_failed"; message: string }
  | {
    type: "hold.refused";
    holdId: string;
    code: "sold_out" | "product_unavailable";
    message: string;
  }
  | { type: "hold.committed"; holdId: string; licenceKeys: string[] }
  | { type: "hold.commit_failed"; holdId: string; message: string }
  | { type: "hold.released"; holdId: string }
  | { type: "hold.release_failed"; holdId: string; message: string }
  | { type: "payment.succeeded"; paymentId: string }
  | { type: "payment.failed"; code: string; message: string }
  | { type: "payment.refunded"; paymentId: string }
  | { type: "hold.returned"; holdId: string }
  | { type: "hold.return_failed"; holdId: string; message: string }
  | { type: "refund.requested"; reason: string; requestedBy: string }
  | { type: "entitlement.revoked" }
  | { type: "entitlement.granted" }
  | { type: "entitlement.grant_failed"; message: string }
  | { type: "timer"; kind: TimerKind };

/** A message for the outbox: an order event or a command, typed by the contract. */
export type Outgoing =
  | { type: "order.placed"; data: z.input<typeof OrderPlaced.schema> }
  | { type: "order.completed"; data: z.input<typeof OrderCompleted.schema> }
  | { type: "order.cancelled"; data: z.input<typeof OrderCancelled.schema> }
  | { type: "payment.capture"; data: z.input<typeof CapturePayment.schema> }
  | { type: "payment.refund"; data: z.input<typeof RefundPayment.schema> }
  | { type: "entitlement.grant"; data: z.input<typeof GrantEntitlements.schema> }
  | { type: "entitlement.revoke"; data: z.input<typeof RevokeEntitlements.schema> };

/** What the saga decided: the next state, what to send, which timers to set and clear. */
export interface Decision {
  state: SagaState;
  outgoing: Outgoing[];
  timers: { set: TimerSpec[]; clear: TimerKind[] };
}

/** An HTTP step the executor owes a saga in its current state. */
export type Work =
  | { kind: "start" }
  | { kind: "redeem"; discount: SagaDiscount; lines: OrderLine[] }
  | { kind: "release_discount" }
  | { kind: "reserve"; hold: HoldStep }
  | { kind: "commit"; hold: HoldStep }
  | { kind: "release"; holdId: string }
  | { kind: "return"; holdId: string };
