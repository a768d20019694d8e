import { useState, type FormEvent } from "react";

import { api, ok } from "../../api/client";
import { messageOf } from "../../api/errors";
import { useLoginEnded } from "../../auth/loginEnded";
import { Field, FormError } from "../../components/Field";
import { placeErrors } from "../../components/formErrors";
import { usePageTitle } from "../../components/usePageTitle";
import { PASSWORD_MAX, PASSWORD_MIN } from "../../limits";
import { SavedMessage } from "./SavedMessage";
import { SettingsNav } from "./SettingsNav";

const SHOWN_FIELDS = ["current_password", "new_password"] as const;

export function PasswordSettingsPage() {
  usePageTitle("Change password");
  return (
    <section className="panel">
      <SettingsNav />
      <h1>Change password</h1>
      <PasswordForm />
      <h2 className="section-title">Sessions</h2>
      <LogOutEverywhere />
    </section>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSending(true);
    setError(null);
    setFields({});
    setSaved(null);
    try {
      // The server ends every other login and keeps this one: the tokens we hold still work.
      await ok(
        api.POST("/api/v1/me/password", {
          body: { current_password: current, new_password: next },
        }),
      );
      setSaved("Password changed. Other devices have been logged out.");
    } catch (failure) {
      const placed = placeErrors(failure, SHOWN_FIELDS);
      setFields(placed.fields);
      setError(placed.message);
    } finally {
      // Passwords are never kept on the page, whatever happened.
      setCurrent("");
      setNext("");
      setSending(false);
    }
  }

  return (
    <>
      <SavedMessage message={saved} />
      <form onSubmit={submit} noValidate>
        <FormError message={error} />
        <Field
          label="Current password"
          name="current_password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          error={fields.current_password}
          onChange={(event) => setCurrent(event.target.value)}
        />
        <Field
          label="New password"
          name="new_password"
          type="password"
          autoComplete="new-password"
          hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters. Other devices will be logged out.`}
          required
          value={next}
          error={fields.new_password}
          onChange={(event) => setNext(event.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={sending}>
          {sending ? "Changing…" : "Change password"}
        </button>
      </form>
    </>
  );
}

function LogOutEverywhere() {
  const loginEnded = useLoginEnded();
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function logOutEverywhere() {
    setSending(true);
    setError(null);
    try {
      // This login ends too: the server refuses our tokens from now on.
      await ok(api.POST("/api/v1/me/logout-everywhere"));
      loginEnded("You have been logged out on every device.");
    } catch (failure) {
      setError(messageOf(failure));
      setSending(false);
    }
  }

  return (
    <>
      <p>
        Lost a phone or used a shared computer? Log out of Flaskgram everywhere, this device included.
      </p>
      <FormError message={error} />
      <button type="button" className="button" disabled={sending} onClick={logOutEverywhere}>
        {sending ? "Logging out…" : "Log out everywhere"}
      </button>
    </>
  );
}
