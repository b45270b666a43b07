/**
 * The checkout saga as pure functions. `place` starts an order; `decide` maps the saga's
 * state and one message to the next state, the events and commands to send and the timers
 * to set; `nextWork` names the HTTP step the state still owes. A reply for a step the
 * order is already past is ignored (`decide` returns null), so duplicates and late or
 * out-of-order replies change nothing. Undo steps are registered as their steps succeed
 * and run in reverse when a later step fails (a committed hold is returned). A completed
 * order is refunded by an admin's request or by the provider's report: the money goes back,
 * the entitlements are revoked, the seats it bought return to stock (licence keys do not:
 * the buyer has seen them), and the order ends REFUNDED. A refund not confirmed within
 * `refundTimeoutMs` ends the order FAILED `refund_failed`. An order with a discount code
 * redeems it first (a refused code cancels the order `discount_unavailable`; a cancelled
 * order releases it); an order whose total is 0 takes no payment.
 * @module
 */
import type { OrderEndReason, OrderLine } from "@marquee/contracts";
import type {
  Compensation,
  Decision,
  Outgoing,
  RefundProgress,
  SagaMessage,
  SagaState,
  TimerKind,
  TimerSpec,
  Work,
} from "./saga_types.ts";
import { TERMINAL } from "./saga_types.ts";
import { orderTotals } from "./pricing.ts";

export * from "./saga_types.ts";

/** Time and settings a decision depends on. */
export interface SagaContext {
  now: Date;
  /** How long the saga waits for the payment's outcome. */
  paymentTimeoutMs: number;
  /** How long a refund may take to be confirmed; {@linkcode REFUND_TIMEOUT_MS} when absent. */
  refundTimeoutMs?: number;
}

/** How long a refund may take to be confirmed by default: 15 minutes. */
export const REFUND_TIMEOUT_MS = 15 * 60_000;

/** What placing an order needs; hold ids are derived by the caller from order and product. */
export interface PlaceInput {
  orderId: string;
  buyerId: string;
  lines: OrderLine[];
  /** Empty when the order costs nothing. */
  paymentMethod: string;
  holds: Array<{ holdId: string; productId: string; quantity: number }>;
  /** The code whose shares the lines carry in `discount`; redeemed by the saga's first step. */
  discountCode?: string | null;
}

type Reason = OrderEndReason["code"];

/** What the order costs after discounts; every line must share one currency. */
export function orderTotal(lines: OrderLine[]): { amount: number; currency: string } {
  return orderTotals(lines).total;
}

/** A new order: PENDING, announced with `order.placed`. */
export function place(input: PlaceInput, ctx: SagaContext): Decision {
  const at = ctx.now.toISOString();
  const { subtotal, discount, total } = orderTotals(input.lines);
  const code = input.discountCode ?? null;
  const state: SagaState = {
    orderId: input.orderId,
    buyerId: input.buyerId,
    status: "PENDING",
    lines: input.lines,
    total,
    subtotal,
    discount: code ? { code, amount: discount, status: "requested" } : null,
    paymentMethod: input.paymentMethod,
    holds: input.holds.map((h) => ({ ...h, status: "requested" })),
    paymentId: null,
    compensations: [],
    undo: [],
    failures: [],
    lateRefunds: [],
    refund: null,
    reason: null,
    placedAt: at,
    updatedAt: at,
    version: 1,
  };
  return {
    state,
    outgoing: [{
      type: "order.placed",
      data: { ...ref(state), lines: state.lines, ...totals(state), placedAt: at },
    }],
    timers: { set: [], clear: [] },
  };
}

/** The next state and effects after `message`, or null when the message changes nothing. */
export function decide(
  state: SagaState,
  message: SagaMessage,
  ctx: SagaContext,
): Decision | null {
  const s = state.status;
  switch (message.type) {
    case "start": {
      if (s !== "PENDING") return null;
      if (state.holds.length > 0 || state.discount?.status === "requested") {
        return result(bump(state, { status: "RESERVING" }, ctx));
      }
      return requestPayment(state, ctx);
    }
    case "discount.redeemed": {
      const discount = state.discount;
      if (s !== "RESERVING" || discount?.status !== "requested") return null;
      const next = bump(state, {
        discount: { ...discount, status: "redeemed" },
        compensations: [...state.compensations, { kind: "release_discount" }],
      }, ctx);
      const expected = new Map(state.lines.map((l) => [l.productId, l.discount ?? 0]));
      const same = message.lines.length === state.lines.length &&
        message.lines.every((l) => expected.get(l.productId) === l.discount);
      if (!same) {
        const text = `The discount of code "${discount.code}" changed; place the order again`;
        return compensate(next, "discount_unavailable", text, ctx, []);
      }
      return next.holds.length === 0 ? requestPayment(next, ctx, false) : result(next);
    }
    case "discount.refused": {
      if (s !== "RESERVING" || state.discount?.status !== "requested") return null;
      return compensate(state, "discount_unavailable", message.message, ctx, []);
    }
    case "discount.released":
    case "discount.release_failed": {
      const index = state.undo.findIndex((c) => c.kind === "release_discount");
      if (s !== "CANCELLING" || index < 0 || !state.discount) return null;
      const released = message.type === "discount.released";
      const next = bump(state, {
        undo: state.undo.filter((_, i) => i !== index),
        discount: released ? { ...state.discount, status: "released" } : state.discount,
        failures: released
          ? state.failures
          : [...state.failures, `Discount "${state.discount.code}": ${message.message}`],
      }, ctx);
      return runUndo(next, [], ctx);
    }
    case "hold.reserved": {
      const hold = state.holds.find((h) => h.holdId === message.holdId);
      if (s !== "RESERVING" || hold?.status !== "requested") return null;
      const next = bump(state, {
        holds: setHold(state, message.holdId, "held"),
        compensations: [...state.compensations, { kind: "release_hold", holdId: hold.holdId }],
      }, ctx);
      return next.holds.every((h) => h.status === "held") && !owesRedemption(next)
        ? requestPayment(next, ctx, false)
        : result(next);
    }
    case "hold.refused": {
      const hold = state.holds.find((h) => h.holdId === message.holdId);
      if (s !== "RESERVING" || hold?.status !== "requested") return null;
      return compensate(state, message.code, message.message, ctx);
    }
    case "payment.succeeded":
      return paymentSucceeded(state, message.paymentId, ctx);
    case "payment.failed": {
      if (s !== "AWAITING_PAYMENT") return null;
      return compensate(state, "payment_declined", paymentFailedText(message), ctx, [
        "payment_timeout",
      ]);
    }
    case "timer": {
      if (message.kind === "refund_timeout") return refundTimedOut(state, ctx);
      if (message.kind !== "payment_timeout" || s !== "AWAITING_PAYMENT") return null;
      return compensate(state, "payment_timeout", "The payment took too long to confirm", ctx);
    }
    case "hold.committed": {
      const hold = state.holds.find((h) => h.holdId === message.holdId);
      if (s !== "GRANTING" || hold?.status !== "held") return null;
      const next = bump(state, {
        holds: setHold(state, hold.holdId, "committed"),
        lines: state.lines.map((l) =>
          l.productId === hold.productId ? { ...l, licenceKeys: message.licenceKeys } : l
        ),
        // A committed sale is undone by returning its units, no longer by a release.
        compensations: [
          ...state.compensations.filter((c) =>
            !(c.kind === "release_hold" && c.holdId === hold.holdId)
          ),
          { kind: "return_hold", holdId: hold.holdId },
        ],
      }, ctx);
      return next.holds.every((h) => h.status === "committed")
        ? result(next, [grant(next)])
        : result(next);
    }
    case "hold.commit_failed": {
      const hold = state.holds.find((h) => h.holdId === message.holdId);
      if (s !== "GRANTING" || hold?.status !== "held") return null;
      return compensate(state, "sold_out", "The reserved units expired before payment", ctx);
    }
    case "entitlement.granted": {
      if (s !== "GRANTING" || !state.holds.every((h) => h.status === "committed")) return null;
      const next = bump(state, { status: "COMPLETED", compensations: [] }, ctx);
      return result(next, [{
        type: "order.completed",
        data: {
          ...ref(next),
          lines: next.lines,
          ...totals(next),
          paymentId: next.paymentId ?? "",
          completedAt: next.updatedAt,
        },
      }]);
    }
    case "entitlement.grant_failed": {
      if (s !== "GRANTING" || !state.holds.every((h) => h.status === "committed")) return null;
      return compensate(state, "grant_failed", "Access could not be granted", ctx);
    }
    case "hold.released":
    case "hold.release_failed": {
      const index = state.undo.findIndex((c) =>
        c.kind === "release_hold" && c.holdId === message.holdId
      );
      if (s !== "CANCELLING" || index < 0) return null;
      const next = bump(state, {
        undo: state.undo.filter((_, i) => i !== index),
        holds: message.type === "hold.released"
          ? setHold(state, message.holdId, "released")
          : state.holds,
        failures: message.type === "hold.release_failed"
          ? [...state.failures, `Hold "${message.holdId}": ${message.message}`]
          : state.failures,
      }, ctx);
      return runUndo(next, [], ctx);
    }
    case "hold.returned":
    case "hold.return_failed": {
      const index = state.undo.findIndex((c) =>
        c.kind === "return_hold" && c.holdId === message.holdId
      );
      const refunding = s === "REFUNDING";
      if ((s !== "CANCELLING" && !refunding) || index < 0) return null;
      const hold = state.holds.find((h) => h.holdId === message.holdId);
      const returned = message.type === "hold.returned";
      const next = bump(state, {
        undo: state.undo.filter((_, i) => i !== index),
        holds: returned ? setHold(state, message.holdId, "returned") : state.holds,
        // Keys of a cancelled sale go back to the pool: the buyer never held them. A
        // refunded order keeps its keys on record: the buyer has seen them.
        lines: returned && !refunding
          ? state.lines.map((l) => l.productId === hold?.productId ? { ...l, licenceKeys: [] } : l)
          : state.lines,
        failures: returned
          ? state.failures
          : [...state.failures, `Hold "${message.holdId}": ${message.message}`],
      }, ctx);
      return refunding ? finishRefund(next) : runUndo(next, [], ctx);
    }
    case "refund.requested": {
      if (s !== "COMPLETED" || state.paymentId === null) return null;
      return startRefund(state, {
        reason: message.reason,
        requestedBy: message.requestedBy,
        refunded: false,
        revoked: false,
      }, ctx);
    }
    case "payment.refunded": {
      if (message.paymentId !== state.paymentId) return null;
      // The provider refunded a completed order (a dashboard refund, a dispute): take access back.
      if (s === "COMPLETED") {
        return startRefund(state, {
          reason: "The payment was refunded",
          requestedBy: null,
          refunded: true,
          revoked: false,
        }, ctx);
      }
      const refund = state.refund;
      if (s !== "REFUNDING" || !refund || refund.refunded) return null;
      return refundProgress(state, { ...refund, refunded: true }, ctx);
    }
    case "entitlement.revoked": {
      const refund = state.refund;
      if (s !== "REFUNDING" || !refund || refund.revoked) return null;
      return refundProgress(state, { ...refund, revoked: true }, ctx);
    }
    default: {
      const never: never = message;
      throw new Error(`Unknown saga message ${JSON.stringify(never)}`);
    }
  }
}

/** The HTTP step the saga waits for in its current state, one at a time; null when none. */
export function nextWork(state: SagaState): Work | null {
  switch (state.status) {
    case "PENDING":
      return { kind: "start" };
    case "RESERVING": {
      // The code first: a refused code then holds no stock.
      if (owesRedemption(state)) {
        return { kind: "redeem", discount: state.discount!, lines: state.lines };
      }
      const hold = state.holds.find((h) => h.status === "requested");
      return hold ? { kind: "reserve", hold } : null;
    }
    case "GRANTING": {
      const hold = state.holds.find((h) => h.status === "held");
      return hold ? { kind: "commit", hold } : null;
    }
    case "CANCELLING":
    case "REFUNDING": {
      const first = state.undo[0];
      if (first?.kind === "release_hold") return { kind: "release", holdId: first.holdId };
      if (first?.kind === "return_hold") return { kind: "return", holdId: first.holdId };
      if (first?.kind === "release_discount") return { kind: "release_discount" };
      return null;
    }
    case "AWAITING_PAYMENT":
    case "COMPLETED":
    case "CANCELLED":
    case "FAILED":
    case "REFUNDED":
      return null;
    default: {
      const never: never = state.status;
      throw new Error(`Unknown saga status "${never}"`);
    }
  }
}

/** Whether the saga has ended. */
export function isTerminal(state: SagaState): boolean {
  return TERMINAL.includes(state.status);
}

function ref(state: SagaState) {
  return { orderId: state.orderId, buyerId: state.buyerId };
}

/** The totals an order event carries: what is paid, before discounts, and the discount. */
function totals(state: SagaState) {
  const discount = state.discount;
  return {
    total: state.total,
    subtotal: state.subtotal ?? state.total,
    discount: discount ? { code: discount.code, amount: discount.amount } : null,
  };
}

/** Whether the order's code still waits to be redeemed. */
function owesRedemption(state: SagaState): boolean {
  return state.discount?.status === "requested";
}

function bump(state: SagaState, patch: Partial<SagaState>, ctx: SagaContext): SagaState {
  return { ...state, ...patch, updatedAt: ctx.now.toISOString(), version: state.version + 1 };
}

function result(
  state: SagaState,
  outgoing: Outgoing[] = [],
  timers: { set?: TimerSpec[]; clear?: TimerKind[] } = {},
): Decision {
  return { state, outgoing, timers: { set: timers.set ?? [], clear: timers.clear ?? [] } };
}

function setHold(state: SagaState, holdId: string, status: SagaState["holds"][number]["status"]) {
  return state.holds.map((h) => h.holdId === holdId ? { ...h, status } : h);
}

function grant(state: SagaState): Outgoing {
  return { type: "entitlement.grant", data: { ...ref(state), lines: state.lines } };
}

function paymentFailedText(message: { code: string; message: string }): string {
  return message.message || `The payment was declined (${message.code})`;
}

/**
 * Asks for the payment and starts its timeout. An order that costs nothing takes no
 * payment: it goes straight on to commit its holds and grant access.
 */
function requestPayment(state: SagaState, ctx: SagaContext, fresh = true): Decision {
  if (state.total.amount === 0) {
    const free = fresh ? bump(state, { status: "GRANTING" }, ctx) : {
      ...state,
      status: "GRANTING" as const,
    };
    return result(free, free.holds.length === 0 ? [grant(free)] : []);
  }
  const next = fresh ? bump(state, { status: "AWAITING_PAYMENT" }, ctx) : {
    ...state,
    status: "AWAITING_PAYMENT" as const,
  };
  const dueAt = new Date(ctx.now.getTime() + ctx.paymentTimeoutMs).toISOString();
  return result(next, [{
    type: "payment.capture",
    data: {
      ...ref(next),
      amount: next.total,
      paymentMethod: next.paymentMethod,
      idempotencyKey: `order-${next.orderId}`,
    },
  }], { set: [{ kind: "payment_timeout", dueAt }] });
}

function paymentSucceeded(state: SagaState, paymentId: string, ctx: SagaContext): Decision | null {
  if (state.status === "AWAITING_PAYMENT") {
    const next = bump(state, {
      status: "GRANTING",
      paymentId,
      compensations: [...state.compensations, { kind: "refund", paymentId }],
    }, ctx);
    const outgoing = next.holds.length === 0 ? [grant(next)] : [];
    return result(next, outgoing, { clear: ["payment_timeout"] });
  }
  if (state.paymentId === paymentId || state.lateRefunds.includes(paymentId)) return null;
  // Money taken for an order that has moved on (timed out, declined, paid twice) goes back.
  const next = bump(state, { lateRefunds: [...state.lateRefunds, paymentId] }, ctx);
  return result(next, [{
    type: "payment.refund",
    data: { ...ref(state), paymentId, reason: "The order had already ended" },
  }]);
}

/**
 * A completed order starts its refund: the money goes back (unless the provider already
 * reported it) and the entitlements are revoked, both at once, within the refund's deadline.
 */
function startRefund(state: SagaState, refund: RefundProgress, ctx: SagaContext): Decision {
  const next = bump(state, { status: "REFUNDING", refund, undo: [] }, ctx);
  const outgoing: Outgoing[] = [];
  if (!refund.refunded) {
    outgoing.push({
      type: "payment.refund",
      data: { ...ref(state), paymentId: state.paymentId ?? "", reason: refund.reason },
    });
  }
  outgoing.push({ type: "entitlement.revoke", data: { ...ref(state), reason: refund.reason } });
  const dueAt = new Date(ctx.now.getTime() + (ctx.refundTimeoutMs ?? REFUND_TIMEOUT_MS));
  return result(next, outgoing, { set: [{ kind: "refund_timeout", dueAt: dueAt.toISOString() }] });
}

/**
 * Records one half of a refund. Once money and access are both back the deadline is off,
 * and the committed seats (not licence keys) are given back to stock, one at a time.
 */
function refundProgress(state: SagaState, refund: RefundProgress, ctx: SagaContext): Decision {
  if (!(refund.refunded && refund.revoked)) return result(bump(state, { refund }, ctx));
  const software = new Set(
    state.lines.filter((l) => l.type === "software").map((l) => l.productId),
  );
  const undo: Compensation[] = state.holds
    .filter((h) => h.status === "committed" && !software.has(h.productId))
    .map((h) => ({ kind: "return_hold", holdId: h.holdId }));
  const next = finishRefund(bump(state, { refund, undo }, ctx));
  return { ...next, timers: { set: [], clear: ["refund_timeout"] } };
}

/** Ends a refund whose money and access are back once no seat is left to give back. */
function finishRefund(state: SagaState): Decision {
  if (state.undo.length > 0) return result(state);
  const reason = state.refund?.reason ?? "Refunded";
  return result({ ...state, status: "REFUNDED", reason: { code: "refunded", message: reason } });
}

/** A refund whose money or access is still not back at its deadline: FAILED, for a person. */
function refundTimedOut(state: SagaState, ctx: SagaContext): Decision | null {
  const refund = state.refund;
  if (state.status !== "REFUNDING" || !refund || (refund.refunded && refund.revoked)) return null;
  const missing = [
    refund.refunded ? null : "the payment provider did not confirm the refund",
    refund.revoked ? null : "access was not confirmed revoked",
  ].filter((m) => m !== null).join(" and ");
  const minutes = Math.round((ctx.refundTimeoutMs ?? REFUND_TIMEOUT_MS) / 60_000);
  const within = minutes >= 1 ? `${minutes} min` : `${ctx.refundTimeoutMs} ms`;
  return result(bump(state, {
    status: "FAILED",
    reason: {
      code: "refund_failed",
      message: `The refund was not completed within ${within}: ${missing}; it needs a manual check`,
    },
    failures: [...state.failures, `Refund: ${missing}`],
  }, ctx));
}

/** Starts running the registered undo steps in reverse, ending the order with `code`. */
function compensate(
  state: SagaState,
  code: Reason,
  message: string,
  ctx: SagaContext,
  clear: TimerKind[] = ["payment_timeout"],
): Decision {
  // Holds whose answer never came may exist at the catalog: release them too (last).
  const unconfirmed: Compensation[] = state.holds
    .filter((h) => h.status === "requested")
    .map((h): Compensation => ({ kind: "release_hold", holdId: h.holdId }))
    .concat(
      owesRedemption(state) && code !== "discount_unavailable"
        ? [{ kind: "release_discount" }]
        : [],
    );
  const next = bump(state, {
    status: "CANCELLING",
    reason: { code, message },
    undo: [...state.compensations].reverse().concat(unconfirmed),
    compensations: [],
  }, ctx);
  return runUndo(next, [], ctx, clear);
}

/** Runs undo steps that are only messages (refunds) up to the next HTTP step; ends when done. */
function runUndo(
  state: SagaState,
  outgoing: Outgoing[],
  _ctx: SagaContext,
  clear: TimerKind[] = [],
): Decision {
  const undo = [...state.undo];
  const sent = [...outgoing];
  while (undo[0]?.kind === "refund") {
    const step = undo.shift() as { kind: "refund"; paymentId: string };
    sent.push({
      type: "payment.refund",
      data: { ...ref(state), paymentId: step.paymentId, reason: state.reason?.code ?? "cancelled" },
    });
  }
  if (undo.length > 0) return result({ ...state, undo }, sent, { clear });
  const ended: SagaState = {
    ...state,
    undo,
    status: state.failures.length > 0 ? "FAILED" : "CANCELLED",
  };
  sent.push({
    type: "order.cancelled",
    data: {
      ...ref(ended),
      total: ended.total,
      reason: ended.reason ?? { code: "product_unavailable", message: "Cancelled" },
      cancelledAt: ended.updatedAt,
    },
  });
  return result(ended, sent, { clear });
}
