import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { api, ok } from "../../api/client";
import type { Invitation } from "../../api/types";
import { Field, FormError } from "../../components/Field";
import { useApiForm } from "../../components/useApiForm";
import { adminKey } from "./queries";

const SHOWN_FIELDS = ["max_uses", "expires_in_days", "note"] as const;

/** A new invitation link. What was typed stays after a refusal; the form empties after success. */
export function InvitationForm({ onCreated }: { onCreated: (invitation: Invitation) => void }) {
  const queryClient = useQueryClient();
  const [maxUses, setMaxUses] = useState("1");
  const [days, setDays] = useState("7");
  const [note, setNote] = useState("");
  const form = useApiForm(SHOWN_FIELDS);

  const submit = form.submit(async () => {
    const body = { max_uses: Number(maxUses), expires_in_days: Number(days), note: note.trim() };
    const created = await ok(api.POST("/api/v1/admin/invitations", { body }));
    void queryClient.invalidateQueries({ queryKey: [...adminKey, "invitations"] });
    void queryClient.invalidateQueries({ queryKey: [...adminKey, "log"] });
    setNote("");
    onCreated(created);
  });

  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-invitation">
      <h2 className="section-title" id="new-invitation">
        New invitation
      </h2>
      <FormError message={form.error} />
      <Field
        label="How many people can use it"
        name="max_uses"
        type="number"
        inputMode="numeric"
        min={1}
        required
        value={maxUses}
        error={form.fields.max_uses}
        onChange={(event) => setMaxUses(event.target.value)}
      />
      <Field
        label="Days until it expires"
        name="expires_in_days"
        type="number"
        inputMode="numeric"
        min={1}
        required
        value={days}
        error={form.fields.expires_in_days}
        onChange={(event) => setDays(event.target.value)}
      />
      <Field
        label="Note"
        name="note"
        hint="For you: who it's for, such as “Grandma and Grandpa”."
        value={note}
        error={form.fields.note}
        onChange={(event) => setNote(event.target.value)}
      />
      <button type="submit" className="button button-primary" disabled={form.sending}>
        {form.sending ? "Creating…" : "Create invitation link"}
      </button>
    </form>
  );
}
