/**
 * What a grant or revoke command does to an order's entitlements, decided from the rows
 * the order already has. Pure: ids and time come in as arguments.
 * @module
 */

/** Where an entitlement comes from: the order that sold it, or a membership subscription. */
export type SourceKind = "order" | "subscription";

/** One user's right to one product, from one source. */
export interface Entitlement {
  id: string;
  userId: string;
  productId: string;
  sourceKind: SourceKind;
  sourceId: string;
  productTitle: string;
  productType: string;
  creatorId: string;
  licenceKeys: string[];
  grantedAt: Date;
  revokedAt: Date | null;
  revokeReason: string | null;
}

/** An order line, as far as granting reads it. */
export interface GrantLine {
  productId: string;
  title: string;
  type: string;
  creatorId: string;
  licenceKeys: string[];
}

/** The grant command's data. */
export interface GrantCommand {
  orderId: string;
  buyerId: string;
  lines: GrantLine[];
}

/** The revoke command's data. */
export interface RevokeCommand {
  orderId: string;
  buyerId: string;
  reason: string;
}

/** A product the order grants, with the entitlement that grants it. */
export interface Granted {
  entitlementId: string;
  productId: string;
}

/** The outcome of a grant. */
export type GrantDecision =
  /** New rows to insert; `granted` lists every product of the order, new or not. */
  | { kind: "grant"; insert: Entitlement[]; granted: Granted[] }
  /** Everything was granted before: answer again, change nothing. */
  | { kind: "already_granted"; granted: Granted[] }
  | { kind: "fail"; message: string };

/** The outcome of a revoke. */
export type RevokeDecision =
  /** Rows to stamp as revoked, and the products the order covered. */
  | { kind: "revoke"; ids: string[]; productIds: string[] }
  /** Nothing active is left (revoked before, or never granted): answer, change nothing. */
  | { kind: "already_revoked"; productIds: string[] };

/** One line per product: repeated products are merged and their licence keys joined. */
export function mergeLines(lines: GrantLine[]): GrantLine[] {
  const byProduct = new Map<string, GrantLine>();
  for (const line of lines) {
    const seen = byProduct.get(line.productId);
    if (!seen) byProduct.set(line.productId, { ...line, licenceKeys: [...line.licenceKeys] });
    else seen.licenceKeys = [...new Set([...seen.licenceKeys, ...line.licenceKeys])];
  }
  return [...byProduct.values()];
}

/** Decides a grant of `command` given the entitlements its order already has. */
export function decideGrant(
  command: GrantCommand,
  existing: Entitlement[],
  context: { now: Date; newId: () => string },
): GrantDecision {
  const { orderId, buyerId } = command;
  if (command.lines.length === 0) {
    return { kind: "fail", message: `Order "${orderId}" has no lines` };
  }
  if (existing.some((e) => e.userId !== buyerId)) {
    return { kind: "fail", message: `Order "${orderId}" was granted to another user` };
  }
  // A refunded order stays refunded: a late or replayed grant must not bring access back.
  if (existing.some((e) => e.revokedAt !== null)) {
    return { kind: "fail", message: `Order "${orderId}" was revoked` };
  }
  const byProduct = new Map(existing.map((e) => [e.productId, e]));
  const insert: Entitlement[] = [];
  const granted: Granted[] = [];
  for (const line of mergeLines(command.lines)) {
    let entitlement = byProduct.get(line.productId);
    if (!entitlement) {
      entitlement = {
        id: context.newId(),
        userId: buyerId,
        productId: line.productId,
        sourceKind: "order",
        sourceId: orderId,
        productTitle: line.title,
        productType: line.type,
        creatorId: line.creatorId,
        licenceKeys: line.licenceKeys,
        grantedAt: context.now,
        revokedAt: null,
        revokeReason: null,
      };
      insert.push(entitlement);
    }
    granted.push({ entitlementId: entitlement.id, productId: line.productId });
  }
  return insert.length === 0
    ? { kind: "already_granted", granted }
    : { kind: "grant", insert, granted };
}

/** Decides a revoke of the order's entitlements. */
export function decideRevoke(existing: Entitlement[]): RevokeDecision {
  const productIds = [...new Set(existing.map((e) => e.productId))];
  const active = existing.filter((e) => e.revokedAt === null);
  if (active.length === 0) return { kind: "already_revoked", productIds };
  return { kind: "revoke", ids: active.map((e) => e.id), productIds };
}

/** Whether any of a user's entitlements to one product is still in force. */
export function hasAccess(entitlements: Pick<Entitlement, "revokedAt">[]): boolean {
  return entitlements.some((e) => e.revokedAt === null);
}
