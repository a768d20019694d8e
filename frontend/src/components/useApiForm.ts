import { useState, type FormEvent } from "react";

import { placeErrors } from "./formErrors";

type Options = {
  /** After a refusal: clear what must not be kept (a password). Return true if it was fully handled. */
  onFailure?: (failure: unknown) => boolean | void;
};

/**
 * The state every API form has: a message at each field the form shows, one above it for
 * the rest, and "sending" while the request is out. `submit(task)` is the form's onSubmit.
 */
export function useApiForm(shown: readonly string[], { onFailure }: Options = {}) {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  function submit(task: () => Promise<void>) {
    return async (event: FormEvent) => {
      event.preventDefault();
      if (sending) return;
      setSending(true);
      setError(null);
      setFields({});
      try {
        await task();
      } catch (failure) {
        if (onFailure?.(failure) !== true) {
          const placed = placeErrors(failure, shown);
          setFields(placed.fields);
          setError(placed.message);
        }
      } finally {
        setSending(false);
      }
    };
  }

  /** A message of the client's own at a field (two passwords that differ). */
  function refuse(field: string, message: string) {
    setError(null);
    setFields({ [field]: message });
  }

  return { fields, error, sending, submit, refuse };
}
