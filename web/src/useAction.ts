// Runs a write (POST/PATCH) with a busy flag and a readable error, so buttons can't double-submit.
import { useCallback, useRef, useState } from 'react';
import { errorMessage } from './api.ts';

export interface Action {
  busy: boolean;
  error: string | null;
  /** Runs `fn` unless another run is in flight; resolves true when it succeeded. */
  run: (fn: () => Promise<unknown>) => Promise<boolean>;
  clearError: () => void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);

  const run = useCallback(async (fn: () => Promise<unknown>) => {
    if (inFlight.current) return false;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      await fn();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, []);

  return { busy, error, run, clearError: useCallback(() => setError(null), []) };
}
