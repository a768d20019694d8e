import type { InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import type { CommentPage, PostPage } from "../api/types";
import { makeComment, makePost } from "../test/factories";
import { testQueryClient } from "../test/render";
import { postKeys, removePostEverywhere, updatePostEverywhere } from "./cache";

function cacheWithPost7() {
  const queryClient = testQueryClient();
  const post = makePost({ id: 7, like_count: 1 });
  queryClient.setQueryData(postKeys.post(7), post);
  queryClient.setQueryData<InfiniteData<PostPage>>(postKeys.feed("all"), {
    pages: [{ items: [makePost({ id: 8 })], next_cursor: 8 }, { items: [post], next_cursor: null }],
    pageParams: [undefined, 8],
  });
  // A list another page keeps under its own key (a profile's posts), not paged by us.
  queryClient.setQueryData<PostPage>(["users", "alice", "posts"], { items: [post], next_cursor: null });
  queryClient.setQueryData<InfiniteData<CommentPage>>(postKeys.comments(7), {
    pages: [{ items: [makeComment({ id: 7, post_id: 7 })], next_cursor: null }],
    pageParams: [undefined],
  });
  return queryClient;
}

describe("updatePostEverywhere", () => {
  it("changes the post in every query holding it, whatever its key", () => {
    const queryClient = cacheWithPost7();
    const otherPost = queryClient.getQueryData<InfiniteData<PostPage>>(postKeys.feed("all"))!.pages[0];
    const comments = queryClient.getQueryData(postKeys.comments(7));

    updatePostEverywhere(queryClient, 7, (post) => ({ ...post, like_count: 2 }));

    expect(queryClient.getQueryData(postKeys.post(7))).toMatchObject({ like_count: 2 });
    const feed = queryClient.getQueryData<InfiniteData<PostPage>>(postKeys.feed("all"))!;
    expect(feed.pages[1]!.items[0]).toMatchObject({ id: 7, like_count: 2 });
    expect(feed.pages[0]).toBe(otherPost); // untouched pages keep their identity
    expect(queryClient.getQueryData<PostPage>(["users", "alice", "posts"])!.items[0]).toMatchObject({ like_count: 2 });
    expect(queryClient.getQueryData(postKeys.comments(7))).toBe(comments); // a comment with id 7 is no post
  });
});

describe("removePostEverywhere", () => {
  it("takes the post out of every list", () => {
    const queryClient = cacheWithPost7();

    removePostEverywhere(queryClient, 7);

    const feed = queryClient.getQueryData<InfiniteData<PostPage>>(postKeys.feed("all"))!;
    expect(feed.pages.map((page) => page.items.map((post) => post.id))).toEqual([[8], []]);
    expect(queryClient.getQueryData<PostPage>(["users", "alice", "posts"])!.items).toEqual([]);
    expect(queryClient.getQueryData<InfiniteData<CommentPage>>(postKeys.comments(7))!.pages[0]!.items).toHaveLength(1);
  });
});
