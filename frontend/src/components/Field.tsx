import { useId, type InputHTMLAttributes, type TextareaHTMLAttributes } from "react";

type Common = {
  label: string;
  /** The server's (or the client's own) message for this field, shown under it. */
  error?: string;
  hint?: string;
};

/** A labelled input with its hint and error wired to it, like the HTML site's field macro. */
export function Field({ label, error, hint, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      <input id={id} {...describedBy(id, hint, error)} {...input} />
      {error && <p className="error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

export function TextAreaField({
  label,
  error,
  hint,
  ...textarea
}: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      <textarea id={id} {...describedBy(id, hint, error)} {...textarea} />
      {error && <p className="error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

function describedBy(id: string, hint?: string, error?: string) {
  const ids = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean);
  return {
    "aria-describedby": ids.length ? ids.join(" ") : undefined,
    "aria-invalid": error ? true : undefined,
  };
}

/** A message about the whole form (not one field), announced when it appears. */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p className="error form-error" role="alert">
      {message}
    </p>
  );
}
