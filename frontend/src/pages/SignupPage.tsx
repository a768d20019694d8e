import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";

import { useAuth } from "../auth/context";
import { Field, FormError } from "../components/Field";
import { placeErrors } from "../components/formErrors";
import { usePageTitle } from "../components/usePageTitle";
import { PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN } from "../limits";

const SHOWN_FIELDS = ["username", "email", "password"] as const;

export function SignupPage() {
  usePageTitle("Sign up");
  const { signUp } = useAuth();
  const navigate = useNavigate();
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [sending, setSending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSending(true);
    setError(null);
    setFields({});
    try {
      await signUp({ username, email, password });
      navigate("/", { replace: true });
    } catch (failure) {
      setPassword(""); // the one thing we never keep
      const placed = placeErrors(failure, SHOWN_FIELDS);
      setFields(placed.fields);
      setError(placed.message);
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="panel auth-panel">
      <h1 className="logo-big">Flaskgram</h1>
      <p className="muted">Sign up to share photos with your people.</p>
      <form onSubmit={submit} noValidate>
        <FormError message={error} />
        <Field
          label="Username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          hint={`${USERNAME_MIN}–${USERNAME_MAX} letters, numbers, dots or underscores.`}
          required
          value={username}
          error={fields.username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          error={fields.email}
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
          error={fields.password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <button type="submit" className="button button-primary button-wide" disabled={sending}>
          {sending ? "Signing up…" : "Sign up"}
        </button>
      </form>
      <p>
        Have an account? <Link to="/login">Log in</Link>
      </p>
    </section>
  );
}
