/**
 * Stock for limited products, as pure arithmetic. Seats (`capacity`) limit live tickets and
 * cohort courses; a software product with licence keys is limited to its pool. Units are
 * taken by committed holds and by active ones ({@linkcode isActive}): an expired hold counts
 * for nothing, whether or not the sweeper has marked it yet. The database sums taken units
 * with the same rule (`db/holds.ts`).
 * @module
 */
import type { ProductType, ReleaseReason } from "@marquee/contracts";

/** The types whose products may have a seat capacity. */
export const CAPACITY_TYPES: readonly ProductType[] = ["live_ticket", "course"];

/** Where a hold is in its life. */
export type HoldStatus = "held" | "committed" | "released" | "expired";

/** What stock depends on. */
export interface StockSource {
  type: ProductType;
  capacity: number | null;
  licenceKeys: number;
}

/** A hold as the arithmetic sees it. */
export interface HoldState {
  status: HoldStatus;
  quantity: number;
  expiresAt: Date;
}

/** Units the product can ever sell; null when unlimited. */
export function stockTotal(source: StockSource): number | null {
  if (source.capacity !== null) return source.capacity;
  if (source.type === "software" && source.licenceKeys > 0) return source.licenceKeys;
  return null;
}

/** Whether a hold still sets units aside at `now`. */
export function isActive(hold: HoldState, now: Date): boolean {
  return hold.status === "held" && hold.expiresAt.getTime() > now.getTime();
}

/** Units left for sale; null when unlimited. Never negative, even if stock was lowered. */
export function availableUnits(total: number | null, taken: number): number | null {
  return total === null ? null : Math.max(0, total - taken);
}

/** The answer to a request to hold units. */
export type HoldDecision =
  | { kind: "grant"; available: number | null }
  | { kind: "refuse"; available: number };

/** Grants `quantity` units when that many are left. */
export function decideHold(
  request: { total: number | null; taken: number; quantity: number },
): HoldDecision {
  const left = availableUnits(request.total, request.taken);
  if (left === null) return { kind: "grant", available: null };
  if (request.quantity > left) return { kind: "refuse", available: left };
  return { kind: "grant", available: left - request.quantity };
}

/** The answer to committing a hold. */
export type CommitDecision =
  | { kind: "commit" }
  | { kind: "unchanged" }
  | { kind: "refuse"; detail: string };

/** A held, unexpired hold commits; committing again changes nothing; anything else is refused. */
export function decideCommit(hold: HoldState, now: Date): CommitDecision {
  switch (hold.status) {
    case "committed":
      return { kind: "unchanged" };
    case "held":
      return isActive(hold, now)
        ? { kind: "commit" }
        : { kind: "refuse", detail: "Hold has expired" };
    case "expired":
      return { kind: "refuse", detail: "Hold has expired" };
    case "released":
      return { kind: "refuse", detail: "Hold was released" };
    default: {
      const never: never = hold.status;
      throw new Error(`Unknown hold status "${never}"`);
    }
  }
}

/** The answer to releasing a hold. */
export type ReleaseDecision =
  | { kind: "release"; reason: ReleaseReason }
  | { kind: "unchanged" }
  | { kind: "refuse"; detail: string };

/**
 * A held hold is released (as `expired` when its time has passed, so the record says why the
 * units came back); releasing again changes nothing; a committed hold was sold and stays.
 */
export function decideRelease(hold: HoldState, now: Date): ReleaseDecision {
  switch (hold.status) {
    case "held":
      return { kind: "release", reason: isActive(hold, now) ? "released" : "expired" };
    case "released":
    case "expired":
      return { kind: "unchanged" };
    case "committed":
      return { kind: "refuse", detail: "Hold is committed" };
    default: {
      const never: never = hold.status;
      throw new Error(`Unknown hold status "${never}"`);
    }
  }
}

/** The answer to returning a committed hold. */
export type ReturnDecision =
  | { kind: "return" }
  | { kind: "unchanged" }
  | { kind: "refuse"; detail: string };

/**
 * A committed hold whose sale was undone (the order could not complete) gives its units
 * back; returning again changes nothing. A hold still held is released instead, never
 * returned, so the two steps stay distinct in the record.
 */
export function decideReturn(hold: HoldState): ReturnDecision {
  switch (hold.status) {
    case "committed":
      return { kind: "return" };
    case "released":
    case "expired":
      return { kind: "unchanged" };
    case "held":
      return { kind: "refuse", detail: "Hold is not committed; release it" };
    default: {
      const never: never = hold.status;
      throw new Error(`Unknown hold status "${never}"`);
    }
  }
}

/** The answer to changing a capacity. */
export type CapacityDecision = { kind: "accept" } | { kind: "refuse"; detail: string };

/** A capacity may not drop below the units already taken. */
export function decideCapacity(capacity: number | null, taken: number): CapacityDecision {
  if (capacity === null || capacity >= taken) return { kind: "accept" };
  return {
    kind: "refuse",
    detail: `Capacity cannot be lower than the ${taken} units already taken`,
  };
}
