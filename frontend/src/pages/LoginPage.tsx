import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";

import { ApiError, messageOf } from "../api/errors";
import { useResetOptions, useSite } from "../api/site";
import { useAuth } from "../auth/context";
import { Field, FormError } from "../components/Field";
import { usePageTitle } from "../components/usePageTitle";
import { safeNext } from "../routing";

export function LoginPage() {
  usePageTitle("Log in");
  const { logIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState("");
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
      await logIn(username, password);
      navigate(safeNext(params.get("next")), { replace: true });
    } catch (failure) {
      setPassword(""); // the one thing we never keep
      if (failure instanceof ApiError && Object.keys(failure.fields).length) {
        setFields(failure.fields);
      } else {
        setError(messageOf(failure));
      }
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="panel auth-panel">
      <h1 className="logo-big">Flaskgram</h1>
      <form onSubmit={submit} noValidate>
        <FormError message={error} />
        <Field
          label="Username or email"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={username}
          error={fields.username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          error={fields.password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <button type="submit" className="button button-primary button-wide" disabled={sending}>
          {sending ? "Logging in…" : "Log in"}
        </button>
      </form>
      <ForgotPassword />
      <NewHere />
    </section>
  );
}

/** With e-mail set up, a link to ask for a reset link; without, who can help. */
function ForgotPassword() {
  const options = useResetOptions();
  if (!options.data) return null;
  if (options.data.email_reset) {
    return (
      <p>
        <Link to="/forgot">Forgot password?</Link>
      </p>
    );
  }
  return <p className="muted small">Forgot your password? Ask an admin of this site for a reset link.</p>;
}

function NewHere() {
  const site = useSite();
  if (site.data?.registration_mode === "closed") return null;
  return (
    <p>
      New here? <Link to="/signup">Sign up</Link>
    </p>
  );
}
