/**
 * `order.status_changed`: the orders service's own event on `marquee.orders`, one per
 * saga change, carrying the whole view. Its one consumer is this service's read model
 * (and the live order page through it); other consumers of the topic skip the type.
 * @module
 */
import { Money, OrderEndReason, OrderLine, TOPICS } from "@marquee/contracts";
import { defineEvent } from "@marquee/events";
import { z } from "zod";
import { SAGA_STATUSES } from "../domain/saga_types.ts";

/** An order changed status or content. */
export const OrderStatusChanged = defineEvent({
  type: "order.status_changed",
  version: 1,
  topic: TOPICS.orders,
  schema: z.object({
    id: z.string().uuid(),
    buyerId: z.string().min(1),
    status: z.enum(SAGA_STATUSES),
    lines: z.array(OrderLine),
    total: Money,
    paymentMethod: z.string(),
    paymentId: z.string().nullable(),
    reason: OrderEndReason.nullable(),
    placedAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
    version: z.number().int().positive(),
  }),
  subject: (d) => d.id,
});
