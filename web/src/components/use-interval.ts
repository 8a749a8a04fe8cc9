import { useEffect, useRef } from 'react';

/** Calls `callback` every `delayMs` while `delayMs` is not null (polling while a batch is processing). */
export function useInterval(callback: () => void, delayMs: number | null): void {
  const latest = useRef(callback);
  useEffect(() => {
    latest.current = callback;
  });
  useEffect(() => {
    if (delayMs === null) return undefined;
    const timer = setInterval(() => latest.current(), delayMs);
    return () => clearInterval(timer);
  }, [delayMs]);
}

/** How often batch screens refresh while the server is still processing. */
export const PROCESSING_REFRESH_MS = 3000;
