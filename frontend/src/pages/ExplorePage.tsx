import { Link } from "react-router-dom";

import { LoadMore } from "../components/LoadMore";
import { LoadError, Loading } from "../components/states";
import { usePageTitle } from "../components/usePageTitle";
import { useExplore } from "../discover/queries";
import { PostGrid } from "../people/PostGrid";
import "../discover/discover.css";

/** `/explore`: recent popular posts by people you don't follow, as a grid (discover/explore.html). */
export function ExplorePage() {
  usePageTitle("Explore");
  const explore = useExplore();
  const posts = explore.data?.pages.flatMap((page) => page.items) ?? [];

  let content;
  if (explore.isPending) content = <Loading what="Loading popular posts" />;
  else if (explore.isError && !explore.data)
    content = <LoadError error={explore.error} retry={() => explore.refetch()} />;
  else if (posts.length === 0)
    content = (
      <section className="empty">
        <p>Nothing new to explore right now. Come back later.</p>
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
          what="popular posts"
          pages={explore}
        />
      </>
    );

  return (
    <div className="saved-page explore-page">
      <h1>Explore</h1>
      <p className="muted app-page-note">Popular this week with people you don't follow yet.</p>
      {content}
    </div>
  );
}
