/**
 * One order's payment as a state machine. `decide(command, state)` answers with the events
 * a command causes, `evolve(state, event)` applies one. A payment only moves forward
 * (pending → succeeded | failed, succeeded → refunded), so every outcome is decided once
 * however often and in whatever order commands and provider notifications arrive.
 * Pure: ids and times come in with the commands.
 * @module
 */
import type { Money } from "@marquee/contracts";

/** Where a payment stands. */
export type PaymentStatus = "pending" | "succeeded" | "failed" | "refunded";

/** Why a payment failed: the provider's decline code and a sentence for the buyer. */
export interface Failure {
  code: string;
  message: string;
}

/** The one payment of an order. */
export interface Payment {
  id: string;
  orderId: string;
  buyerId: string;
  amount: Money;
  status: PaymentStatus;
  provider: string;
  providerPaymentId: string | null;
  refundId: string | null;
  failure: Failure | null;
  createdAt: Date;
  updatedAt: Date;
  succeededAt: Date | null;
  failedAt: Date | null;
  refundedAt: Date | null;
}

/** An order's payment, or `null` before the first charge. */
export type PaymentState = Payment | null;

/** What the provider answered to a charge. */
export type ChargeOutcome =
  | { status: "succeeded"; providerPaymentId: string }
  /**
   * Accepted but not final (processing, or waiting for the buyer to authenticate — then
   * with the secret the buyer's browser needs to do so): a webhook settles it later.
   */
  | { status: "pending"; providerPaymentId: string; clientSecret?: string }
  | { status: "failed"; providerPaymentId: string | null; code: string; message: string };

/** What a provider notification (webhook) says has happened to a payment. */
export type Observation =
  | { status: "succeeded" }
  | { status: "failed"; code: string; message: string }
  | { status: "refunded"; refundId: string };

/** Commands the payment accepts. */
export type PaymentCommand =
  | {
    type: "record_charge";
    paymentId: string;
    orderId: string;
    buyerId: string;
    amount: Money;
    provider: string;
    outcome: ChargeOutcome;
    at: Date;
  }
  | { type: "record_refund"; refundId: string; at: Date }
  | { type: "observe"; observed: Observation; at: Date };

/** Events of a payment; all but `started` are outcomes the saga hears of. */
export type PaymentEvent =
  | {
    type: "started";
    paymentId: string;
    orderId: string;
    buyerId: string;
    amount: Money;
    provider: string;
    providerPaymentId: string | null;
    at: Date;
  }
  | { type: "succeeded"; providerPaymentId: string | null; at: Date }
  | { type: "failed"; providerPaymentId: string | null; failure: Failure; at: Date }
  | { type: "refunded"; refundId: string; at: Date };

/** Whether to call the provider for a capture, and why not. */
export type CapturePlan = { kind: "charge" } | { kind: "skip"; reason: string };

/** Whether to call the provider for a refund, and why not. */
export type RefundPlan =
  | { kind: "refund"; payment: Payment & { providerPaymentId: string } }
  | { kind: "skip"; reason: string };

/**
 * A capture charges only an order that has no payment yet: a repeated capture (a
 * redelivery with a new event id, a retry by the saga) never charges twice. Its outcome was
 * already enqueued once, and the outbox delivers it, so nothing is emitted again.
 */
export function planCapture(state: PaymentState, amount: Money): CapturePlan {
  if (!state) return { kind: "charge" };
  const same = state.amount.amount === amount.amount && state.amount.currency === amount.currency;
  const was = `Order "${state.orderId}" already has a ${state.status} payment`;
  return { kind: "skip", reason: same ? was : `${was} of another amount` };
}

/** A refund calls the provider only for a succeeded payment; a refunded one was answered. */
export function planRefund(state: PaymentState): RefundPlan {
  if (!state) return { kind: "skip", reason: "No payment to refund" };
  if (state.status === "succeeded" && state.providerPaymentId !== null) {
    return { kind: "refund", payment: { ...state, providerPaymentId: state.providerPaymentId } };
  }
  return { kind: "skip", reason: `Payment "${state.id}" is ${state.status}` };
}

/** The events `command` causes in `state`; none when it would move the payment backward. */
export function decide(command: PaymentCommand, state: PaymentState): PaymentEvent[] {
  switch (command.type) {
    case "record_charge": {
      if (state) return []; // the first answer for an order is the one that counts
      const { outcome, at } = command;
      const started: PaymentEvent = {
        type: "started",
        paymentId: command.paymentId,
        orderId: command.orderId,
        buyerId: command.buyerId,
        amount: command.amount,
        provider: command.provider,
        providerPaymentId: outcome.providerPaymentId,
        at,
      };
      switch (outcome.status) {
        case "pending":
          return [started];
        case "succeeded":
          return [started, { type: "succeeded", providerPaymentId: outcome.providerPaymentId, at }];
        case "failed":
          return [started, {
            type: "failed",
            providerPaymentId: outcome.providerPaymentId,
            failure: { code: outcome.code, message: outcome.message },
            at,
          }];
        default: {
          const never: never = outcome;
          throw new Error(`Unknown charge outcome ${JSON.stringify(never)}`);
        }
      }
    }
    case "record_refund":
      return state?.status === "succeeded"
        ? [{ type: "refunded", refundId: command.refundId, at: command.at }]
        : [];
    case "observe":
      return observe(command.observed, state, command.at);
    default: {
      const never: never = command;
      throw new Error(`Unknown command ${JSON.stringify(never)}`);
    }
  }
}

function observe(observed: Observation, state: PaymentState, at: Date): PaymentEvent[] {
  if (!state) return [];
  const id = state.providerPaymentId;
  switch (observed.status) {
    case "succeeded":
      return state.status === "pending" ? [{ type: "succeeded", providerPaymentId: id, at }] : [];
    case "failed":
      return state.status === "pending"
        ? [{
          type: "failed",
          providerPaymentId: id,
          failure: { code: observed.code, message: observed.message },
          at,
        }]
        : [];
    case "refunded": {
      const refunded: PaymentEvent = { type: "refunded", refundId: observed.refundId, at };
      // Money can only come back after it was taken: a refund proves the charge succeeded.
      if (state.status === "pending") {
        return [{ type: "succeeded", providerPaymentId: id, at }, refunded];
      }
      return state.status === "succeeded" ? [refunded] : [];
    }
    default: {
      const never: never = observed;
      throw new Error(`Unknown observation ${JSON.stringify(never)}`);
    }
  }
}

/** The state after `event`. */
export function evolve(state: PaymentState, event: PaymentEvent): PaymentState {
  if (event.type === "started") {
    return {
      id: event.paymentId,
      orderId: event.orderId,
      buyerId: event.buyerId,
      amount: event.amount,
      status: "pending",
      provider: event.provider,
      providerPaymentId: event.providerPaymentId,
      refundId: null,
      failure: null,
      createdAt: event.at,
      updatedAt: event.at,
      succeededAt: null,
      failedAt: null,
      refundedAt: null,
    };
  }
  if (!state) throw new Error(`Event "${event.type}" before the payment started`);
  switch (event.type) {
    case "succeeded":
      return {
        ...state,
        status: "succeeded",
        providerPaymentId: event.providerPaymentId ?? state.providerPaymentId,
        succeededAt: event.at,
        updatedAt: event.at,
      };
    case "failed":
      return {
        ...state,
        status: "failed",
        providerPaymentId: event.providerPaymentId ?? state.providerPaymentId,
        failure: event.failure,
        failedAt: event.at,
        updatedAt: event.at,
      };
    case "refunded":
      return {
        ...state,
        status: "refunded",
        refundId: event.refundId,
        refundedAt: event.at,
        updatedAt: event.at,
      };
    default: {
      const never: never = event;
      throw new Error(`Unknown event ${JSON.stringify(never)}`);
    }
  }
}

/** Applies `events` in order. */
export function fold(state: PaymentState, events: PaymentEvent[]): PaymentState {
  return events.reduce(evolve, state);
}
