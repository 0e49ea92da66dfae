import type { ReactNode } from 'react';

/** An outline icon on a 24-unit grid in the text's colour, hidden from assistive technology (its button names it). */
export function OutlineIcon({ size = 16, children }: { size?: number; children: ReactNode }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {children}
    </svg>
  );
}

/** The few icons the UI needs, inline (no icon font, no emoji font required). */
export function PaperclipIcon({ size = 16 }: { size?: number }) {
  return (
    <OutlineIcon size={size}>
      <path d="M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48" />
    </OutlineIcon>
  );
}

export function BellIcon({ size = 18 }: { size?: number }) {
  return (
    <OutlineIcon size={size}>
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
    </OutlineIcon>
  );
}
