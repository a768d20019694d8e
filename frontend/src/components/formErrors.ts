import { ApiError, messageOf } from "../api/errors";

/**
 * Where to show a refusal: each message at the field it names, if the form shows that field;
 * anything else (a network failure, a rate limit, a field the form lacks) above the form.
 */
export function placeErrors(
  failure: unknown,
  shown: readonly string[],
): { fields: Record<string, string>; message: string | null } {
  if (!(failure instanceof ApiError)) return { fields: {}, message: messageOf(failure) };
  const fields: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const [name, text] of Object.entries(failure.fields)) {
    if (shown.includes(name)) fields[name] = text;
    else elsewhere.push(text);
  }
  if (Object.keys(failure.fields).length === 0) return { fields, message: failure.message };
  return { fields, message: elsewhere.length ? elsewhere.join(" ") : null };
}
