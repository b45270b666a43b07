/**
 * Orders as the orders API shows them, and the words a buyer reads about them. Pure and
 * browser-safe.
 * @module
 */
import type { Money } from "./catalog_types.ts";

/** Where an order is. */
export type OrderStatus =
  | "PENDING"
  | "RESERVING"
  | "AWAITING_PAYMENT"
  | "GRANTING"
  | "COMPLETED"
  | "CANCELLING"
  | "CANCELLED"
  | "FAILED"
  | "REFUNDING"
  | "REFUNDED";

/** One line of an order. */
export interface OrderLine {
  productId: string;
  title: string;
  type: string;
  creatorId: string;
  quantity: number;
  unitPrice: Money;
  /** Minor units a discount code took off the line's total (absent on older orders). */
  discount?: number;
  licenceKeys: string[];
}

/** An order as `GET /api/orders/{id}` shows it. */
export interface Order {
  id: string;
  status: OrderStatus;
  lines: OrderLine[];
  /** The lines' sum before the discount (absent on older orders). */
  subtotal?: Money;
  /** The discount code and what it took off (absent on older orders). */
  discount?: { code: string; amount: Money } | null;
  /** What is paid. */
  total: Money;
  paymentMethod: string;
  reason: { code: string; message: string } | null;
  placedAt: string;
  updatedAt: string;
  version: number;
}

/** Statuses an order never leaves. */
export const FINAL_STATUSES: readonly OrderStatus[] = [
  "COMPLETED",
  "CANCELLED",
  "FAILED",
  "REFUNDED",
];

/** Whether the order has ended. */
export const isFinal = (order: Pick<Order, "status">): boolean =>
  FINAL_STATUSES.includes(order.status);

const STATUS_LABELS: Record<OrderStatus, string> = {
  PENDING: "Placing your order…",
  RESERVING: "Reserving your items…",
  AWAITING_PAYMENT: "Processing your payment…",
  GRANTING: "Payment received. Adding your purchase to your library…",
  COMPLETED: "Complete",
  CANCELLING: "Cancelling…",
  CANCELLED: "Cancelled",
  FAILED: "Needs attention",
  REFUNDING: "Refunding your payment…",
  REFUNDED: "Refunded",
};

/** A short label for the order's status. */
export function statusLabel(status: OrderStatus): string {
  return STATUS_LABELS[status] ?? status;
}

const NOT_CHARGED = "You have not been charged.";

/** What to tell the buyer about how the order ended; null while it runs or when it completed. */
export function endMessage(order: Pick<Order, "status" | "reason">): string | null {
  if (order.status === "FAILED" && order.reason?.code === "refund_failed") {
    return "Your refund has not been confirmed by the payment provider yet. Our team has " +
      "been alerted and will make sure the money reaches you.";
  }
  if (order.status === "FAILED") {
    return "Something went wrong with this order and our team has been alerted. " +
      "If you were charged, it will be refunded.";
  }
  if (order.status === "REFUNDED") {
    return "This order was refunded and the purchase removed from your library.";
  }
  if (order.status !== "CANCELLED") return null;
  switch (order.reason?.code) {
    case "payment_declined":
      return declineMessage(order.reason.message);
    case "payment_timeout":
      return "We did not hear back from the payment provider in time, so the order was " +
        "cancelled. If a charge went through, it will be refunded.";
    case "sold_out":
      return `Sorry, an item sold out before we could reserve it for you. ${NOT_CHARGED}`;
    case "product_unavailable":
      return `An item in this order is no longer on sale. ${NOT_CHARGED}`;
    case "grant_failed":
      return "We could not add your purchase to your library, so your payment has been " +
        "refunded.";
    case "refunded":
      return "This order was cancelled and your payment refunded.";
    case "discount_unavailable":
      // The reason names the code and why (used up, expired, deactivated).
      return `${order.reason.message}. ${NOT_CHARGED} Your cart is kept: try again without it.`;
    default:
      return `This order was cancelled. ${NOT_CHARGED}`;
  }
}

/** The decline as the buyer reads it: the card's own reason when the provider gives one. */
function declineMessage(detail: string): string {
  const specific = /insufficient funds|expired|security code|processing/i.test(detail);
  return specific
    ? `${detail.replace(/\.?$/, ".")} ${NOT_CHARGED}`
    : `Your card was declined. ${NOT_CHARGED}`;
}

/** The order's units and lines as "2 items". */
export function itemCount(lines: readonly { quantity: number }[]): string {
  const n = lines.reduce((sum, l) => sum + l.quantity, 0);
  return `${n} ${n === 1 ? "item" : "items"}`;
}
