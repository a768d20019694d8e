import { useId, useState, type FormEvent } from "react";
import { useSearchParams } from "react-router-dom";

import { useMe } from "../../auth/context";
import { LoadMore } from "../../components/LoadMore";
import { Empty, LoadError, Loading } from "../../components/states";
import { usePageTitle } from "../../components/usePageTitle";
import { PersonAdminRow } from "./PersonAdminRow";
import { useAdminPeople } from "./queries";

/** `/admin/people?q=`: everyone with an account, newest first, and what an admin can do about each. */
export function AdminPeoplePage() {
  usePageTitle("People · Admin");
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const people = useAdminPeople(q);
  const items = people.data?.pages.flatMap((page) => page.items) ?? [];

  let content;
  if (people.isPending) content = <Loading what="Loading people" />;
  else if (people.isError && !people.data) content = <LoadError error={people.error} retry={() => people.refetch()} />;
  else if (items.length === 0)
    content = <Empty title={q ? `Nobody matches “${q}”` : "Nobody here yet"} />;
  else
    content = (
      <>
        <ul className="app-admin-list" aria-label="People">
          {items.map((person) => (
            <PersonAdminRow key={person.username} person={person} isMe={person.username === me.username} />
          ))}
        </ul>
        <LoadMore
          what="people"
          pages={people}
        />
      </>
    );

  return (
    <>
      <h1>People</h1>
      <Search key={q} initial={q} onSearch={(next) => setParams(next ? { q: next } : {})} />
      {content}
    </>
  );
}

function Search({ initial, onSearch }: { initial: string; onSearch: (q: string) => void }) {
  const id = useId();
  const [text, setText] = useState(initial);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(text.trim());
  }
  return (
    <form className="app-search" role="search" onSubmit={submit}>
      <div className="field">
        <label htmlFor={id}>Search people</label>
        <input id={id} type="search" name="q" value={text} onChange={(event) => setText(event.target.value)} />
      </div>
      <button type="submit" className="button">
        Search
      </button>
    </form>
  );
}
