/**
 * One topic per aggregate family, keyed by aggregate id. Topics are created by the
 * project (`deno task kafka:topics`), never auto-created by the broker. Plain names with no
 * imports: the edge reads them (`@marquee/contracts/topics`) without loading the event kit.
 * @module
 */

export const TOPICS = {
  users: "marquee.users",
  /**
   * Links the users service asks notifications to mail (address confirmation, password
   * reset), keyed by user id. It carries single-use tokens, so it is internal: only the
   * notifications service reads it, unlike `users`, which any service may subscribe to.
   */
  accountMail: "marquee.users.account-mail",
  catalogProducts: "marquee.catalog.products",
  catalogInventory: "marquee.catalog.inventory",
  /** Order lifecycle events, keyed by order id. */
  orders: "marquee.orders",
  /** Commands the orders saga sends to payments, keyed by order id. */
  paymentCommands: "marquee.payments.commands",
  /** Payment outcomes, keyed by order id. */
  payments: "marquee.payments",
  /** Commands the orders saga sends to subscriptions, keyed by order id. */
  entitlementCommands: "marquee.entitlements.commands",
  /** Entitlement changes, keyed by order id. */
  entitlements: "marquee.entitlements",
  /** Live streams' life cycle, keyed by stream id. */
  streams: "marquee.streaming.streams",
} as const;
