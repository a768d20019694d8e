/** "5m": how long ago a moment was in a few letters, as the HTML site's `short_time_ago`. */

const UNITS: [string, number][] = [
  ["y", 365 * 24 * 3600],
  ["w", 7 * 24 * 3600],
  ["d", 24 * 3600],
  ["h", 3600],
  ["m", 60],
];

export function shortTimeAgo(moment: Date, now: Date = new Date()): string {
  const seconds = (now.getTime() - moment.getTime()) / 1000;
  for (const [unit, size] of UNITS) {
    if (seconds >= size) return `${Math.floor(seconds / size)}${unit}`;
  }
  return "now";
}
