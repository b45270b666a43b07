/**
 * What the follow button shows and how a click changes it before the server answers.
 * @module
 */

/** A creator's follower count and whether the viewer follows. */
export interface FollowState {
  followers: number;
  following: boolean;
}

/** "1 follower", "12 followers", "1,204 followers". */
export function followersLabel(count: number): string {
  return count === 1 ? "1 follower" : `${count.toLocaleString("en-US")} followers`;
}

/** The state a click leads to, shown at once (optimistic); the server's answer replaces it. */
export function toggled(state: FollowState): FollowState {
  return state.following
    ? { followers: Math.max(0, state.followers - 1), following: false }
    : { followers: state.followers + 1, following: true };
}

/** The creator's follow URL. */
export const followPath = (creatorId: string) =>
  `/api/creators/${encodeURIComponent(creatorId)}/follow`;

/** The creator's followers URL. */
export const followersPath = (creatorId: string) =>
  `/api/creators/${encodeURIComponent(creatorId)}/followers`;
