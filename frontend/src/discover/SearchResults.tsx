import { Link } from "react-router-dom";

import type { Author, Post } from "../api/types";
import { LoadMore } from "../components/LoadMore";
import { Avatar, UserLink } from "../components/people";
import { Empty, LoadError, Loading } from "../components/states";
import { PostGrid } from "../people/PostGrid";
import { useSearch, type SearchType, type TagSummary } from "./queries";

const NOUNS: Record<SearchType, string> = { people: "people", tags: "tags", posts: "posts" };

/** One tab of search results, a page at a time. */
export function SearchResults({ type, q }: { type: SearchType; q: string }) {
  const search = useSearch(type, q);
  const heading = <h2 className="visually-hidden">{`${NOUNS[type]} matching “${q}”`}</h2>;

  if (search.data === undefined) {
    if (search.isError) return <LoadError error={search.error} retry={() => search.refetch()} />;
    return <Loading what={`Searching ${NOUNS[type]}`} />;
  }
  const items = search.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <>
        {heading}
        <Empty title={`No ${NOUNS[type]} found`}>
          <p>
            Nothing matches <strong>{q}</strong>.{" "}
            {type === "posts" && "Search looks in your posts and those of the people you follow."}
          </p>
        </Empty>
      </>
    );
  }
  return (
    <section className="app-results">
      {heading}
      {type === "people" && <PeopleResults people={items as Author[]} />}
      {type === "tags" && <TagResults tags={items as TagSummary[]} />}
      {type === "posts" && <PostGrid posts={items as Post[]} />}
      <LoadMore
        what={NOUNS[type]}
        hasNextPage={search.hasNextPage}
        isFetchingNextPage={search.isFetchingNextPage}
        isFetchNextPageError={search.isFetchNextPageError}
        error={search.error}
        fetchNextPage={search.fetchNextPage}
      />
    </section>
  );
}

function PeopleResults({ people }: { people: Author[] }) {
  return (
    <ul className="people">
      {people.map((person) => (
        <li key={person.username}>
          <Avatar person={person} size={40} />
          <div className="person">
            <UserLink person={person} />
            {person.display_name && <span className="muted">{person.display_name}</span>}
          </div>
        </li>
      ))}
    </ul>
  );
}

function TagResults({ tags }: { tags: TagSummary[] }) {
  return (
    <ul className="people">
      {tags.map((tag) => (
        <li key={tag.name}>
          <span className="avatar avatar-initial avatar-40" aria-hidden="true">
            #
          </span>
          <div className="person">
            <Link className="username" to={`/tags/${encodeURIComponent(tag.name)}`}>
              #{tag.name}
            </Link>
            <span className="muted">
              {tag.post_count.toLocaleString("en")} {tag.post_count === 1 ? "post" : "posts"}
            </span>
          </div>
        </li>
      ))}
    </ul>
  );
}
