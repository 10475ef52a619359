"use client";

import { usePathname } from "next/navigation";
import { type KeyboardEvent, type ReactNode, useRef, useState } from "react";

/**
 * The header's sections, account menu and languages. On a wide screen they sit in the header's row;
 * on a phone with JavaScript they fold behind one "Menu" button (one row of header instead of four),
 * closed again on the next page and by Escape. Without JavaScript (`scripting: none` in the CSS) the
 * phone shows them unfolded, as before.
 */
export function SiteMenu({ label, children }: { label: string; children: ReactNode }) {
  const pathname = usePathname();
  // Open on the page where it was opened: a navigation closes it without an effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const toggle = useRef<HTMLButtonElement>(null);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "Escape" || !open) return;
    setOpenOn(null);
    toggle.current?.focus();
  };
  return (
    <>
      <button
        ref={toggle}
        type="button"
        className="menu-toggle secondary"
        aria-expanded={open}
        aria-controls="site-menu"
        onClick={() => setOpenOn(open ? null : pathname)}
        onKeyDown={onKeyDown}
      >
        <span className="menu-icon" aria-hidden="true" />
        {label}
      </button>
      <div id="site-menu" className="menu-panel" data-open={open || undefined} onKeyDown={onKeyDown}>
        {children}
      </div>
    </>
  );
}
