import { useEffect, useState } from "preact/hooks";
import {
  followersLabel,
  followersPath,
  followPath,
  type FollowState,
  toggled,
} from "./_lib/follow.ts";
import { authPagePath } from "./_lib/next_path.ts";
import { networkProblem, problemMessage, readProblem } from "./_lib/problem.ts";
import { authFetch, currentUser, loadSession } from "./_lib/session.ts";

/** Props of {@linkcode FollowButton}. */
export interface FollowButtonProps {
  creatorId: string;
  creatorName: string;
  /** Where "Sign in" returns to; the current page's path. */
  next: string;
}

/**
 * Follow / Following with the follower count. A click shows the change at once and rolls it
 * back if the server refuses; visitors are asked to sign in; creators see their own count.
 */
export default function FollowButton({ creatorId, creatorName, next }: FollowButtonProps) {
  const [state, setState] = useState<FollowState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [askSignIn, setAskSignIn] = useState(false);

  useEffect(() => {
    void (async () => {
      await loadSession();
      try {
        const res = await authFetch(followersPath(creatorId));
        if (res.ok) setState(await res.json());
        else await res.body?.cancel();
      } catch {
        // The count is a nicety: the button still works without it.
      }
    })();
  }, [creatorId]);

  const user = currentUser.value;
  const count = state ? followersLabel(state.followers) : null;
  const own = user?.id === creatorId;

  const click = async () => {
    if (!user) {
      setAskSignIn(true);
      return;
    }
    const before = state ?? { followers: 0, following: false };
    const after = toggled(before);
    setState(after);
    setBusy(true);
    setError(null);
    try {
      const res = await authFetch(followPath(creatorId), {
        method: after.following ? "PUT" : "DELETE",
      });
      if (res.ok) setState(await res.json());
      else {
        setState(before);
        setError(problemMessage(await readProblem(res)));
      }
    } catch {
      setState(before);
      setError(problemMessage(networkProblem()));
    }
    setBusy(false);
  };

  return (
    <div class="follow">
      {!own && (
        <button
          type="button"
          class={state?.following ? "button button-quiet" : "button"}
          onClick={click}
          disabled={busy || user === undefined}
          aria-describedby={count ? `follow-count-${creatorId}` : undefined}
        >
          {state?.following ? "Following" : "Follow"}
        </button>
      )}
      {count && <span id={`follow-count-${creatorId}`} class="follow-count">{count}</span>}
      <div aria-live="polite">
        {askSignIn && !user && (
          <p class="follow-note">
            {`Sign in to follow ${creatorName} and hear when they go live. `}
            <a href={authPagePath("/signin", next)}>Sign in</a>
          </p>
        )}
      </div>
      {error && <p class="follow-note follow-error" role="alert">{error}</p>}
    </div>
  );
}
