// A list's filters kept per person in localStorage, so they survive a restart; unknown or damaged values fall
// back to the defaults.
import { useCallback, useState } from 'react';

export function useStoredFilter<F extends object>(key: string, defaults: F): [F, (f: F) => void] {
  const [f, setF] = useState<F>(() => {
    try {
      return { ...defaults, ...(JSON.parse(localStorage.getItem(key) ?? '{}') as Partial<F>) };
    } catch {
      return defaults;
    }
  });
  const set = useCallback(
    (next: F) => {
      setF(next);
      localStorage.setItem(key, JSON.stringify(next));
    },
    [key],
  );
  return [f, set];
}
