import { useEffect } from "preact/hooks";
import { SessionGate } from "./_lib/Gate.tsx";
import { currentUser, isCreator, loadSession } from "./_lib/session.ts";

/** The new account's first step: a creator's first product, or the store for a buyer. */
export default function Welcome({ here }: { here: string }) {
  useEffect(() => void loadSession(), []);
  const user = currentUser.value;
  if (!user) return <SessionGate user={user} next={here} purpose="get started" />;
  const creator = isCreator(user);
  return (
    <div class="stack">
      <p>
        Your account is ready, {user.displayName}. We sent a link to <strong>{user.email}</strong>
        {" "}
        to confirm your email; you can buy right away.
      </p>
      <h2>{creator ? "Sell your first product" : "Find something you love"}</h2>
      <p>
        {creator
          ? "Add a title, a price and a file, then publish: it is on sale at once."
          : "Courses, music, software and more, straight from the people who make them."}
      </p>
      <p class="actions">
        {creator
          ? (
            <>
              <a class="button button-large" href="/dashboard/products/new">
                Create your first product
              </a>
              <a class="button button-quiet" href="/products">Browse the store</a>
            </>
          )
          : (
            <>
              <a class="button button-large" href="/products">Browse the store</a>
              <a class="button button-quiet" href="/account">Your account</a>
            </>
          )}
      </p>
    </div>
  );
}
