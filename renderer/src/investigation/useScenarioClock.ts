import { useEffect, useState } from 'react';

/**
 * The scenario clock as the trainee sees it: main's time at the last snapshot, advanced locally
 * while the session runs (at the pack's time scale) so the display moves smoothly between updates.
 * Display only: timers
 * fire in main, on main's clock.
 */
export function useScenarioClock(snapshotMs: number, running: boolean, timeScale = 1): number {
  const [tick, setTick] = useState<{ base: number; at: number; now: number } | null>(null);

  useEffect(() => {
    if (!running) return;
    const at = performance.now();
    const interval = setInterval(
      () => setTick({ base: snapshotMs, at, now: performance.now() }),
      250,
    );
    return () => clearInterval(interval);
  }, [snapshotMs, running]);

  return running && tick?.base === snapshotMs
    ? snapshotMs + (tick.now - tick.at) * timeScale
    : snapshotMs;
}

/** `m:ss` (or `h:mm:ss`) for a duration in milliseconds. */
export function formatDuration(milliseconds: number): string {
  const total = Math.max(0, Math.floor(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
}
