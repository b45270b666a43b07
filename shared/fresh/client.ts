/**
 * The browser side of islands: finds each `<marquee-island>` marker the server rendered and
 * hydrates it with its component and the props serialized beside it.
 * @module
 */
import { type ComponentType, h, hydrate } from "preact";

/** Hydrates every top-level island marker whose component is in `islands`. */
export function boot(islands: Record<string, ComponentType>): void {
  for (const el of document.querySelectorAll<HTMLElement>("marquee-island")) {
    // An island inside another is part of the outer one's tree.
    if (el.parentElement?.closest("marquee-island")) continue;
    const island = islands[el.dataset.name ?? ""];
    if (!island) continue;
    let props: Record<string, unknown>;
    try {
      props = JSON.parse(el.dataset.props ?? "{}");
    } catch {
      console.warn(`Island "${el.dataset.name}" has unreadable props`);
      continue;
    }
    hydrate(h(island, props), el);
  }
}
