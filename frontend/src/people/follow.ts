/**
 * Following someone, shown at once: the button and the counts change before the server
 * answers, and change back if it refuses.
 */

import {
  useMutation,
  useQueryClient,
  type InfiniteData,
  type Query,
  type QueryClient,
} from "@tanstack/react-query";

import { api, ok } from "../api/client";
import type { PeoplePage, Profile } from "../api/types";
import { useMe } from "../auth/context";
import { postKeys } from "../posts/cache";
import { userKeys } from "./queries";

export function useFollow(person: Profile) {
  const queryClient = useQueryClient();
  const me = useMe();
  const username = person.username;

  return useMutation({
    mutationFn: (follow: boolean) => {
      const options = { params: { path: { username } } };
      return ok(
        follow
          ? api.PUT("/api/v1/users/{username}/follow", options)
          : api.DELETE("/api/v1/users/{username}/follow", options),
      );
    },
    onMutate: async (follow) => {
      // A load already on its way would overwrite the change with what it read before.
      await queryClient.cancelQueries({
        predicate: (query) => showsFollow(query, username, me.username),
      });
      const step = follow === person.followed_by_me ? 0 : follow ? 1 : -1;
      showFollow(queryClient, username, follow, step);
      adjustMyFollowingCount(queryClient, me.username, step);
      return { step };
    },
    onError: (_error, follow, context) => {
      // Undo exactly what onMutate did, so another change made meanwhile stays.
      const step = context?.step ?? 0;
      showFollow(queryClient, username, !follow, -step);
      adjustMyFollowingCount(queryClient, me.username, -step);
    },
    onSuccess: (profile) => {
      // The server's counts, which others' follows may have changed meanwhile.
      queryClient.setQueryData(userKeys.person(username), profile);
      updatePeopleLists(queryClient, username, () => profile);
    },
    onSettled: () => {
      // Lists that gain or lose someone: read again when next shown, not under the person's eyes.
      for (const key of [
        userKeys.people(username, "followers"),
        userKeys.people(me.username, "following"),
        userKeys.person(me.username),
      ]) {
        void queryClient.invalidateQueries({ queryKey: key, exact: true, refetchType: "none" });
      }
      // The Following feed gains or loses their posts: read again now if it is shown (the
      // person may have gone there before the server answered), or else when next shown.
      void queryClient.invalidateQueries({ queryKey: postKeys.feed("following"), exact: true });
    },
  });
}

function showFollow(queryClient: QueryClient, username: string, follow: boolean, step: number) {
  const change = (profile: Profile): Profile => ({
    ...profile,
    followed_by_me: follow,
    follower_count: profile.follower_count + step,
  });
  queryClient.setQueryData<Profile>(userKeys.person(username), (profile) => profile && change(profile));
  updatePeopleLists(queryClient, username, change);
}

function adjustMyFollowingCount(queryClient: QueryClient, myName: string, step: number) {
  queryClient.setQueryData<Profile>(
    userKeys.person(myName),
    (profile) => profile && { ...profile, following_count: profile.following_count + step },
  );
}

/** Change one person wherever a followers or following list shows them. */
function updatePeopleLists(
  queryClient: QueryClient,
  username: string,
  change: (profile: Profile) => Profile,
) {
  queryClient.setQueriesData<InfiniteData<PeoplePage>>({ predicate: isPeopleList }, (lists) =>
    lists
      ? {
          ...lists,
          pages: lists.pages.map((page) => ({
            ...page,
            items: page.items.map((item) => (item.username === username ? change(item) : item)),
          })),
        }
      : lists,
  );
}

function isPeopleList(query: Query): boolean {
  const [scope, , list] = query.queryKey;
  return scope === "users" && (list === "followers" || list === "following");
}

function showsFollow(query: Query, username: string, myName: string): boolean {
  const key = query.queryKey;
  const isProfileOf = (name: string) =>
    key.length === 2 && key[0] === "users" && key[1] === name.toLowerCase();
  return isPeopleList(query) || isProfileOf(username) || isProfileOf(myName);
}
