import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type ChangeEvent, type FormEvent } from "react";

import { api, ok } from "../../api/client";
import { ApiError } from "../../api/errors";
import type { Me } from "../../api/types";
import { useAuth, useMe } from "../../auth/context";
import { Field, FormError, TextAreaField } from "../../components/Field";
import { placeErrors } from "../../components/formErrors";
import { Avatar } from "../../components/people";
import { usePageTitle } from "../../components/usePageTitle";
import { BIO_MAX, PHOTO_TYPES } from "../../limits";
import "../people.css";
import { photoProblem } from "./photoCheck";
import { SavedMessage } from "./SavedMessage";
import { SettingsNav } from "./SettingsNav";

const SHOWN_FIELDS = ["avatar", "display_name", "bio"] as const;

export function ProfileSettingsPage() {
  usePageTitle("Edit profile");
  const me = useMe();
  const { setMe } = useAuth();
  const queryClient = useQueryClient();
  const [displayName, setDisplayName] = useState(me.display_name);
  const [bio, setBio] = useState(me.bio);
  const [photo, setPhoto] = useState<File | null>(null);
  const [photoInput, setPhotoInput] = useState(0); // a new key empties the file input
  const [refusal, setRefusal] = useState<string | null>(null);
  const [preview, showPreview] = usePhotoPreview();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  function choosePhoto(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0] ?? null;
    const problem = file && photoProblem(file);
    setSaved(null);
    setRefusal(problem); // refused here, before anything is sent: the field says why
    setPhoto(problem ? null : file);
    showPreview(problem ? null : file);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (refusal) return; // the chosen file can't be sent, and the message beside it says so
    setSending(true);
    setError(null);
    setFields({});
    setSaved(null);
    let step: "photo" | "words" = "photo";
    try {
      let account: Me = me;
      if (photo) {
        account = await uploadAvatar(photo);
        setMe(account);
        setPhoto(null);
        showPreview(null);
        setPhotoInput((key) => key + 1);
      }
      step = "words";
      if (displayName !== account.display_name || bio !== account.bio) {
        account = await ok(api.PATCH("/api/v1/me", { body: { display_name: displayName, bio } }));
        setMe(account);
        setDisplayName(account.display_name); // as the server keeps them: trimmed
        setBio(account.bio);
      }
      // Your name and picture show on profiles, lists and posts: read them again where shown.
      void queryClient.invalidateQueries();
      setSaved("Profile saved.");
    } catch (failure) {
      const placed = placeErrors(failure, SHOWN_FIELDS);
      // A photo refused as a whole (too large, storage full) is the photo field's problem.
      if (step === "photo" && failure instanceof ApiError && placed.message && !placed.fields.avatar) {
        placed.fields.avatar = placed.message;
        placed.message = null;
      }
      setFields(placed.fields);
      setError(placed.message);
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="panel">
      <SettingsNav />
      <h1>Edit profile</h1>
      <SavedMessage message={saved} />
      <div className="profile-avatar app-settings-avatar">
        {preview ? (
          <img
            className="avatar"
            src={preview}
            width={96}
            height={96}
            alt="Your new profile photo, not saved yet"
          />
        ) : (
          <Avatar person={me} size={96} />
        )}
      </div>
      <form onSubmit={submit} noValidate>
        <FormError message={error} />
        <Field
          key={photoInput}
          label="Profile photo"
          name="avatar"
          type="file"
          accept={PHOTO_TYPES.join(",")}
          hint="A square crop of your photo is used."
          error={refusal ?? fields.avatar}
          onChange={choosePhoto}
        />
        <Field
          label="Name"
          name="display_name"
          autoComplete="name"
          value={displayName}
          error={fields.display_name}
          onChange={(event) => setDisplayName(event.target.value)}
        />
        <TextAreaField
          label="Bio"
          name="bio"
          rows={3}
          hint={`Up to ${BIO_MAX} characters.`}
          value={bio}
          error={fields.bio}
          onChange={(event) => setBio(event.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={sending}>
          {sending ? "Saving…" : "Save"}
        </button>
      </form>
    </section>
  );
}

function uploadAvatar(photo: File): Promise<Me> {
  const form = new FormData();
  form.append("avatar", photo);
  return ok(
    api.PUT("/api/v1/me/avatar", {
      // The schema types a file as a string; openapi-fetch sends FormData as it is, as multipart.
      body: form as unknown as { avatar: string },
    }),
  );
}

/** A local address for the chosen photo, let go of when replaced or when the page closes. */
function usePhotoPreview(): [string | null, (file: File | null) => void] {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (url === null) return;
    return () => URL.revokeObjectURL(url);
  }, [url]);
  return [url, (file) => setUrl(file ? URL.createObjectURL(file) : null)];
}
