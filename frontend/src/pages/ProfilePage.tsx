import { Link, useParams } from "react-router-dom";

import { ApiError } from "../api/errors";
import type { Profile } from "../api/types";
import { useMe } from "../auth/context";
import { Icon } from "../components/Icon";
import { LoadMore } from "../components/LoadMore";
import { Avatar } from "../components/people";
import { Empty, LoadError, Loading } from "../components/states";
import { usePageTitle } from "../components/usePageTitle";
import { FollowButton } from "../people/FollowButton";
import { PersonFailed } from "../people/PersonFailed";
import { PostGrid } from "../people/PostGrid";
import { useProfile, useUserPosts } from "../people/queries";
import "./people.css";

export function ProfilePage() {
  const { username = "" } = useParams();
  const profile = useProfile(username);
  const me = useMe();
  usePageTitle(pageTitle(username, profile.data, profile.error));

  const person = profile.data;
  // A failed background refresh keeps what was shown: only a first load failing replaces it.
  if (person === undefined) {
    if (profile.isError) {
      return <PersonFailed username={username} error={profile.error} retry={() => profile.refetch()} />;
    }
    return (
      <>
        <h1 className="visually-hidden">{username}</h1>
        <Loading what="Loading profile" />
      </>
    );
  }
  const isMe = person.username === me.username;
  return (
    <>
      <ProfileHeader person={person} isMe={isMe} />
      <h2 className="visually-hidden">Posts</h2>
      <ProfilePosts person={person} isMe={isMe} />
    </>
  );
}

function pageTitle(username: string, person: Profile | undefined, error: unknown): string {
  if (error instanceof ApiError && error.status === 404) return "Not found";
  if (!person) return `@${username}`;
  return `${person.display_name || person.username} (@${person.username})`;
}

function ProfileHeader({ person, isMe }: { person: Profile; isMe: boolean }) {
  const base = `/u/${person.username}`;
  return (
    <section className="profile">
      <div className="profile-avatar">
        <Avatar person={person} size={96} />
      </div>
      <div className="profile-info">
        <div className="profile-title">
          <h1>{person.username}</h1>
          {isMe ? (
            <Link className="button" to="/settings/profile">
              Edit profile
            </Link>
          ) : (
            <FollowButton person={person} />
          )}
        </div>
        <ul className="stats">
          <li>
            <strong>{count(person.post_count)}</strong> {person.post_count === 1 ? "post" : "posts"}
          </li>
          <li>
            <Link to={`${base}/followers`}>
              <strong>{count(person.follower_count)}</strong>{" "}
              {person.follower_count === 1 ? "follower" : "followers"}
            </Link>
          </li>
          <li>
            <Link to={`${base}/following`}>
              <strong>{count(person.following_count)}</strong> following
            </Link>
          </li>
        </ul>
        {person.display_name && <p className="display-name">{person.display_name}</p>}
        {person.bio && <p className="bio app-lines">{person.bio}</p>}
      </div>
    </section>
  );
}

function ProfilePosts({ person, isMe }: { person: Profile; isMe: boolean }) {
  const posts = useUserPosts(person.username);
  if (posts.data === undefined) {
    if (posts.isError) return <LoadError error={posts.error} retry={() => posts.refetch()} />;
    return <Loading what="Loading posts" />;
  }
  const items = posts.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <Empty title="No posts yet">
        {isMe ? (
          <>
            <p>When you share photos, they appear on your profile.</p>
            <Link className="button button-primary" to="/posts/new">
              <Icon name="plus" /> New post
            </Link>
          </>
        ) : (
          <p>{person.username} hasn't shared anything yet.</p>
        )}
      </Empty>
    );
  }
  return (
    <>
      <PostGrid posts={items} />
      <LoadMore
        what="posts"
        pages={posts}
      />
    </>
  );
}

/** "1,234", as the HTML site writes counts. */
function count(value: number): string {
  return value.toLocaleString("en");
}
