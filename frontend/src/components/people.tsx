import { Link } from "react-router-dom";

import type { Author } from "../api/types";

/** A person's picture, or their initial when they have none (decorative: the name is beside it). */
export function Avatar({ person, size = 32 }: { person: Author; size?: number }) {
  if (person.avatar && "thumbnail_url" in person.avatar) {
    return (
      <img
        className="avatar"
        src={String(person.avatar.thumbnail_url)}
        width={size}
        height={size}
        alt=""
      />
    );
  }
  return (
    <span className={`avatar avatar-initial avatar-${size}`} aria-hidden="true">
      {person.username.charAt(0).toUpperCase()}
    </span>
  );
}

export function UserLink({ person }: { person: { username: string } }) {
  return (
    <Link className="username" to={`/u/${person.username}`}>
      {person.username}
    </Link>
  );
}
