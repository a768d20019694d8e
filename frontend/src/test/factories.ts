/** Small makers of API shapes for tests; override what the test is about. */

import type { Comment, Me, Post } from "../api/types";

let nextId = 100;

export function makeMe(overrides: Partial<Me> = {}): Me {
  return {
    username: "me",
    display_name: "Me Myself",
    avatar: null,
    bio: "",
    post_count: 1,
    follower_count: 0,
    following_count: 0,
    followed_by_me: false,
    created_at: "2024-01-01T00:00:00Z",
    email: "me@example.com",
    is_admin: false,
    unread_notifications: 0,
    ...overrides,
  };
}

export function makePost(overrides: Partial<Post> = {}): Post {
  const id = overrides.id ?? nextId++;
  return {
    id,
    author: { username: "alice", display_name: "Alice", avatar: null },
    images: [
      {
        url: `/api/v1/images/photo-${id}.jpg`,
        thumbnail_url: `/api/v1/images/photo-${id}-thumb.jpg`,
        width: 1080,
        height: 810,
        alt_text: "",
        position: 1,
        original_url: null,
      },
    ],
    caption: `Post number ${id}`,
    mentions: [],
    like_count: 0,
    comment_count: 0,
    liked: false,
    saved: false,
    can_edit: false,
    can_delete: false,
    created_at: new Date(Date.now() - 3600_000).toISOString(),
    edited_at: null,
    ...overrides,
  };
}

export function makeComment(overrides: Partial<Comment> = {}): Comment {
  return {
    id: nextId++,
    post_id: 1,
    author: { username: "bob", display_name: "Bob", avatar: null },
    body: "Lovely light!",
    mentions: [],
    can_delete: false,
    created_at: new Date(Date.now() - 300_000).toISOString(),
    ...overrides,
  };
}
