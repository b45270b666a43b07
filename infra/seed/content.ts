/**
 * The demo store: three creators on `demo.marquee.test` (a name that can never receive mail)
 * and a product of every type between them, with the streams the live creator runs, and two
 * buyers who review what they bought.
 * @module
 */
import type { ProductType } from "@marquee/contracts";
import type { CoverSpec } from "./media.ts";

/** Every demo account's password, so a newcomer can sign in as a creator. */
export const DEMO_PASSWORD = "marquee demo password";

/** A demo product, as the seed creates it through the catalog API. */
export interface DemoProduct {
  title: string;
  type: ProductType;
  price: { amount: number; currency: string };
  category: string;
  tags: string[];
  description: string;
  capacity?: number;
  /** A membership's terms. */
  membership?: { period: "month" | "year"; perks: string[] };
  /** A live ticket's event: it starts at the demo's event time (see `eventStart`). */
  event?: { durationMinutes: number };
  /** Licence keys put in the pool. */
  licenceKeys?: number;
  /** A downloadable sample attached. */
  sample?: boolean;
  cover: Omit<CoverSpec, "title">;
}

/** A demo creator and what they sell. */
export interface DemoCreator {
  email: string;
  displayName: string;
  products: DemoProduct[];
}

const usd = (amount: number) => ({ amount, currency: "USD" });

/** The demo creators; the first one's account tells whether the store was seeded. */
export const DEMO_CREATORS: DemoCreator[] = [
  {
    email: "nova@demo.marquee.test",
    displayName: "Nova Reyes (demo)",
    products: [{
      title: "Synthesis from first principles",
      type: "course",
      price: usd(4900),
      category: "music",
      tags: ["synthesis", "sound design"],
      description: "A demo course.\n\n## What you learn\n\n- **Oscillators** and filters\n" +
        "- Envelopes and modulation\n- Building a patch from silence\n",
      cover: { kicker: "COURSE", colors: ["0x4f46e5", "0xdb2777"] },
    }, {
      title: "Patch of the month club",
      type: "membership",
      price: usd(900),
      category: "music",
      tags: ["presets", "community"],
      description: "A demo membership: a new patch every month, with notes on how it was made.",
      membership: {
        period: "month",
        perks: ["A new synth patch every month", "Monthly live Q&A", "Members' forum"],
      },
      cover: { kicker: "MEMBERSHIP", colors: ["0x0f766e", "0x84cc16"] },
    }],
  },
  {
    email: "kilo@demo.marquee.test",
    displayName: "Kilo Studio (demo)",
    products: [{
      title: "Loopwright: a tape-loop plugin",
      type: "software",
      price: usd(2900),
      category: "software",
      tags: ["plugin", "audio"],
      description: "A demo software licence: every buyer receives a key of their own.",
      licenceKeys: 25,
      cover: { kicker: "SOFTWARE LICENCE", colors: ["0x1e293b", "0x0ea5e9"] },
    }, {
      title: "City ambiences: field recordings",
      type: "asset",
      price: usd(1900),
      category: "audio",
      tags: ["field recording", "ambience"],
      description: "A demo digital asset: a sample of pink noise stands in for the recordings.",
      sample: true,
      cover: { kicker: "DIGITAL ASSET", colors: ["0xb45309", "0xfacc15"] },
    }],
  },
  {
    email: "live@demo.marquee.test",
    displayName: "Live Lab (demo)",
    products: [{
      title: "Modular jam: a live session",
      type: "live_ticket",
      price: usd(1500),
      category: "music",
      tags: ["live", "modular"],
      description: "A demo live ticket: the stream it admits to is scheduled for tomorrow.",
      capacity: 200,
      event: { durationMinutes: 60 },
      cover: { kicker: "LIVE TICKET", colors: ["0x7c2d12", "0xef4444"] },
    }],
  },
];

/** A demo buyer and the reviews they write of what they bought. */
export interface DemoBuyer {
  email: string;
  displayName: string;
  /** By product title: stars and words. */
  reviews: Record<string, { rating: number; body: string }>;
}

/** Buyers who own a product or two and review them. */
export const DEMO_BUYERS: DemoBuyer[] = [
  {
    email: "ana@demo.marquee.test",
    displayName: "Ana (demo buyer)",
    reviews: {
      "Synthesis from first principles": {
        rating: 5,
        body: "Finally understood what a filter envelope does. Clear and patient.",
      },
      "City ambiences: field recordings": {
        rating: 4,
        body: "Clean recordings; I would have liked a few more night-time ones.",
      },
    },
  },
  {
    email: "ben@demo.marquee.test",
    displayName: "Ben (demo buyer)",
    reviews: {
      "Synthesis from first principles": {
        rating: 4,
        body: "Great pace. The modulation chapter alone was worth it.",
      },
    },
  },
];

/** The creator whose streams the demo runs. */
export const LIVE_CREATOR = DEMO_CREATORS[2]!;
/** The stream the demo keeps live. */
export const DEMO_LIVE_TITLE = "Demo: test pattern, live around the clock";
/** The stream scheduled for tomorrow, for ticket holders. */
export const DEMO_SCHEDULED_TITLE = "Modular jam, live session";

/** The demo's event: tomorrow at 18:00 UTC, as a live ticket and a stream take it. */
export function eventStart(now: Date): { localStart: string; at: Date } {
  const day = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  return { localStart: `${day}T18:00`, at: new Date(`${day}T18:00:00Z`) };
}
