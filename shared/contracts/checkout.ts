/**
 * The checkout saga's messages. The orders service orchestrates: it sends commands
 * (imperative: `payment.capture`) to payments and subscriptions, and they answer with
 * events (past tense: `payment.succeeded`). Everything is keyed by order id, so one
 * order's messages stay in order on one partition.
 * @module
 */
import { z } from "zod";
import { defineEvent } from "@marquee/events";
import { Money, ProductType } from "./catalog.ts";
import { TOPICS } from "./topics.ts";

const OrderId = z.string().uuid();
const UserId = z.string().uuid();
const ProductId = z.string().uuid();

/** One line of an order, priced when the order was placed. */
export const OrderLine = z.object({
  productId: ProductId,
  title: z.string(),
  type: ProductType,
  creatorId: z.string(),
  quantity: z.number().int().positive(),
  /** The unit price paid: the catalog's price, or the buyer's amount for pay-what-you-want. */
  unitPrice: Money,
  /** Minor units a discount code took off this line's total (`unitPrice` × `quantity`); 0 when absent. */
  discount: z.number().int().nonnegative().optional(),
  /** Licence keys the catalog assigned when the hold was committed (software). */
  licenceKeys: z.array(z.string()).default([]),
});
export type OrderLine = z.infer<typeof OrderLine>;

/** Why an order did not complete, in words a buyer can read. */
export const OrderEndReason = z.object({
  code: z.enum([
    "sold_out",
    "payment_declined",
    "payment_timeout",
    "product_unavailable",
    "grant_failed",
    "refunded",
    /** A refund was not confirmed in time; the order needs a person to look at it. */
    "refund_failed",
    /** The discount code could not be redeemed (used up, expired, deactivated). */
    "discount_unavailable",
  ]),
  message: z.string(),
});
export type OrderEndReason = z.infer<typeof OrderEndReason>;

const OrderRef = { orderId: OrderId, buyerId: UserId };

/** A discount code applied to an order: its text and the amount it took off in all. */
export const OrderDiscount = z.object({ code: z.string(), amount: Money });
export type OrderDiscount = z.infer<typeof OrderDiscount>;

/** Totals of an order: `total` = `subtotal` − `discount.amount` (absent on older orders). */
const Totals = {
  total: Money,
  subtotal: Money.optional(),
  discount: OrderDiscount.nullable().optional(),
};

/** A buyer placed an order (status PENDING). */
export const OrderPlaced = defineEvent({
  type: "order.placed",
  version: 1,
  topic: TOPICS.orders,
  schema: z.object({
    ...OrderRef,
    lines: z.array(OrderLine),
    ...Totals,
    placedAt: z.string().datetime(),
  }),
  subject: (d) => d.orderId,
});

/** Every step succeeded: the buyer owns what they bought. */
export const OrderCompleted = defineEvent({
  type: "order.completed",
  version: 1,
  topic: TOPICS.orders,
  schema: z.object({
    ...OrderRef,
    lines: z.array(OrderLine),
    ...Totals,
    paymentId: z.string(),
    completedAt: z.string().datetime(),
  }),
  subject: (d) => d.orderId,
});

/** The order ended without a sale; compensations (refund, release) have run. */
export const OrderCancelled = defineEvent({
  type: "order.cancelled",
  version: 1,
  topic: TOPICS.orders,
  schema: z.object({
    ...OrderRef,
    total: Money,
    reason: OrderEndReason,
    cancelledAt: z.string().datetime(),
  }),
  subject: (d) => d.orderId,
});

/** Command: take the order's payment. Idempotent by order id. */
export const CapturePayment = defineEvent({
  type: "payment.capture",
  version: 1,
  topic: TOPICS.paymentCommands,
  schema: z.object({
    ...OrderRef,
    amount: Money,
    /** A provider payment method id: `pm_card_visa`, `pm_card_chargeDeclined`, ... */
    paymentMethod: z.string().min(1),
    /** Derived from the order id; the provider de-duplicates on it. */
    idempotencyKey: z.string().min(1),
  }),
  subject: (d) => d.orderId,
});

/** Command: give the money back. Idempotent by order id. */
export const RefundPayment = defineEvent({
  type: "payment.refund",
  version: 1,
  topic: TOPICS.paymentCommands,
  schema: z.object({ ...OrderRef, paymentId: z.string(), reason: z.string() }),
  subject: (d) => d.orderId,
});

/** The provider confirmed the payment. */
export const PaymentSucceeded = defineEvent({
  type: "payment.succeeded",
  version: 1,
  topic: TOPICS.payments,
  schema: z.object({
    ...OrderRef,
    paymentId: z.string(),
    amount: Money,
    succeededAt: z.string().datetime(),
  }),
  subject: (d) => d.orderId,
});

/** The provider refused or the payment could not be made. */
export const PaymentFailed = defineEvent({
  type: "payment.failed",
  version: 1,
  topic: TOPICS.payments,
  schema: z.object({
    ...OrderRef,
    paymentId: z.string().nullable(),
    /** Provider decline code when there is one (`card_declined`, `insufficient_funds`). */
    code: z.string(),
    message: z.string(),
    failedAt: z.string().datetime(),
  }),
  subject: (d) => d.orderId,
});

/** The money went back to the buyer. */
export const PaymentRefunded = defineEvent({
  type: "payment.refunded",
  version: 1,
  topic: TOPICS.payments,
  schema: z.object({
    ...OrderRef,
    paymentId: z.string(),
    refundId: z.string(),
    amount: Money,
    refundedAt: z.string().datetime(),
  }),
  subject: (d) => d.orderId,
});

/** Command: grant the buyer access to the order's products. Idempotent by order id. */
export const GrantEntitlements = defineEvent({
  type: "entitlement.grant",
  version: 1,
  topic: TOPICS.entitlementCommands,
  schema: z.object({ ...OrderRef, lines: z.array(OrderLine) }),
  subject: (d) => d.orderId,
});

/** Command: take back what an order granted (after a refund). */
export const RevokeEntitlements = defineEvent({
  type: "entitlement.revoke",
  version: 1,
  topic: TOPICS.entitlementCommands,
  schema: z.object({ ...OrderRef, reason: z.string() }),
  subject: (d) => d.orderId,
});

/** The buyer now has access. */
export const EntitlementsGranted = defineEvent({
  type: "entitlement.granted",
  version: 1,
  topic: TOPICS.entitlements,
  schema: z.object({
    ...OrderRef,
    entitlements: z.array(z.object({ entitlementId: z.string().uuid(), productId: ProductId })),
    grantedAt: z.string().datetime(),
  }),
  subject: (d) => d.orderId,
});

/** Access could not be granted (the saga compensates). */
export const EntitlementsGrantFailed = defineEvent({
  type: "entitlement.grant_failed",
  version: 1,
  topic: TOPICS.entitlements,
  schema: z.object({ ...OrderRef, message: z.string(), failedAt: z.string().datetime() }),
  subject: (d) => d.orderId,
});

/** Access an order granted was taken back. */
export const EntitlementsRevoked = defineEvent({
  type: "entitlement.revoked",
  version: 1,
  topic: TOPICS.entitlements,
  schema: z.object({
    ...OrderRef,
    productIds: z.array(ProductId),
    reason: z.string(),
    revokedAt: z.string().datetime(),
  }),
  subject: (d) => d.orderId,
});
