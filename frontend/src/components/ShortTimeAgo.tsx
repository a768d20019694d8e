import { shortTimeAgo } from "./shortTime";
import { timeAgo } from "./time";

/** "5m" to see, "5 minutes ago" to hear; the exact moment on hover (like TimeAgo). */
export function ShortTimeAgo({ iso }: { iso: string }) {
  const moment = new Date(iso);
  return (
    <time dateTime={iso} title={moment.toISOString().slice(0, 16).replace("T", " ") + " UTC"}>
      <span aria-hidden="true">{shortTimeAgo(moment)}</span>
      <span className="visually-hidden">{timeAgo(moment)}</span>
    </time>
  );
}
