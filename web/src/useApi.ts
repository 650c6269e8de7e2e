// Loads a GET endpoint into component state, with a `reload` for after actions.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from './api.ts';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  /** Re-fetches; the current data stays on screen until the new answer arrives. */
  reload: () => Promise<void>;
}

export function useApi<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState<boolean>(path !== null);
  const latest = useRef(0);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const load = useCallback(async () => {
    if (path === null) return;
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const answer = await api.get<T>(path);
      if (mounted.current && ticket === latest.current) {
        setData(answer);
        setError(null);
      }
    } catch (e) {
      if (mounted.current && ticket === latest.current) setError(errorMessage(e));
    } finally {
      if (mounted.current && ticket === latest.current) setLoading(false);
    }
  }, [path]);

  useEffect(() => {
    setData(null);
    setError(null);
    void load();
  }, [load]);

  return { data, error, loading, reload: load };
}
