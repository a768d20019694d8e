import { useState, type FormEvent } from "react";

import { FormError } from "../../components/Field";
import { placeErrors } from "../../components/formErrors";
import { LoadError, Loading } from "../../components/states";
import { usePageTitle } from "../../components/usePageTitle";
import {
  useNotificationSettings,
  useSaveNotificationSettings,
  type NotificationSettings,
} from "../../notifications/queries";
import "../../notifications/notifications.css";
import { SavedMessage } from "./SavedMessage";
import { SettingsNav } from "./SettingsNav";

const SWITCHES: { name: keyof NotificationSettings; label: string; hint: string }[] = [
  { name: "likes", label: "Likes", hint: "When someone likes your post." },
  { name: "comments", label: "Comments", hint: "When someone comments on your post." },
  { name: "follows", label: "New followers", hint: "When someone starts following you." },
  { name: "mentions", label: "Mentions", hint: "When someone mentions @you in a post or comment." },
];

/** `/settings/notifications`: which kinds of notification you get (settings/notifications.html). */
export function NotificationSettingsPage() {
  usePageTitle("Notification settings");
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
          <legend>Tell me about</legend>
          {SWITCHES.map(({ name, label, hint }) => (
            <div className="field field-check" key={name}>
              <input
                id={`notify-${name}`}
                type="checkbox"
                role="switch"
                name={name}
                checked={choices[name]}
                aria-describedby={`notify-${name}-hint`}
                onChange={(event) => setChoices({ ...choices, [name]: event.target.checked })}
              />
              <label htmlFor={`notify-${name}`}>{label}</label>
              <p className="hint" id={`notify-${name}-hint`}>
                {hint}
              </p>
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
