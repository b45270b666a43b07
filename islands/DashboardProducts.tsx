import { useEffect, useState } from "preact/hooks";
import {
  type Product,
  PRODUCT_STATUSES,
  type ProductList,
  type ProductStatus,
  TYPE_LABELS,
} from "./_lib/catalog_types.ts";
import { FormMessage } from "./_lib/Field.tsx";
import { formatDate, formatPrice } from "./_lib/format.ts";
import { SessionGate } from "./_lib/Gate.tsx";
import { networkProblem, readProblem } from "./_lib/problem.ts";
import { authFetch, currentUser, isCreator, loadSession } from "./_lib/session.ts";

const STATUS_LABELS: Record<ProductStatus, string> = {
  draft: "Draft",
  published: "Published",
  archived: "Archived",
};

/** The creator's own products (`GET /api/products?mine=true`), filtered by status. */
export default function DashboardProducts() {
  const [status, setStatus] = useState<ProductStatus | "">("");
  const [items, setItems] = useState<Product[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const user = currentUser.value;
  const allowed = isCreator(user);

  const load = async (after: string | null) => {
    setError(null);
    const params = new URLSearchParams({ mine: "true", limit: "20" });
    if (status) params.set("status", status);
    if (after) params.set("cursor", after);
    try {
      const res = await authFetch(`/api/products?${params}`);
      if (!res.ok) {
        setError((await readProblem(res)).message);
        return;
      }
      const list = await res.json() as ProductList;
      setItems((before) => after && before ? [...before, ...list.items] : list.items);
      setCursor(list.nextCursor);
    } catch {
      setError(networkProblem().message);
    }
  };

  useEffect(() => {
    void loadSession();
  }, []);
  useEffect(() => {
    if (!allowed) return;
    setItems(null);
    void load(null);
  }, [allowed, status]);

  if (!user) return <SessionGate user={user} next="/dashboard" purpose="manage your products" />;
  if (!allowed) {
    return (
      <p class="notice">
        The dashboard is for creators. Your account can buy products; selling needs a creator
        account.
      </p>
    );
  }
  return (
    <div class="stack">
      <div class="toolbar">
        <div class="field field-inline">
          <label for="dashboard-status">Status</label>
          <select
            id="dashboard-status"
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value as ProductStatus | "")}
          >
            <option value="">All</option>
            {PRODUCT_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
          </select>
        </div>
        <a class="button" href="/dashboard/products/new">New product</a>
      </div>
      <FormMessage error={error} />
      {items === null
        ? <p class="loading" role="status">Loading your products…</p>
        : items.length === 0 && status === ""
        ? (
          <div class="notice empty-state">
            <p>
              You have no products yet. Create one, add its files and a cover, and publish it when
              it is ready: it then appears in the store.
            </p>
            <p>
              <a class="button" href="/dashboard/products/new">Create your first product</a>
            </p>
          </div>
        )
        : items.length === 0
        ? (
          <p class="empty">
            {`No ${STATUS_LABELS[status as ProductStatus].toLowerCase()} products.`}
          </p>
        )
        : (
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">Your products</caption>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Type</th>
                  <th scope="col">Status</th>
                  <th scope="col">Price</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <a href={`/dashboard/products/${encodeURIComponent(p.id)}`}>{p.title}</a>
                    </th>
                    <td>{TYPE_LABELS[p.type]?.one ?? p.type}</td>
                    <td>
                      <span class={`status status-${p.status}`}>{STATUS_LABELS[p.status]}</span>
                    </td>
                    <td>{formatPrice(p.price)}</td>
                    <td>{formatDate(p.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      {cursor
        ? (
          <button class="button button-quiet" type="button" onClick={() => void load(cursor)}>
            Load more
          </button>
        )
        : null}
    </div>
  );
}
