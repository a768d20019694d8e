import { useEffect, useRef } from "react";
import { Link } from "react-router-dom";

import { messageOf } from "../api/errors";
import { Empty, LoadError, Loading } from "../components/states";
import { usePageTitle } from "../components/usePageTitle";
import type { FeedTab } from "../posts/cache";
import { PostCard } from "../posts/PostCard";
import { useFeed } from "../posts/queries";
import "../posts/posts.css";

const TITLES: Record<FeedTab, string> = { all: "Feed", following: "Following" };

/**
 * Every post (`/`) or those of the people you follow (`/following`), newest first. The
 * next page loads as the end of the list nears the screen, or with the "Older posts"
 * button (for keyboards, and browsers without IntersectionObserver).
 */
export function FeedPage({ tab }: { tab: FeedTab }) {
  usePageTitle(TITLES[tab]);
  return (
    <div className="feed">
      <nav className="tabs" aria-label="Feeds">
        <Link to="/" aria-current={tab === "all" ? "page" : undefined}>
          Feed
        </Link>
        <Link to="/following" aria-current={tab === "following" ? "page" : undefined}>
          Following
        </Link>
      </nav>
      <h1 className="visually-hidden">{TITLES[tab]}</h1>
      <FeedPosts tab={tab} />
    </div>
  );
}

function FeedPosts({ tab }: { tab: FeedTab }) {
  const feed = useFeed(tab);
  const list = useRef<HTMLDivElement>(null);
  const posts = feed.data?.pages.flatMap((page) => page.items) ?? [];
  // After "Older posts", focus goes to the first new post (the button may be gone).
  const focusFrom = useRef<number | null>(null);

  useEffect(() => {
    const first = focusFrom.current === null ? undefined : posts[focusFrom.current];
    if (!first) return;
    focusFrom.current = null;
    list.current?.querySelector<HTMLElement>(`#post-${first.id} a`)?.focus();
  });

  if (feed.isPending) return <Loading what="Loading posts" />;
  if (feed.isError && !feed.data) return <LoadError error={feed.error} retry={() => feed.refetch()} />;
  if (posts.length === 0) return <EmptyFeed tab={tab} />;

  function loadOlder() {
    if (feed.isFetchingNextPage) return;
    focusFrom.current = posts.length;
    void feed.fetchNextPage();
  }

  return (
    <>
      <div ref={list}>
        {posts.map((post) => (
          <PostCard key={post.id} post={post} />
        ))}
      </div>
      {feed.hasNextPage ? (
        <div className="app-feed-end">
          <LoadWhenNear
            enabled={!feed.isFetchingNextPage && !feed.isFetchNextPageError}
            load={() => void feed.fetchNextPage()}
          />
          {feed.isFetchNextPageError && (
            <p className="error" role="alert">
              Couldn't load older posts. {messageOf(feed.error)}
            </p>
          )}
          <button
            type="button"
            className="button"
            // aria-disabled, not disabled: the focused button keeps focus while it loads.
            aria-disabled={feed.isFetchingNextPage}
            onClick={loadOlder}
          >
            {feed.isFetchingNextPage ? "Loading older posts…" : "Older posts"}
          </button>
        </div>
      ) : (
        <Empty title="That's everything">
          <p>You've seen all the posts.</p>
          <button type="button" className="button" onClick={backToTop}>
            Back to the top
          </button>
        </Empty>
      )}
    </>
  );
}

function backToTop() {
  window.scrollTo({ top: 0 });
  document.getElementById("main")?.focus({ preventScroll: true });
}

/**
 * An invisible mark at the end of the list: when it comes within a screen or so of the
 * viewport, `load` runs. It watches again after each load, so a tall screen keeps filling.
 */
function LoadWhenNear({ enabled, load }: { enabled: boolean; load: () => void }) {
  const mark = useRef<HTMLDivElement>(null);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    const target = mark.current;
    if (!enabled || !target || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) loadRef.current();
      },
      { rootMargin: "0px 0px 800px 0px" },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [enabled]);

  return <div className="app-sentinel" ref={mark} aria-hidden="true" />;
}

function EmptyFeed({ tab }: { tab: FeedTab }) {
  if (tab === "following") {
    return (
      <Empty title="Nothing here yet">
        <p>
          Posts from people you follow show up here. Find people in the <Link to="/">main feed</Link> and follow
          them, or share your first photo.
        </p>
        <Link className="button button-primary" to="/posts/new">
          New post
        </Link>
      </Empty>
    );
  }
  return (
    <Empty title="No posts yet">
      <p>Be the first to share a photo.</p>
      <Link className="button button-primary" to="/posts/new">
        New post
      </Link>
    </Empty>
  );
}
