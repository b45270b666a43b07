import { useEffect, useRef, useState } from "preact/hooks";
import type { TargetedKeyboardEvent } from "preact";
import type { Product, ProductList } from "./_lib/catalog_types.ts";
import { formatPrice } from "./_lib/format.ts";

/** Props of {@linkcode SearchSuggest}. */
export interface SearchSuggestProps {
  /** The input's id; the list's ids derive from it. */
  id: string;
  label: string;
  value?: string;
  name?: string;
  /** Keeps the label for screen readers only. */
  hideLabel?: boolean;
  placeholder?: string;
}

const DEBOUNCE_MS = 200;
const MIN_CHARS = 2;

/**
 * The search box of a GET form, with product suggestions as the visitor types (an ARIA 1.2
 * combobox: arrow keys move through the list, Enter opens the chosen product, Escape closes).
 * Without JavaScript it is the plain input and the form still searches.
 */
export default function SearchSuggest(
  { id, label, value = "", name = "q", hideLabel = false, placeholder }: SearchSuggestProps,
) {
  const [query, setQuery] = useState(value);
  const [items, setItems] = useState<Product[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inflight = useRef<AbortController | null>(null);
  const listId = `${id}-suggestions`;

  useEffect(() => () => {
    clearTimeout(timer.current);
    inflight.current?.abort();
  }, []);

  const close = () => {
    setOpen(false);
    setActive(-1);
  };

  const suggest = (text: string) => {
    clearTimeout(timer.current);
    inflight.current?.abort();
    const q = text.trim();
    if (q.length < MIN_CHARS) {
      setItems([]);
      close();
      return;
    }
    timer.current = setTimeout(async () => {
      const controller = new AbortController();
      inflight.current = controller;
      try {
        const params = new URLSearchParams({ q, limit: "5" });
        const res = await fetch(`/api/products?${params}`, {
          signal: controller.signal,
          headers: { accept: "application/json" },
        });
        if (!res.ok) {
          await res.body?.cancel();
          return;
        }
        const list = await res.json() as ProductList;
        const found = (list.items ?? []).slice(0, 5);
        setItems(found);
        setActive(-1);
        setOpen(found.length > 0);
      } catch {
        // Superseded by a newer query, or offline: the form still works.
      }
    }, DEBOUNCE_MS);
  };

  const choose = (product: Product) => {
    close();
    location.assign(`/products/${encodeURIComponent(product.slug)}`);
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLInputElement>) => {
    const count = items.length;
    switch (event.key) {
      case "ArrowDown":
        if (count === 0) return;
        event.preventDefault();
        setOpen(true);
        setActive((a) => (a + 1) % count);
        break;
      case "ArrowUp":
        if (count === 0) return;
        event.preventDefault();
        setOpen(true);
        setActive((a) => (a <= 0 ? count - 1 : a - 1));
        break;
      case "Enter": {
        const chosen = open && active >= 0 ? items[active] : undefined;
        if (chosen) {
          event.preventDefault();
          choose(chosen);
        }
        break;
      }
      case "Escape":
        if (open) {
          event.preventDefault();
          close();
        } else if (query) {
          setQuery("");
          setItems([]);
        }
        break;
    }
  };

  return (
    <div class="field combobox">
      <label for={id} class={hideLabel ? "visually-hidden" : undefined}>{label}</label>
      <input
        id={id}
        name={name}
        type="search"
        value={query}
        placeholder={placeholder}
        autoComplete="off"
        role="combobox"
        // No datalist: the listbox below is the popup (preact's types want the attribute named).
        list={undefined}
        aria-autocomplete="list"
        aria-expanded={open ? "true" : "false"}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
        onInput={(event) => {
          const text = event.currentTarget.value;
          setQuery(text);
          suggest(text);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(items.length > 0)}
        onBlur={close}
      />
      <ul id={listId} class="suggestions" role="listbox" aria-label="Suggestions" hidden={!open}>
        {items.map((product, i) => (
          <li
            key={product.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active ? "true" : "false"}
            class={i === active ? "suggestion active" : "suggestion"}
            // Keeps focus in the input, so choosing does not blur and close the list first.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(product)}
          >
            <span class="suggestion-title">{product.title}</span>
            <span class="suggestion-price">{formatPrice(product.price)}</span>
          </li>
        ))}
      </ul>
      <p class="visually-hidden" role="status">
        {open ? `${items.length} suggestions; use the up and down arrows to choose` : ""}
      </p>
    </div>
  );
}
