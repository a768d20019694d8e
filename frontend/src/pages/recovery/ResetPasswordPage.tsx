import { useState } from "react";
import { Link, useParams } from "react-router-dom";

import { api, ok } from "../../api/client";
import { ApiError } from "../../api/errors";
import { useResetOptions } from "../../api/site";
import { useLoginEnded } from "../../auth/loginEnded";
import { Field, FormError } from "../../components/Field";
import { useApiForm } from "../../components/useApiForm";
import { usePageTitle } from "../../components/usePageTitle";
import { PASSWORD_MIN } from "../../limits";
import { Notice } from "../signup/Notice";

/**
 * `/reset/:token`: a new password from a one-time link (an admin's, or an e-mailed one).
 * It ends every login of the account, this tab's too, and goes to the login page.
 */
export function ResetPasswordPage() {
  usePageTitle("Choose a new password");
  const { token = "" } = useParams();
  const loginEnded = useLoginEnded();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [refused, setRefused] = useState<404 | 410 | null>(null);
  const form = useApiForm(["password"], {
    onFailure: (failure) => {
      setPassword("");
      setConfirm("");
      if (failure instanceof ApiError && (failure.status === 404 || failure.status === 410)) {
        setRefused(failure.status);
        return true;
      }
    },
  });

  const submit = form.submit(async () => {
    if (password !== confirm) {
      setConfirm("");
      return form.refuse("confirm", "The two passwords are not the same. Type the new one again.");
    }
    await ok(api.POST("/api/v1/auth/password-reset/confirm", { body: { token, password } }));
    loginEnded("Password changed. Log in with your new password.");
  });

  if (refused) return <LinkRefused gone={refused === 410} />;
  return (
    <section className="panel auth-panel">
      <p className="logo-big">Flaskgram</p>
      <h1>Choose a new password</h1>
      <form onSubmit={submit} noValidate>
        <FormError message={form.error} />
        <Field
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN} characters.`}
          required
          value={password}
          error={form.fields.password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <Field
          label="New password again"
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          value={confirm}
          error={form.fields.confirm}
          onChange={(event) => setConfirm(event.target.value)}
        />
        <button type="submit" className="button button-primary button-wide" disabled={form.sending}>
          {form.sending ? "Saving…" : "Set new password"}
        </button>
      </form>
    </section>
  );
}

function LinkRefused({ gone }: { gone: boolean }) {
  const options = useResetOptions();
  return (
    <Notice title={gone ? "This reset link has expired or was already used" : "This reset link isn't valid"} focus>
      <p>
        {gone
          ? "Reset links work once, for a limited time."
          : "Check that you copied all of the link; part of it may be missing."}
      </p>
      {options.data?.email_reset ? (
        <p>
          <Link to="/forgot">Request a new one</Link>, or ask an admin of this site for a new link.
        </p>
      ) : (
        <p>Ask an admin of this site for a new link.</p>
      )}
      <p>
        <Link to="/login">Back to log in</Link>
      </p>
    </Notice>
  );
}
