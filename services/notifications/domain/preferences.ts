/**
 * Notification preferences: which kinds of message a user wants by email and in the app.
 * Pure: defaults, the kind-to-switch mapping and merging a partial change.
 * @module
 */

/** The kinds of notification this service produces. */
export const KINDS = ["receipt", "refund", "cancelled", "live", "starting_soon"] as const;
/** One kind of notification. */
export type Kind = typeof KINDS[number];

/** The switches of one channel. */
export interface ChannelPreferences {
  receipts: boolean;
  refunds: boolean;
  orderUpdates: boolean;
  /** A followed creator, or a stream one holds a ticket to, is live or starts soon. */
  liveAlerts: boolean;
}

/** A user's choices for both channels. */
export interface Preferences {
  email: ChannelPreferences;
  inApp: ChannelPreferences;
}

/** A partial change of preferences. */
export interface PreferencesPatch {
  email?: Partial<ChannelPreferences>;
  inApp?: Partial<ChannelPreferences>;
}

/**
 * Everything on: receipts, refunds and order updates matter to a buyer, and following a
 * creator or buying a ticket is asking to hear when they go live.
 */
export const DEFAULT_PREFERENCES: Preferences = Object.freeze({
  email: Object.freeze({ receipts: true, refunds: true, orderUpdates: true, liveAlerts: true }),
  inApp: Object.freeze({ receipts: true, refunds: true, orderUpdates: true, liveAlerts: true }),
});

/** The switch that governs a kind of notification. */
export function switchOf(kind: Kind): keyof ChannelPreferences {
  switch (kind) {
    case "receipt":
      return "receipts";
    case "refund":
      return "refunds";
    case "cancelled":
      return "orderUpdates";
    case "live":
    case "starting_soon":
      return "liveAlerts";
    default: {
      const never: never = kind;
      throw new Error(`Unknown kind "${never}"`);
    }
  }
}

/** Fills missing switches of stored preferences with the defaults. */
export function withDefaults(stored: PreferencesPatch | undefined): Preferences {
  return {
    email: { ...DEFAULT_PREFERENCES.email, ...stored?.email },
    inApp: { ...DEFAULT_PREFERENCES.inApp, ...stored?.inApp },
  };
}

/** Applies a partial change to preferences. */
export function applyPatch(current: Preferences, patch: PreferencesPatch): Preferences {
  return {
    email: { ...current.email, ...patch.email },
    inApp: { ...current.inApp, ...patch.inApp },
  };
}

/** Whether a user wants `kind` on `channel`. */
export function wants(prefs: Preferences, channel: keyof Preferences, kind: Kind): boolean {
  return prefs[channel][switchOf(kind)];
}
