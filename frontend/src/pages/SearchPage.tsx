import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";

import { usePageTitle } from "../components/usePageTitle";
import type { SearchType } from "../discover/queries";
import { SearchResults } from "../discover/SearchResults";
import "../discover/discover.css";

/** The server reads this much of a search (search.QUERY_MAX). */
const SEARCH_MAX = 200;

const TYPES: { type: SearchType; label: string }[] = [
  { type: "people", label: "People" },
  { type: "tags", label: "Tags" },
  { type: "posts", label: "Posts" },
];

function typeOf(value: string | null): SearchType {
  return TYPES.some(({ type }) => type === value) ? (value as SearchType) : "people";
}

/**
 * `/search?q=…&type=…`: people by name, tags by their start, and the captions of posts by
 * you and the people you follow (discover/search.html). With no query, only the box.
 */
export function SearchPage() {
  const [params] = useSearchParams();
  const q = (params.get("q") ?? "").trim();
  const type = typeOf(params.get("type"));
  usePageTitle(q ? `${q} · Search` : "Search");

  return (
    <section className="panel search-page">
      <h1>Search</h1>
      {/* A new query (or Back to an old one) starts the box from the address. */}
      <SearchForm key={q} q={q} type={type} />
      {q && (
        <>
          <nav className="tabs" aria-label="What to search">
            {TYPES.map((tab) => (
              <Link
                key={tab.type}
                to={`/search?${new URLSearchParams({ q, type: tab.type })}`}
                aria-current={tab.type === type ? "page" : undefined}
              >
                {tab.label}
              </Link>
            ))}
          </nav>
          <SearchResults key={`${type} ${q}`} type={type} q={q} />
        </>
      )}
    </section>
  );
}

function SearchForm({ q, type }: { q: string; type: SearchType }) {
  const [, setParams] = useSearchParams();
  const [text, setText] = useState(q);

  function submit(event: FormEvent) {
    event.preventDefault();
    const query = text.trim();
    setParams(query ? { q: query, type } : {});
  }

  return (
    <form role="search" className="app-search-form" onSubmit={submit}>
      <label className="visually-hidden" htmlFor="search-q">
        Search
      </label>
      <input
        id="search-q"
        type="search"
        name="q"
        value={text}
        maxLength={SEARCH_MAX}
        placeholder="People, #tags or words in posts"
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit" className="button button-primary">
        Search
      </button>
    </form>
  );
}
