/** Small factories for what the API answers about people and posts. */

import type { Me, Post, Profile } from "../api/types";

export function makeProfile(overrides: Partial<Profile> = {}): Profile {
  return {
    username: "bob",
    display_name: "Bob Builder",
    avatar: null,
    bio: "",
    post_count: 0,
    follower_count: 0,
    following_count: 0,
    followed_by_me: false,
    created_at: "2024-05-01T10:00:00Z",
    ...overrides,
  };
}

export function makeMe(overrides: Partial<Me> = {}): Me {
  return {
    ...makeProfile({ username: "alice", display_name: "Alice" }),
    email: "alice@example.com",
    is_admin: false,
    unread_notifications: 0,
    ...overrides,
  };
}

let nextPostId = 100;

export function makePost(overrides: Partial<Post> = {}): Post {
  const id = overrides.id ?? nextPostId++;
  return {
    id,
    author: { username: "bob", display_name: "Bob Builder", avatar: null },
    images: [
      {
        url: `/api/v1/images/p${id}.jpg`,
        thumbnail_url: `/api/v1/images/p${id}_640.jpg`,
        width: 1080,
        height: 1350,
        alt_text: "",
        position: 1,
        original_url: null,
      },
    ],
    caption: "",
    mentions: [],
    like_count: 0,
    comment_count: 0,
    liked: false,
    saved: false,
    can_edit: false,
    can_delete: false,
    created_at: "2024-05-02T10:00:00Z",
    edited_at: null,
    ...overrides,
  };
}
