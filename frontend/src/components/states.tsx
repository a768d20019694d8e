import type { ReactNode } from "react";

import { messageOf } from "../api/errors";

/** Shown while something loads: announced politely, drawn as a quiet placeholder. */
export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <div className="app-loading" role="status" aria-live="polite">
      <span className="app-spinner" aria-hidden="true" />
      <span>{what}…</span>
    </div>
  );
}

/** A designed empty state: a heading, a sentence, and what to do next. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <section className="empty">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** A failed load, with a way to try again. */
export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <section className="empty" role="alert">
      <h2>Couldn't load this</h2>
      <p>{messageOf(error)}</p>
      {retry && (
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      )}
    </section>
  );
}
