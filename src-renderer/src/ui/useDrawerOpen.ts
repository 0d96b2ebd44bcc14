// Is a drawer open in the window (a ticket, call, action or sheet the user is working in)? Checked twice a second
// only while `watch` is on: what waits for the user to finish (the daily digest) asks, nothing else pays for it.
import { useEffect, useState } from 'react';

export const drawerOpenIn = (doc: Pick<Document, 'querySelector'>): boolean => doc.querySelector('.ant-drawer-open') !== null;

export function useDrawerOpen(watch: boolean): boolean {
  const [open, setOpen] = useState(() => watch && drawerOpenIn(document));
  useEffect(() => {
    if (!watch) return;
    const check = () => setOpen(drawerOpenIn(document));
    check();
    const timer = window.setInterval(check, 500);
    return () => window.clearInterval(timer);
  }, [watch]);
  return watch && open;
}
