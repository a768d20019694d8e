import { useEffect, useId, useRef } from "react";

import { messageOf } from "../api/errors";
import "./ConfirmPanel.css";

type Props = {
  /** What is about to happen, as a question: "Delete this post?" */
  question: string;
  /** More about it: "This can't be undone." */
  detail?: string;
  confirmLabel: string;
  /** What the confirm button says while the change is being sent. */
  busyLabel: string;
  busy: boolean;
  /** Why the last try failed, if it did. */
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
};

/**
 * A second step before something that can't be undone, in the page rather than a
 * window.confirm box. Focus moves to the question when it opens; Escape cancels.
 */
export function ConfirmPanel({ question, detail, confirmLabel, busyLabel, busy, error, onConfirm, onCancel }: Props) {
  const id = useId();
  const heading = useRef<HTMLParagraphElement>(null);

  useEffect(() => heading.current?.focus(), []);

  return (
    <div
      className="app-confirm"
      role="group"
      aria-labelledby={`${id}-question`}
      onKeyDown={(event) => {
        if (event.key === "Escape" && !busy) onCancel();
      }}
    >
      <p className="app-confirm-question" id={`${id}-question`} tabIndex={-1} ref={heading}>
        <strong>{question}</strong>
        {detail && ` ${detail}`}
      </p>
      {error !== undefined && error !== null && (
        <p className="error" role="alert">
          {messageOf(error)}
        </p>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button danger-button"
          // aria-disabled, not disabled: the focused button keeps focus while it works.
          aria-disabled={busy}
          onClick={() => {
            if (!busy) onConfirm();
          }}
        >
          {busy ? busyLabel : confirmLabel}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
