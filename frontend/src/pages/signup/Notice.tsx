import { useEffect, useRef, type ReactNode } from "react";

/**
 * A panel in place of a form that can't be used (sign-ups closed, a bad link) or after one
 * that worked. Shown in place of a form, it takes the focus so a screen reader hears it.
 */
export function Notice({ title, children, focus = false }: { title: string; children: ReactNode; focus?: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, [focus]);
  return (
    <section className="panel auth-panel">
      <p className="logo-big">Flaskgram</p>
      <h1 tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {children}
    </section>
  );
}
