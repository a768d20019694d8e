import { useState, type FormEvent } from "react";

import type { NotificationSettings } from "../../api/types";
import { FormError } from "../../components/Field";
import { placeErrors } from "../../components/formErrors";
import { LoadError, Loading } from "../../components/states";
import { usePageTitle } from "../../components/usePageTitle";
import { useNotificationSettings, useSaveNotificationSettings } from "../../notifications/queries";
import "../../notifications/notifications.css";
import { SavedMessage } from "./SavedMessage";
import { SettingsNav } from "./SettingsNav";

// The HTML site's labels (NotificationSettingsForm), after "Tell me when someone…".
const SWITCHES: { name: keyof NotificationSettings; label: string }[] = [
  { name: "likes", label: "Likes of your posts" },
  { name: "comments", label: "Comments on your posts" },
  { name: "follows", label: "New followers" },
  { name: "mentions", label: "Mentions of you, in posts and comments" },
];

/** `/settings/notifications`: which kinds of notification you get (settings/notifications.html). */
export function NotificationSettingsPage() {
  usePageTitle("Notifications");
  const settings = useNotificationSettings();
  let content;
  if (settings.data) content = <SettingsForm initial={settings.data} />;
  else if (settings.isError) content = <LoadError error={settings.error} retry={() => settings.refetch()} />;
  else content = <Loading what="Loading your settings" />;
  return (
    <section className="panel">
      <SettingsNav />
      <h1>Notifications</h1>
      {content}
    </section>
  );
}

function SettingsForm({ initial }: { initial: NotificationSettings }) {
  const [choices, setChoices] = useState(initial);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = useSaveNotificationSettings();

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    setError(null);
    save.mutate(choices, {
      onSuccess: (kept) => {
        setChoices(kept);
        setSaved("Notification settings saved.");
      },
      onError: (failure) => setError(placeErrors(failure, []).message),
    });
  }

  return (
    <>
      <SavedMessage message={saved} />
      <form onSubmit={submit} noValidate>
        <FormError message={error} />
        <fieldset className="app-switches">
          <legend>Tell me when someone…</legend>
          {SWITCHES.map(({ name, label }) => (
            <div className="field field-check" key={name}>
              <input
                id={`notify-${name}`}
                type="checkbox"
                role="switch"
                name={name}
                checked={choices[name]}
                onChange={(event) => setChoices({ ...choices, [name]: event.target.checked })}
              />
              <label htmlFor={`notify-${name}`}>{label}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </button>
      </form>
    </>
  );
}
