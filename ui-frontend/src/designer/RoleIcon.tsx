import type { NodeRole } from '../api/types';

/** A small glyph per role; decorative, the text next to it names the thing. */
export function RoleIcon({ role }: { role: NodeRole | 'unknown' }) {
  return (
    <span className={`role-icon role-icon--${role}`} aria-hidden="true">
      <svg viewBox="0 0 16 16" width="14" height="14">
        {role === 'source' && <path d="M3 8h7M7 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />}
        {role === 'transform' && <path d="M3 4h10l-4 5v3l-2 1V9z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />}
        {role === 'sink' && <path d="M3 5v6c0 1 2.2 2 5 2s5-1 5-2V5M3 5c0 1 2.2 2 5 2s5-1 5-2-2.2-2-5-2-5 1-5 2z" fill="none" stroke="currentColor" strokeWidth="1.5" />}
        {role === 'unknown' && <circle cx="8" cy="8" r="4" fill="none" stroke="currentColor" strokeWidth="1.6" />}
      </svg>
    </span>
  );
}
