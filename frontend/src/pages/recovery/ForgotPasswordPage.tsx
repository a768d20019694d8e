import { useState } from "react";
import { Link } from "react-router-dom";

import { api, ok } from "../../api/client";
import { useResetOptions } from "../../api/site";
import { Field, FormError } from "../../components/Field";
import { useApiForm } from "../../components/useApiForm";
import { usePageTitle } from "../../components/usePageTitle";
import { Notice } from "../signup/Notice";

/**
 * `/forgot`: ask for a reset link by e-mail. The answer is the same whether or not the
 * address has an account, so the page can't tell anyone who has one.
 */
export function ForgotPasswordPage() {
  usePageTitle("Forgot password");
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const form = useApiForm(["email"]);
  const options = useResetOptions();

  const submit = form.submit(async () => {
    await ok(api.POST("/api/v1/auth/password-reset", { body: { email } }));
    setSent(true);
  });

  if (options.data?.email_reset === false) {
    return (
      <Notice title="Ask an admin for a reset link">
        <p>
          This site doesn't send e-mail. An admin of the site can make you a link to choose a new password, and pass it
          on to you by any channel.
        </p>
        <p>
          <Link to="/login">Back to log in</Link>
        </p>
      </Notice>
    );
  }
  if (sent) {
    return (
      <Notice title="Check your e-mail" focus>
        <p>
          If <strong>{email}</strong> belongs to an account here, we have sent it a link to choose a new password. The
          link works once, for a limited time.
        </p>
        <p className="muted">Nothing arrived? Look in your spam folder, or ask an admin of this site for a reset link.</p>
        <p>
          <Link to="/login">Back to log in</Link>
        </p>
      </Notice>
    );
  }
  return (
    <section className="panel auth-panel">
      <p className="logo-big">Flaskgram</p>
      <h1>Forgot your password?</h1>
      <p className="muted">Enter the e-mail address of your account and we'll send you a link to choose a new password.</p>
      <form onSubmit={submit} noValidate>
        <FormError message={form.error} />
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
        <button type="submit" className="button button-primary button-wide" disabled={form.sending}>
          {form.sending ? "Sending…" : "Send me a reset link"}
        </button>
      </form>
      <p>
        <Link to="/login">Back to log in</Link>
      </p>
    </section>
  );
}
