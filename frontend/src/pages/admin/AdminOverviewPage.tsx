import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router-dom";

import { api, ok } from "../../api/client";
import { siteKey } from "../../api/site";
import type { RegistrationMode } from "../../api/types";
import { FormError } from "../../components/Field";
import { LoadError, Loading } from "../../components/states";
import { useApiForm } from "../../components/useApiForm";
import { usePageTitle } from "../../components/usePageTitle";
import { adminKey, registrationKey, useRegistration } from "./queries";

const MODES: { mode: RegistrationMode; label: string; detail: string }[] = [
  { mode: "invitation", label: "By invitation", detail: "Only people with an invitation link can sign up. Recommended for a family site." },
  { mode: "approval", label: "By approval", detail: "Anyone can sign up; an admin approves each account before it can log in." },
  { mode: "open", label: "Open", detail: "Anyone who finds the site can sign up." },
  { mode: "closed", label: "Closed", detail: "Nobody new can sign up." },
];

/** `/admin`: who may sign up, and where to manage people and invitations. */
export function AdminOverviewPage() {
  usePageTitle("Admin");
  const registration = useRegistration();
  return (
    <>
      <h1>Admin</h1>
      <div className="flash">
        <p>
          <strong>Running Flaskgram for your family or a club?</strong> Choose <em>By invitation</em>: only the
          people you send a link to can join, and you see who invited whom.{" "}
          <Link to="/admin/invitations">Create an invitation</Link>
        </p>
      </div>
      {registration.isPending ? (
        <Loading what="Loading the registration mode" />
      ) : registration.isError ? (
        <LoadError error={registration.error} retry={() => registration.refetch()} />
      ) : (
        <ModeForm current={registration.data.mode} />
      )}
      <p>
        <Link to="/admin/people">Manage people</Link> · <Link to="/admin/log">See what admins did</Link>
      </p>
    </>
  );
}

function ModeForm({ current }: { current: RegistrationMode }) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState(current);
  const [saved, setSaved] = useState(false);
  const form = useApiForm(["mode"]);

  const submit = form.submit(async () => {
    setSaved(false);
    const answer = await ok(api.PUT("/api/v1/admin/registration", { body: { mode } }));
    queryClient.setQueryData(registrationKey, answer);
    void queryClient.invalidateQueries({ queryKey: siteKey });
    void queryClient.invalidateQueries({ queryKey: [...adminKey, "log"] });
    setSaved(true);
  });

  return (
    <form onSubmit={submit} noValidate>
      <FormError message={form.error} />
      <fieldset aria-describedby={form.fields.mode ? "mode-error" : undefined}>
        <legend>Who can sign up</legend>
        {MODES.map((choice) => (
          <label key={choice.mode} className="field-check">
            <input
              type="radio"
              name="mode"
              value={choice.mode}
              checked={mode === choice.mode}
              onChange={() => {
                setMode(choice.mode);
                setSaved(false);
              }}
            />
            <span>
              <strong>{choice.label}</strong>
              <span className="hint"> {choice.detail}</span>
            </span>
          </label>
        ))}
        {form.fields.mode && (
          <p className="error" id="mode-error">
            {form.fields.mode}
          </p>
        )}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.sending}>
          {form.sending ? "Saving…" : "Save"}
        </button>
        <span role="status">{saved && "Saved."}</span>
      </div>
    </form>
  );
}
