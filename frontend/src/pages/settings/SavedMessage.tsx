import "../people.css";

/**
 * A settings page's "saved" line. The live region is always there, so a screen reader
 * announces the message when it appears (one inserted along with its text may go unheard).
 */
export function SavedMessage({ message }: { message: string | null }) {
  return (
    <div role="status" className="app-status">
      {message && <p className="flash">{message}</p>}
    </div>
  );
}
