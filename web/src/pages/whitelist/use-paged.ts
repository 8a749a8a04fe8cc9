import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { Page } from '../../api/evaluation.ts';

export interface Paged<T, P extends Page<T>> {
  /** the first answer (for what the list comes with besides its items, e.g. the push's period) */
  head: P | undefined;
  items: T[];
  next: string | null;
  loading: boolean;
  error: ApiError | undefined;
  /** loads the next page and appends it */
  more: () => void;
  /** starts again from the first page */
  reload: () => void;
}

/**
 * A keyset-paged list (`nextCursor`) grown a page at a time; `pathOf(cursor)` builds the request, `null` loads nothing.
 * A new `key` (e.g. the filter) starts again from the first page.
 */
export function usePaged<T, P extends Page<T> = Page<T>>(key: string | null, pathOf: (cursor: string | null) => string): Paged<T, P> {
  const [head, setHead] = useState<P>();
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(key !== null);
  const [error, setError] = useState<ApiError>();
  const [generation, setGeneration] = useState(0);
  const pathRef = useRef(pathOf);
  // the latest path builder, set before the load effect below runs
  useEffect(() => {
    pathRef.current = pathOf;
  });
  const controller = useRef<AbortController>(undefined);

  const load = useCallback(async (cursor: string | null) => {
    controller.current?.abort();
    const mine = new AbortController();
    controller.current = mine;
    setLoading(true);
    setError(undefined);
    try {
      const page = await api<P>(pathRef.current(cursor), { signal: mine.signal });
      if (cursor === null) setHead(page);
      setItems((before) => (cursor === null ? page.items : [...before, ...page.items]));
      setNext(page.nextCursor);
    } catch (failure) {
      if (mine.signal.aborted) return;
      setError(failure instanceof ApiError ? failure : new ApiError(0, { title: String(failure) }));
    } finally {
      if (!mine.signal.aborted) setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (key === null) return undefined;
    void load(null);
    return () => controller.current?.abort();
  }, [key, generation, load]);

  const more = useCallback(() => {
    if (next !== null) void load(next);
  }, [next, load]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { head, items, next, loading, error, more, reload };
}
