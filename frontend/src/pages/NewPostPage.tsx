import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";

import { ApiError, messageOf } from "../api/errors";
import { Field, FormError, TextAreaField } from "../components/Field";
import { usePageTitle } from "../components/usePageTitle";
import { PHOTOS_PER_POST_MAX } from "../limits";
import { useCreatePost } from "../posts/mutations";
import { PHOTO_HINT, PHOTO_TYPES, photoFileProblem, UPLOAD_MAX_BYTES } from "../posts/photoFile";
import "../posts/posts.css";

type Source = "file" | "url";
type Fields = Partial<Record<"image" | "image_url" | "caption" | "alt_text", string>>;

const KNOWN_FIELDS = ["image", "image_url", "caption", "alt_text"] as const;

/**
 * `/posts/new`: a photo from the device (checked here for type and size before it is
 * sent) or from an https:// address (the server downloads it), with a caption and alt
 * text. Whatever the server refuses is shown at its field, and nothing typed is lost.
 */
export function NewPostPage() {
  usePageTitle("New post");
  const id = useId();
  const navigate = useNavigate();
  const createPost = useCreatePost();
  const form = useRef<HTMLFormElement>(null);

  const [source, setSource] = useState<Source>("file");
  const [photos, setPhotos] = useState<ChosenPhoto[]>([]);
  const [imageUrl, setImageUrl] = useState("");
  const [caption, setCaption] = useState("");
  const [altText, setAltText] = useState("");
  const [fields, setFields] = useState<Fields>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [refusals, setRefusals] = useState(0);

  // After a refused try, focus goes to the first field to fix (its message is read with it).
  useEffect(() => {
    if (refusals) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals]);

  function refuse(problems: Fields) {
    setFields(problems);
    setRefusals((count) => count + 1);
  }

  /** Files are checked as soon as they are chosen, so the message is there before Share. */
  function chooseFiles(event: ChangeEvent<HTMLInputElement>) {
    const chosen = [...(event.target.files ?? [])];
    if (chosen.length > PHOTOS_PER_POST_MAX) {
      setPhotos([]);
      setFields((current) => ({ ...current, image: tooMany(chosen.length) }));
      return;
    }
    setPhotos(chosen.map((file) => ({ key: ++lastPhotoKey, file, altText: "" })));
    setFields((current) => ({ ...current, image: photosProblem(chosen) ?? undefined }));
  }

  function changePhoto(key: number, altText: string) {
    setPhotos((current) => current.map((photo) => (photo.key === key ? { ...photo, altText } : photo)));
  }

  /** Move a photo earlier (-1) or later (+1); focus stays on the button that moved it. */
  function movePhoto(index: number, step: -1 | 1) {
    setPhotos((current) => {
      const target = index + step;
      if (target < 0 || target >= current.length) return current;
      const next = [...current];
      [next[index], next[target]] = [next[target]!, next[index]!];
      return next;
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const problems = checkSource(source, photos, imageUrl);
    if (Object.keys(problems).length) {
      refuse(problems);
      return;
    }
    setFields({});
    const input =
      source === "file"
        ? { photos: photos.map(({ file, altText }) => ({ file, altText })), caption }
        : { imageUrl: imageUrl.trim(), caption, altText };
    createPost.mutate(input, {
      onSuccess: (post) => navigate(`/p/${post.id}`),
      onError: (error) => {
        const refused = fieldsOf(error);
        if (Object.keys(refused).length) refuse(refused);
        else setFormError(messageOf(error));
      },
    });
  }

  const sending = createPost.isPending;
  return (
    <section className="panel">
      <h1>New post</h1>
      <form ref={form} onSubmit={submit} noValidate>
        <FormError message={formError} />
        <fieldset className="app-source">
          <legend>Where is the photo?</legend>
          <div className="app-source-options">
            <label>
              <input
                type="radio"
                name={`${id}-source`}
                value="file"
                checked={source === "file"}
                onChange={() => setSource("file")}
              />
              On this device
            </label>
            <label>
              <input
                type="radio"
                name={`${id}-source`}
                value="url"
                checked={source === "url"}
                onChange={() => setSource("url")}
              />
              At a web address
            </label>
          </div>
        </fieldset>
        {/* Both stay in the page, hidden by turns, so switching keeps what was chosen. */}
        <div hidden={source !== "file"}>
          <Field
            label="Photos"
            type="file"
            name="image"
            multiple
            accept={PHOTO_TYPES.join(",")}
            hint={`Up to ${PHOTOS_PER_POST_MAX} photos, in the order you choose below. ${PHOTO_HINT}`}
            error={fields.image}
            onChange={chooseFiles}
          />
          {/* Kept through a server's refusal, so nothing typed is lost; not shown for a file refused here. */}
          {photos.length > 0 && photosProblem(photos.map((photo) => photo.file)) === null && (
            <ol className="photo-list app-photo-list" aria-label="Chosen photos">
              {photos.map((photo, index) => (
                <li key={photo.key} className="photo-item">
                  <FilePreview file={photo.file} alt={`Preview of photo ${index + 1}`} />
                  <div>
                    <p className="photo-item-name">{photo.file.name}</p>
                    <Field
                      label={`Alt text for photo ${index + 1}`}
                      name="alt_text"
                      value={photo.altText}
                      onChange={(event) => changePhoto(photo.key, event.target.value)}
                    />
                  </div>
                  {photos.length > 1 && (
                    <div className="photo-item-actions">
                      <button
                        type="button"
                        className="link-button"
                        aria-disabled={index === 0}
                        onClick={() => movePhoto(index, -1)}
                      >
                        Move earlier<span className="visually-hidden">: photo {index + 1}</span>
                      </button>
                      <button
                        type="button"
                        className="link-button"
                        aria-disabled={index === photos.length - 1}
                        onClick={() => movePhoto(index, 1)}
                      >
                        Move later<span className="visually-hidden">: photo {index + 1}</span>
                      </button>
                    </div>
                  )}
                </li>
              ))}
            </ol>
          )}
        </div>
        <div hidden={source !== "url"}>
          <Field
            label="Image address (https://)"
            type="url"
            name="image_url"
            inputMode="url"
            placeholder="https://"
            autoComplete="off"
            hint="Flaskgram downloads the photo from there once, and keeps its own copy."
            value={imageUrl}
            error={fields.image_url}
            onChange={(event) => setImageUrl(event.target.value)}
          />
          <Field
            label="Alt text (describes the photo for people who can't see it)"
            name="alt_text"
            value={altText}
            error={fields.alt_text}
            onChange={(event) => setAltText(event.target.value)}
          />
        </div>
        <TextAreaField
          label="Caption"
          name="caption"
          rows={4}
          value={caption}
          error={fields.caption}
          onChange={(event) => setCaption(event.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={sending}>
          {sending ? "Sharing…" : "Share"}
        </button>
      </form>
    </section>
  );
}

type ChosenPhoto = { key: number; file: File; altText: string };

let lastPhotoKey = 0;

function tooMany(count: number): string {
  return `You chose ${count} photos: a post can have up to ${PHOTOS_PER_POST_MAX}.`;
}

/** The first chosen file the server would refuse, and why (which one, when there are several). */
function photosProblem(files: File[]): string | null {
  for (const [index, file] of files.entries()) {
    const problem = photoFileProblem(file);
    if (problem) return files.length > 1 ? `Photo ${index + 1} (${file.name}): ${problem}` : problem;
  }
  return null;
}

/** What is wrong with the photos' source before anything is sent. */
function checkSource(source: Source, photos: ChosenPhoto[], imageUrl: string): Fields {
  if (source === "file") {
    if (photos.length === 0) return { image: "Choose a photo to share." };
    if (photos.length > PHOTOS_PER_POST_MAX) return { image: tooMany(photos.length) };
    const problem = photosProblem(photos.map((photo) => photo.file));
    return problem ? { image: problem } : {};
  }
  const address = imageUrl.trim();
  if (!address) return { image_url: "Enter the photo's address." };
  if (!/^https:\/\//i.test(address)) return { image_url: "Use an https:// image address." };
  return {};
}

/** The server's messages for this form's fields (a 413 is the photo's). */
function fieldsOf(error: unknown): Fields {
  if (!(error instanceof ApiError)) return {};
  if (error.status === 413) {
    return { image: `That file is too large (max ${UPLOAD_MAX_BYTES / 2 ** 20} MB).` };
  }
  const refused: Fields = {};
  for (const name of KNOWN_FIELDS) {
    if (error.fields[name]) refused[name] = error.fields[name];
  }
  return refused;
}

/** The chosen file, shown before it is sent; its object URL is let go when it changes. */
function FilePreview({ file, alt }: { file: File; alt: string }) {
  const img = useRef<HTMLImageElement>(null);
  useEffect(() => {
    const url = URL.createObjectURL(file);
    if (img.current) img.current.src = url;
    return () => URL.revokeObjectURL(url);
  }, [file]);
  return (
    <img ref={img} alt={alt} />
  );
}
