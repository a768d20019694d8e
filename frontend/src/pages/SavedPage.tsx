import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";

import { api, ok } from "../api/client";
import { Icon } from "../components/Icon";
import { LoadMore } from "../components/LoadMore";
import { LoadError, Loading } from "../components/states";
import { usePageTitle } from "../components/usePageTitle";
import { PostGrid } from "../people/PostGrid";
import { savedKey } from "../posts/cache";

/** Your saved posts, newest saved first: a page at a time; each page's next_cursor is the next `before`. */
function useSaved() {
  return useInfiniteQuery({
    queryKey: savedKey,
    queryFn: ({ pageParam }) =>
      ok(api.GET("/api/v1/me/saved", { params: { query: pageParam === undefined ? {} : { before: pageParam } } })),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

/** `/saved`: the posts you saved, as a grid (the HTML site's posts/saved.html). Only you see it. */
export function SavedPage() {
  usePageTitle("Saved");
  const saved = useSaved();
  const posts = saved.data?.pages.flatMap((page) => page.items) ?? [];

  let content;
  if (saved.isPending) content = <Loading what="Loading your saved posts" />;
  else if (saved.isError && !saved.data) content = <LoadError error={saved.error} retry={() => saved.refetch()} />;
  else if (posts.length === 0)
    content = (
      <section className="empty">
        <span className="empty-icon">
          <Icon name="bookmark" />
        </span>
        <h2>Save posts for later</h2>
        <p>Press the bookmark under a post to keep it here. Nobody else sees what you save, and its author isn't told.</p>
        <Link className="button" to="/">
          Go to your feed
        </Link>
      </section>
    );
  else
    content = (
      <>
        <PostGrid posts={posts} />
        <LoadMore
          what="saved posts"
          pages={saved}
        />
      </>
    );

  return (
    <div className="saved-page">
      <h1>Saved</h1>
      <p className="muted saved-note">
        <Icon name="bookmark" />
        Only you can see what you've saved.
      </p>
      {content}
    </div>
  );
}
