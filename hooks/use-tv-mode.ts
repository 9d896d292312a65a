'use client';

import { useEffect } from 'react';

/** TV mode: large type and no chrome (CSS on html[data-tv]); Escape leaves it. */
export function useTvMode(on: boolean, exit: () => void): void {
  useEffect(() => {
    const html = document.documentElement;
    if (on) html.dataset.tv = '1';
    else delete html.dataset.tv;
    const onKey = (e: KeyboardEvent) => {
      if (on && e.key === 'Escape') exit();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [on, exit]);
}
