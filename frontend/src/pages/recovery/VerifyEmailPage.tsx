import { useState } from "react";
import { Link, useParams } from "react-router-dom";

import { api, ok } from "../../api/client";
import { ApiError } from "../../api/errors";
import { useAuth } from "../../auth/context";
import { FormError } from "../../components/Field";
import { useApiForm } from "../../components/useApiForm";
import { usePageTitle } from "../../components/usePageTitle";
import { Notice } from "../signup/Notice";

/**
 * `/verify/:token`: confirm an e-mail address from the link sent to it. A button, not an
 * automatic request: opening a page changes nothing (mail scanners open links too).
 */
export function VerifyEmailPage() {
  usePageTitle("Verify your e-mail");
  const { token = "" } = useParams();
  const { me } = useAuth();
  const [done, setDone] = useState(false);
  const [refused, setRefused] = useState<404 | 410 | null>(null);
  const form = useApiForm([], {
    onFailure: (failure) => {
      if (failure instanceof ApiError && (failure.status === 404 || failure.status === 410)) {
        setRefused(failure.status);
        return true;
      }
    },
  });

  const submit = form.submit(async () => {
    await ok(api.POST("/api/v1/auth/verify-email", { body: { token } }));
    setDone(true);
  });

  const onward = me ? <Link to="/">Go to your feed</Link> : <Link to="/login">Log in</Link>;
  if (done) {
    return (
      <Notice title="Your e-mail address is verified" focus>
        <p>Thank you. {onward}</p>
      </Notice>
    );
  }
  if (refused) {
    return (
      <Notice title={refused === 410 ? "This link has expired or was already used" : "This link isn't valid"} focus>
        <p>
          {refused === 410
            ? "If your address is already verified, there is nothing more to do."
            : "Check that you copied all of the link."}{" "}
          {onward}
        </p>
      </Notice>
    );
  }
  return (
    <section className="panel auth-panel">
      <p className="logo-big">Flaskgram</p>
      <h1>Verify your e-mail address</h1>
      <p className="muted">Confirm that this address is yours.</p>
      <form onSubmit={submit} noValidate>
        <FormError message={form.error} />
        <button type="submit" className="button button-primary button-wide" disabled={form.sending}>
          {form.sending ? "Verifying…" : "Verify my e-mail address"}
        </button>
      </form>
    </section>
  );
}
