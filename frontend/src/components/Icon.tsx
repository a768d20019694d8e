/** The site's icons, drawn inline (no icon font or download); `label` is what they say. */

const PATHS = {
  heart:
    "M12 20s-7.6-4.6-9.2-9.3C1.7 7.4 3.9 4.5 7 4.5c2.1 0 3.8 1.2 5 3.1 1.2-1.9 2.9-3.1 5-3.1 3.1 0 5.3 2.9 4.2 6.2C19.6 15.4 12 20 12 20z",
  comment: "M20.5 11.5a8.5 8.5 0 0 1-12.4 7.6L3.5 20.5l1.4-4.4a8.5 8.5 0 1 1 15.6-4.6z",
  plus: "M12 5v14M5 12h14",
  bookmark: "M6 3.5h12v17l-6-4.5-6 4.5z",
  photos: "M9.5 3.5h9a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-9a2 2 0 0 1-2-2v-9a2 2 0 0 1 2-2zM16.5 20.5h-11a2 2 0 0 1-2-2v-11",
  previous: "M15 5l-7 7 7 7",
  next: "M9 5l7 7-7 7",
  download: "M12 4v11M7 10.5l5 5 5-5M5 20h14",
  search: "M10.5 4a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13zM15.5 15.5L20 20",
} as const;

export function Icon({ name, label }: { name: keyof typeof PATHS; label?: string }) {
  return (
    <>
      <svg
        className={`icon icon-${name}`}
        viewBox="0 0 24 24"
        width="24"
        height="24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
      >
        <path d={PATHS[name]} />
      </svg>
      {label && <span className="visually-hidden">{label}</span>}
    </>
  );
}
