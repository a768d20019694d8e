import { useEffect, useRef } from "react";

import { messageOf } from "../api/errors";

type Props = {
  /** What the next page holds, for screen readers: "Load more posts". */
  what: string;
  /** The list's useInfiniteQuery result: where its pages stand. */
  pages: {
    hasNextPage: boolean;
    isFetchingNextPage: boolean;
    isFetchNextPageError: boolean;
    error: unknown;
    fetchNextPage: () => unknown;
  };
};

/**
 * The next page of a cursor-paged list: a "Load more" button, and the same step taken on its
 * own when the end of the list scrolls near (IntersectionObserver). After a failed page it
 * waits for the button, so a broken connection isn't asked again and again.
 */
export function LoadMore({ what, pages }: Props) {
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, error, fetchNextPage } = pages;
  const end = useRef<HTMLDivElement>(null);
  const autoLoad = hasNextPage && !isFetchingNextPage && !isFetchNextPageError;

  useEffect(() => {
    const target = end.current;
    if (!autoLoad || !target || typeof IntersectionObserver === "undefined") return;
    // Observed anew after each page: if the end is still in view, the next page loads too.
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) fetchNextPage();
      },
      { rootMargin: "0px 0px 600px 0px" },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [autoLoad, fetchNextPage]);

  if (!hasNextPage) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <div ref={end} />
      {isFetchNextPageError && (
        <p className="error" role="alert">
          {messageOf(error)}
        </p>
      )}
      {/* Not disabled while loading: a disabled button would drop the keyboard focus. */}
      <button
        type="button"
        className="button"
        onClick={() => {
          if (!isFetchingNextPage) fetchNextPage();
        }}
      >
        {isFetchingNextPage ? (
          "Loading…"
        ) : (
          <>
            {isFetchNextPageError ? "Try again" : "Load more"}
            <span className="visually-hidden"> {what}</span>
          </>
        )}
      </button>
    </nav>
  );
}
