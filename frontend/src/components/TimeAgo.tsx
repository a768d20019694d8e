import { timeAgo } from "./time";

/** "3 hours ago" for people, the exact moment for machines and on hover. */
export function TimeAgo({ iso }: { iso: string }) {
  const moment = new Date(iso);
  return (
    <time dateTime={iso} title={moment.toISOString().slice(0, 16).replace("T", " ") + " UTC"}>
      {timeAgo(moment)}
    </time>
  );
}
