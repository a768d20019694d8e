import { useState, type FormEvent } from "react";

import { api, ok } from "../../api/client";
import { useLoginEnded } from "../../auth/loginEnded";
import { Field, FormError } from "../../components/Field";
import { placeErrors } from "../../components/formErrors";
import { usePageTitle } from "../../components/usePageTitle";
import "../people.css";
import { SettingsNav } from "./SettingsNav";

export function DeleteAccountPage() {
  usePageTitle("Delete account");
  const loginEnded = useLoginEnded();
  const [password, setPassword] = useState("");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSending(true);
    setError(null);
    setFields({});
    try {
      await ok(api.DELETE("/api/v1/me", { body: { password } }));
      // Every login of the account ended with it, this one included.
      loginEnded("Your account and everything in it have been deleted.");
    } catch (failure) {
      setPassword("");
      const placed = placeErrors(failure, ["password"]);
      setFields(placed.fields);
      setError(placed.message);
      setSending(false);
    }
  }

  return (
    <section className="panel">
      <SettingsNav />
      <h1>Delete your account</h1>
      <div className="app-warning">
        <p>
          <strong>This can't be undone.</strong>
        </p>
        <p>This deletes your profile, your posts and their photos, your comments, likes and follows.</p>
      </div>
      <form onSubmit={submit} noValidate>
        <FormError message={error} />
        <Field
          label="Your password"
          name="password"
          type="password"
          autoComplete="current-password"
          hint="To confirm that it's you."
          required
          value={password}
          error={fields.password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <button type="submit" className="button danger-button" disabled={sending}>
          {sending ? "Deleting…" : "Delete my account"}
        </button>
      </form>
    </section>
  );
}
