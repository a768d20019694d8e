import { useLocation } from "react-router-dom";

/** Navigation state that carries a message to the next page, like Flask's flash(). */
export type FlashState = { flash: string };

/** The message the previous page left for this one, shown as the HTML site's flash. */
export function Flash() {
  const state = useLocation().state as Partial<FlashState> | null;
  if (typeof state?.flash !== "string") return null;
  return (
    <p className="flash" role="status">
      {state.flash}
    </p>
  );
}
