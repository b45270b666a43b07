import { useEffect, useState } from "preact/hooks";
import { fieldAria, FormMessage, useFocusFirstError } from "./_lib/Field.tsx";
import { formatDate } from "./_lib/format.ts";
import { networkProblem, type Problem, readProblem } from "./_lib/problem.ts";
import {
  MAX_REVIEW_LENGTH,
  type MyReview,
  type Review,
  type ReviewPage,
  starGlyphs,
} from "./_lib/reviews.ts";
import { authFetch, loadSession } from "./_lib/session.ts";

/** Props of {@linkcode ProductReviews}. */
export interface ProductReviewsProps {
  productId: string;
}

const STARS = [5, 4, 3, 2, 1];

/**
 * A product's reviews, newest first with "Show more reviews", and for a signed-in buyer who
 * owns the product "Write a review" (or "Edit your review"): stars and optional text. Who may
 * review is the catalog's answer; the page itself is cached for everyone.
 */
export default function ProductReviews({ productId }: ProductReviewsProps) {
  const base = `/api/products/${encodeURIComponent(productId)}/reviews`;
  const [items, setItems] = useState<Review[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [mine, setMine] = useState<MyReview | null>(null);
  const [open, setOpen] = useState(false);
  const [rating, setRating] = useState<number | null>(null);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useFocusFirstError(problem?.fields);

  const more = async (after: string | null) => {
    const query = after ? `?cursor=${encodeURIComponent(after)}` : "";
    try {
      // Revalidated every time: the browser would otherwise show a list it kept while the
      // edge's copy was purged by a new review.
      const res = await fetch(`${base}${query}`, {
        headers: { accept: "application/json" },
        cache: "no-cache",
      });
      if (!res.ok) return setProblem(await readProblem(res));
      const page = await res.json() as ReviewPage;
      setItems((shown) => after ? [...shown, ...page.items] : page.items);
      setCursor(page.nextCursor);
    } catch {
      setProblem(networkProblem());
    }
    setLoaded(true);
  };

  useEffect(() => {
    void more(null);
    void (async () => {
      if (!await loadSession()) return;
      const res = await authFetch(`${base}/mine`).catch(() => null);
      if (!res?.ok) return void await res?.body?.cancel();
      const answer = await res.json() as MyReview;
      setMine(answer);
      if (answer.review) {
        setRating(answer.review.rating);
        setText(answer.review.body);
      }
    })();
  }, [productId]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setSaved(null);
    try {
      const res = await authFetch(`${base}/mine`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...(rating === null ? {} : { rating }), body: text }),
      });
      if (res.ok) {
        const review = await res.json() as Review;
        setMine({ canReview: true, reason: null, review });
        // The list is cached at the edge for a moment: show the buyer's own review at once.
        setItems((shown) => [review, ...shown.filter((r) => r.createdAt !== review.createdAt)]);
        setOpen(false);
        setSaved(
          res.status === 201 ? "Thank you: your review is posted." : "Your review is updated.",
        );
      } else setProblem(await readProblem(res));
    } catch {
      setProblem(networkProblem());
    }
    setBusy(false);
  };

  const fields = problem?.fields ?? {};
  const ratingError = fields.rating;
  const textError = fields.body;
  const counter = `${text.length} of ${MAX_REVIEW_LENGTH} characters`;
  return (
    <div class="reviews">
      <FormMessage error={problem && !open ? problem.message : null} success={saved} />
      {mine?.canReview && !open
        ? (
          <button class="button button-quiet" type="button" onClick={() => setOpen(true)}>
            {mine.review ? "Edit your review" : "Write a review"}
          </button>
        )
        : null}
      {open
        ? (
          <form ref={form} class="form review-form" onSubmit={submit} noValidate>
            <FormMessage
              error={problem
                ? Object.keys(fields).length > 0
                  ? "Please correct the fields marked below."
                  : problem.message
                : null}
            />
            <fieldset
              class="field star-input"
              aria-describedby={ratingError ? "review-rating-error" : undefined}
            >
              <legend>Your rating</legend>
              {STARS.map((n) => (
                <label key={n} class="star-choice">
                  <input
                    type="radio"
                    name="rating"
                    value={n}
                    checked={rating === n}
                    onChange={() => setRating(n)}
                    aria-invalid={ratingError ? "true" : undefined}
                  />
                  <span aria-hidden="true">{starGlyphs(n)}</span>
                  <span class="visually-hidden">{n === 1 ? "1 star" : `${n} stars`}</span>
                </label>
              ))}
              {ratingError
                ? <p class="field-error" id="review-rating-error">{ratingError}</p>
                : null}
            </fieldset>
            <div class="field">
              <label for="review-text">Your review (optional)</label>
              <textarea
                id="review-text"
                name="body"
                rows={5}
                maxLength={MAX_REVIEW_LENGTH}
                value={text}
                onInput={(e) => setText(e.currentTarget.value)}
                {...fieldAria("review-text", { hint: counter, error: textError })}
              />
              <p class="field-hint" id="review-text-hint">{counter}</p>
              {textError ? <p class="field-error" id="review-text-error">{textError}</p> : null}
            </div>
            <div class="actions">
              <button class="button" type="submit" disabled={busy}>
                {busy ? "Posting…" : mine?.review ? "Update review" : "Post review"}
              </button>
              <button
                class="button button-quiet"
                type="button"
                onClick={() => {
                  setOpen(false);
                  setProblem(null);
                }}
              >
                Cancel
              </button>
            </div>
          </form>
        )
        : null}
      {!loaded
        ? <p class="loading" role="status">Loading reviews…</p>
        : items.length === 0
        ? <p class="empty">No reviews yet.</p>
        : (
          <ol class="review-list" role="list">
            {items.map((review) => (
              <li key={`${review.createdAt}-${review.authorName}`} class="review">
                <p class="review-stars">
                  <span aria-hidden="true">{starGlyphs(review.rating)}</span>
                  <span class="visually-hidden">{`${review.rating} out of 5 stars`}</span>
                </p>
                <p class="review-meta">
                  {review.authorName ?? "A buyer"} · Verified buyer · {formatDate(review.createdAt)}
                  {review.updatedAt !== review.createdAt ? " (edited)" : ""}
                </p>
                {review.body ? <p class="review-body">{review.body}</p> : null}
              </li>
            ))}
          </ol>
        )}
      {cursor
        ? (
          <button class="button button-quiet" type="button" onClick={() => void more(cursor)}>
            Show more reviews
          </button>
        )
        : null}
    </div>
  );
}
