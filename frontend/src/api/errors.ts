/** What the API answers when it refuses a request (its `Error` schema), as something to throw. */

import type { components } from "./schema";

export type ErrorBody = components["schemas"]["Error"];

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** A message for each refused field, shown next to that field. */
  readonly fields: Record<string, string>;
  readonly requestId?: string;

  constructor(status: number, body: Partial<ErrorBody> | undefined) {
    super(body?.message ?? `The server answered ${status}. Please try again.`);
    this.name = "ApiError";
    this.status = status;
    this.code = body?.error ?? "unknown";
    this.fields = body?.fields ?? {};
    this.requestId = body?.request_id;
  }
}

/** A message for people, whatever went wrong (the network too). */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return "Can't reach Flaskgram. Check your connection and try again.";
  return "Something went wrong. Please try again.";
}
