import { useParams } from "react-router-dom";

import { ApiError } from "../api/errors";
import { LoadMore } from "../components/LoadMore";
import { LoadError, Loading } from "../components/states";
import { usePageTitle } from "../components/usePageTitle";
import { useTagPosts } from "../discover/queries";
import { PostGrid } from "../people/PostGrid";
import { NotFoundPage } from "./NotFoundPage";
import "../discover/discover.css";

/** `/tags/:tag`: a hashtag's posts, newest first, with how many there are (discover/tag.html). */
export function TagPage() {
  const { tag = "" } = useParams();
  const posts = useTagPosts(tag);
  const missing = posts.error instanceof ApiError && posts.error.status === 404;
  // This page's title wins over the not-found page's (a parent's effect runs last).
  usePageTitle(missing ? "Not found" : `#${posts.data?.pages[0]?.tag.name ?? tag}`);

  if (posts.data === undefined) {
    if (missing) return <NotFoundPage />;
    if (posts.isError) return <LoadError error={posts.error} retry={() => posts.refetch()} />;
    return (
      <>
        <h1 className="visually-hidden">#{tag}</h1>
        <Loading what="Loading posts" />
      </>
    );
  }

  const { name, post_count: count } = posts.data.pages[0]!.tag;
  const items = posts.data.pages.flatMap((page) => page.items);
  return (
    <div className="saved-page tag-page">
      <h1>#{name}</h1>
      <p className="muted app-page-note">
        {count.toLocaleString("en")} {count === 1 ? "post" : "posts"}
      </p>
      {items.length === 0 ? (
        <section className="empty">
          <p>No posts to show with this tag.</p>
        </section>
      ) : (
        <>
          <PostGrid posts={items} />
          <LoadMore
            what={`posts tagged #${name}`}
            pages={posts}
          />
        </>
      )}
    </div>
  );
}
