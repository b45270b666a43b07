/**
 * Paths measured in turns: every path runs once per round, round after round, so that a noisy
 * stretch of the shared machine falls on all of them rather than on whichever ran then.
 * @module
 */

/** Runs `run` for each name in `names`, in turn, `rounds` times; each name's results in order. */
export async function inTurns<K extends string, R>(
  names: readonly K[],
  rounds: number,
  run: (name: K, round: number) => Promise<R>,
): Promise<Record<K, R[]>> {
  const results = Object.fromEntries(names.map((name) => [name, [] as R[]])) as Record<K, R[]>;
  for (let round = 0; round < rounds; round++) {
    for (const name of names) results[name].push(await run(name, round));
  }
  return results;
}
