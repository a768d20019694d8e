import { useState } from "react";

import { useAuth, type SignupResult } from "../../auth/context";
import { Field, FormError } from "../../components/Field";
import { useApiForm } from "../../components/useApiForm";
import { PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN } from "../../limits";

const SHOWN_FIELDS = ["username", "email", "password"] as const;

type Props = {
  /** The token of the invitation link the person followed, sent with the account. */
  invitation?: string;
  /** The account was made but nobody is logged in: it waits for an admin, or for its address. */
  onWaiting: (result: Exclude<SignupResult, "in">, email: string) => void;
};

/** The signup form. A new account is logged in at once (OnlyLoggedOut then leaves for the feed). */
export function SignupForm({ invitation, onWaiting }: Props) {
  const { signUp } = useAuth();
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const form = useApiForm(SHOWN_FIELDS, { onFailure: () => setPassword("") }); // never kept

  const submit = form.submit(async () => {
    const result = await signUp({ username, email, password, ...(invitation ? { invitation } : {}) });
    if (result !== "in") onWaiting(result, email);
  });

  return (
    <form onSubmit={submit} noValidate>
      <FormError message={form.error} />
      <Field
        label="Username"
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        hint={`${USERNAME_MIN}–${USERNAME_MAX} letters, numbers, dots or underscores.`}
        required
        value={username}
        error={form.fields.username}
        onChange={(event) => setUsername(event.target.value)}
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        value={email}
        error={form.fields.email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN} characters.`}
        required
        value={password}
        error={form.fields.password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <button type="submit" className="button button-primary button-wide" disabled={form.sending}>
        {form.sending ? "Signing up…" : "Sign up"}
      </button>
    </form>
  );
}
