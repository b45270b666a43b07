import { useEffect, useState } from "preact/hooks";
import { countdownLabel, countdownText } from "./_lib/live_stream.ts";

/** Props of {@linkcode Countdown}. */
export interface CountdownProps {
  /** The scheduled start, UTC ISO-8601. */
  start: string;
}

/**
 * Time left until a scheduled stream starts, ticking each second in the browser. Rendered on
 * the server from the render time; screen readers get whole words and no per-second chatter.
 */
export default function Countdown({ start }: CountdownProps) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time class="countdown" datetime={start}>
      <span aria-hidden="true">{countdownText(start, now)}</span>
      <span class="visually-hidden">{countdownLabel(start, now)}</span>
    </time>
  );
}
