/**
 * The saga's commands: `entitlement.grant` and `entitlement.revoke`. Each is applied once
 * through the kit's inbox and answered through the outbox in the same transaction; a
 * command sent again with a new id changes nothing and gets the same answer. Revocation
 * has this one path: the saga sends `entitlement.revoke` after `payment.refunded`.
 * @module
 */
import { GrantEntitlements, RevokeEntitlements, TOPICS } from "@marquee/contracts";
import { type ConsumerOptions, on } from "@marquee/events";
import type { Logger } from "@marquee/log";
import type { AccessChecker } from "../access.ts";
import {
  findBySource,
  insertEntitlements,
  lockUser,
  productsInForce,
  revokeEntitlements,
} from "../db/entitlements.ts";
import { decideGrant, decideRevoke } from "../domain/entitlements.ts";
import { entitlementsGranted, entitlementsGrantFailed, entitlementsRevoked } from "./outgoing.ts";

/** The consumer group, also the inbox's consumer name. */
export const COMMANDS_GROUP = "subscriptions.commands";

/** What the command consumer needs. */
export interface CommandsConsumerOptions {
  access: AccessChecker;
  logger: Logger;
  clock?: () => Date;
  /** Where the commands arrive; tests use a topic of their own. */
  topic?: string;
}

/** The consumer of entitlement commands. */
export function entitlementCommandsConsumer(
  options: CommandsConsumerOptions,
): Pick<ConsumerOptions, "group" | "handlers"> {
  const { access, clock = () => new Date(), topic = TOPICS.entitlementCommands } = options;
  const log = options.logger.child({ component: "entitlement-commands" });
  return {
    group: COMMANDS_GROUP,
    handlers: [
      on({ ...GrantEntitlements, topic }, async (data, { tx }) => {
        const ref = { orderId: data.orderId, buyerId: data.buyerId };
        const now = clock();
        await lockUser(tx, data.buyerId);
        const existing = await findBySource(tx, "order", data.orderId);
        const decision = decideGrant(data, existing, { now, newId: () => crypto.randomUUID() });
        switch (decision.kind) {
          case "fail":
            log.warn("Grant failed", { orderId: data.orderId, message: decision.message });
            return await entitlementsGrantFailed(tx, ref, decision.message, now);
          case "grant":
            await insertEntitlements(tx, decision.insert);
            break;
          case "already_granted":
            log.info("Grant repeated", { orderId: data.orderId });
            break;
          default: {
            const never: never = decision;
            throw new Error(`Unknown grant decision ${JSON.stringify(never)}`);
          }
        }
        await entitlementsGranted(tx, ref, decision.granted, now);
        const answers = new Map(decision.granted.map((g) => [g.productId, true]));
        await access.record(data.buyerId, answers);
      }),
      on({ ...RevokeEntitlements, topic }, async (data, { tx }) => {
        const ref = { orderId: data.orderId, buyerId: data.buyerId };
        const now = clock();
        await lockUser(tx, data.buyerId);
        const existing = await findBySource(tx, "order", data.orderId);
        const decision = decideRevoke(existing);
        if (decision.kind === "revoke") {
          await revokeEntitlements(tx, decision.ids, now, data.reason);
          // Another order may grant the same product: access goes only where none is left.
          const users = [...new Set(existing.map((e) => e.userId))];
          for (const userId of users) {
            const ids = existing.filter((e) => e.userId === userId).map((e) => e.productId);
            const inForce = await productsInForce(tx, userId, ids);
            await access.record(userId, new Map(ids.map((p) => [p, inForce.has(p)])));
          }
        } else log.info("Nothing left to revoke", { orderId: data.orderId });
        await entitlementsRevoked(tx, ref, decision.productIds, data.reason, now);
      }),
    ],
  };
}
