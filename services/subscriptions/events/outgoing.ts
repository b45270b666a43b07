/**
 * The answers to the saga's entitlement commands, written to the outbox in the consumer's
 * transaction, so each command is answered exactly once.
 * @module
 */
import {
  EntitlementsGranted,
  EntitlementsGrantFailed,
  EntitlementsRevoked,
} from "@marquee/contracts";
import type { Tx } from "@marquee/db";
import { enqueueEvent } from "@marquee/events";
import type { Granted } from "../domain/entitlements.ts";

/** The CloudEvents `source` of every event from this service. */
export const EVENT_SOURCE = "/marquee/subscriptions";

/** The order a command concerns. */
export interface OrderRef {
  orderId: string;
  buyerId: string;
}

/** Enqueues `entitlement.granted`. */
export async function entitlementsGranted(
  tx: Tx,
  ref: OrderRef,
  granted: Granted[],
  at: Date,
): Promise<void> {
  await enqueueEvent(tx, EntitlementsGranted, {
    ...ref,
    entitlements: granted,
    grantedAt: at.toISOString(),
  }, { source: EVENT_SOURCE, time: at });
}

/** Enqueues `entitlement.grant_failed`. */
export async function entitlementsGrantFailed(
  tx: Tx,
  ref: OrderRef,
  message: string,
  at: Date,
): Promise<void> {
  await enqueueEvent(tx, EntitlementsGrantFailed, {
    ...ref,
    message,
    failedAt: at.toISOString(),
  }, { source: EVENT_SOURCE, time: at });
}

/** Enqueues `entitlement.revoked`. */
export async function entitlementsRevoked(
  tx: Tx,
  ref: OrderRef,
  productIds: string[],
  reason: string,
  at: Date,
): Promise<void> {
  await enqueueEvent(tx, EntitlementsRevoked, {
    ...ref,
    productIds,
    reason,
    revokedAt: at.toISOString(),
  }, { source: EVENT_SOURCE, time: at });
}
