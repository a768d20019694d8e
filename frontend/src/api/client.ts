/** The typed API client: paths, parameters and answers come from the server's OpenAPI document. */

import createClient from "openapi-fetch";

import { ApiError, type ErrorBody } from "./errors";
import type { paths } from "./schema";
import { authorizedFetch, CLIENT_HEADER } from "./session";

export const api = createClient<paths>({
  baseUrl: window.location.origin,
  fetch: authorizedFetch,
  headers: CLIENT_HEADER,
  credentials: "same-origin",
});

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The data of a successful answer; otherwise throw an ApiError carrying the server's message. */
export async function ok<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, error as Partial<ErrorBody> | undefined);
  return data as T;
}
