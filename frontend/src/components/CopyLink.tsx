import { useId, useState, type ReactNode } from "react";

/** When a link stops working, as a date and time people read: "2 Dec 2026, 21:30". */
export function Until({ iso }: { iso: string }) {
  const moment = new Date(iso);
  const text = moment.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
  return <time dateTime={iso}>{text}</time>;
}

/**
 * A link to pass on by hand: selected on focus, with a Copy button. Where the clipboard is
 * refused, the person is told to copy it from the box.
 */
export function CopyLink({ label, url, hint }: { label: string; url: string; hint?: ReactNode }) {
  const id = useId();
  const [copied, setCopied] = useState<string | null>(null);
  const absolute = new URL(url, window.location.origin).href;

  async function copy() {
    try {
      await navigator.clipboard.writeText(absolute);
      setCopied("Copied.");
    } catch {
      setCopied("Couldn't copy it: select the link in the box and copy it yourself.");
    }
  }

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div className="app-copy-link">
        <input
          id={id}
          type="text"
          readOnly
          value={absolute}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="button" aria-label={`Copy ${label.toLowerCase()}`} onClick={copy}>
          Copy
        </button>
      </div>
      <p className="hint" role="status">
        {copied}
      </p>
    </div>
  );
}
