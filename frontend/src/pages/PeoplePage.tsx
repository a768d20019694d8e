import { Link, useParams } from "react-router-dom";

import type { Profile } from "../api/types";
import { useMe } from "../auth/context";
import { LoadMore } from "../components/LoadMore";
import { Avatar, UserLink } from "../components/people";
import { Loading } from "../components/states";
import { usePageTitle } from "../components/usePageTitle";
import { FollowButton } from "../people/FollowButton";
import { PersonFailed } from "../people/PersonFailed";
import { usePeople, type PeopleList } from "../people/queries";
import "./people.css";

/** Someone's followers, or the people they follow, with a follow button beside each. */
export function PeoplePage({ list }: { list: PeopleList }) {
  const { username = "" } = useParams();
  const me = useMe();
  const people = usePeople(username, list);
  const title = list === "followers" ? `People following ${username}` : `People ${username} follows`;
  usePageTitle(title);

  if (people.data === undefined) {
    if (people.isError) {
      return <PersonFailed username={username} error={people.error} retry={() => people.refetch()} />;
    }
    return (
      <>
        <h1 className="visually-hidden">{title}</h1>
        <Loading what="Loading people" />
      </>
    );
  }

  const items = people.data.pages.flatMap((page) => page.items);
  const isMe = username.toLowerCase() === me.username;
  return (
    <section className="panel">
      <p>
        <Link to={`/u/${username}`}>← {username}</Link>
      </p>
      <h1>{title}</h1>
      {items.length === 0 ? (
        <NobodyYet list={list} username={username} isMe={isMe} />
      ) : (
        <ul className="people">
          {items.map((person) => (
            <PersonRow key={person.username} person={person} isMe={person.username === me.username} />
          ))}
        </ul>
      )}
      <LoadMore
        what="people"
        pages={people}
      />
    </section>
  );
}

function PersonRow({ person, isMe }: { person: Profile; isMe: boolean }) {
  return (
    <li>
      <Avatar person={person} size={40} />
      <div className="person">
        <UserLink person={person} />
        {person.display_name && <span className="muted">{person.display_name}</span>}
      </div>
      {!isMe && <FollowButton person={person} />}
    </li>
  );
}

function NobodyYet({ list, username, isMe }: { list: PeopleList; username: string; isMe: boolean }) {
  let sentence: string;
  if (list === "followers") sentence = `Nobody follows ${isMe ? "you" : username} yet.`;
  else if (isMe) sentence = "You don't follow anyone yet.";
  else sentence = `${username} doesn't follow anyone yet.`;
  return (
    <div className="empty">
      <p>{sentence}</p>
      <p>
        Find people to follow in the <Link to="/">feed</Link>
        {isMe && (
          <>
            , or <Link to="/posts/new">share a photo</Link>
          </>
        )}
        .
      </p>
    </div>
  );
}
