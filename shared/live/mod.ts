/**
 * Live updates that reach the open streams (SSE, WebSocket) of every instance of a service.
 *
 * ```ts
 * await sql.begin(async (tx) => {
 *   await insertNotification(tx, row);
 *   await announce(tx, "notifications", row.userId, row.id);
 * });
 * const hub = await startLiveHub({ sql, channel: "notifications", logger, listen: true });
 * const unsubscribe = hub.subscribe(userId, async (change) => {
 *   // read what changed (change.refs, or everything new when change.all) and send it
 * });
 * ```
 * @module
 */
export * from "./hub.ts";
export * from "./wakeup.ts";
