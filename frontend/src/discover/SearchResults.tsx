import { Link } from "react-router-dom";

import type { Profile, SearchPage, TagInfo } from "../api/types";
import { LoadMore } from "../components/LoadMore";
import { Avatar, UserLink } from "../components/people";
import { LoadError, Loading } from "../components/states";
import { PostGrid } from "../people/PostGrid";
import { useSearch, type SearchType } from "./queries";

const NOUNS: Record<SearchType, string> = { people: "people", tags: "tags", posts: "posts" };
const HEADINGS: Record<SearchType, string> = { people: "People", tags: "Tags", posts: "Posts" };

/** One tab of search results, a page at a time. */
export function SearchResults({ type, q }: { type: SearchType; q: string }) {
  const search = useSearch(type, q);
  const heading = <h2 className="visually-hidden">{`${HEADINGS[type]} matching “${q}”`}</h2>;

  if (search.data === undefined) {
    if (search.isError) return <LoadError error={search.error} retry={() => search.refetch()} />;
    return <Loading what={`Searching ${NOUNS[type]}`} />;
  }
  const { pages } = search.data;
  if (!pages.some((page) => found(page, type))) {
    return (
      <>
        {heading}
        <p className="empty-results" role="status">
          Nothing found for “{q}”.
          {type === "posts" && " Search finds words in your posts and those of the people you follow."}
        </p>
      </>
    );
  }
  return (
    <section>
      {heading}
      {/* The address changed but not the page: say the results are here. */}
      <p className="visually-hidden" role="status">
        {HEADINGS[type]} found for “{q}”.
      </p>
      {type === "people" && <PeopleResults people={pages.flatMap((page) => page.people)} />}
      {type === "tags" && <TagResults tags={pages.flatMap((page) => page.tags)} />}
      {type === "posts" && <PostGrid posts={pages.flatMap((page) => page.posts)} />}
      <LoadMore
        what={NOUNS[type]}
        pages={search}
      />
    </section>
  );
}

function found(page: SearchPage, type: SearchType): boolean {
  return page[type].length > 0;
}

function PeopleResults({ people }: { people: Profile[] }) {
  return (
    <ul className="people">
      {people.map((person) => (
        <li key={person.username}>
          <Avatar person={person} size={32} />
          <div className="person">
            <UserLink person={person} />
            {person.display_name && <span className="muted">{person.display_name}</span>}
          </div>
        </li>
      ))}
    </ul>
  );
}

function TagResults({ tags }: { tags: TagInfo[] }) {
  return (
    <ul className="people">
      {tags.map((tag) => (
        <li key={tag.name}>
          <Link className="hashtag" to={`/tags/${encodeURIComponent(tag.name)}`}>
            #{tag.name}
          </Link>{" "}
          <span className="muted">
            {tag.post_count.toLocaleString("en")} {tag.post_count === 1 ? "post" : "posts"}
          </span>
        </li>
      ))}
    </ul>
  );
}
