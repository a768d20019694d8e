import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router-dom";

import { api, ok } from "../../api/client";
import { messageOf } from "../../api/errors";
import type { AdminPerson, ResetLink } from "../../api/types";
import { ConfirmPanel } from "../../components/ConfirmPanel";
import { CopyLink, Until } from "../../components/CopyLink";
import { TimeAgo } from "../../components/TimeAgo";
import { adminKey } from "./queries";

type Action = "approve" | "disable" | "enable" | "make-admin" | "remove-admin" | "delete" | "reset-link";

const STATUS_LABEL = { active: "Active", pending: "Waiting for approval", disabled: "Disabled" } as const;

/** Send one admin action about one person; a reset link comes back, the rest answer 204. */
async function perform(action: Action, username: string): Promise<ResetLink | null> {
  const at = { params: { path: { username } } };
  switch (action) {
    case "approve":
      await ok(api.POST("/api/v1/admin/people/{username}/approve", at));
      return null;
    case "disable":
      await ok(api.POST("/api/v1/admin/people/{username}/disable", at));
      return null;
    case "enable":
      await ok(api.POST("/api/v1/admin/people/{username}/enable", at));
      return null;
    case "make-admin":
      await ok(api.PUT("/api/v1/admin/people/{username}/admin", at));
      return null;
    case "remove-admin":
      await ok(api.DELETE("/api/v1/admin/people/{username}/admin", at));
      return null;
    case "delete":
      await ok(api.DELETE("/api/v1/admin/people/{username}", at));
      return null;
    case "reset-link":
      return ok(api.POST("/api/v1/admin/people/{username}/reset-link", at));
  }
}

/** One person in the admin list: who they are, their status, and what an admin can do. */
export function PersonAdminRow({ person, isMe }: { person: AdminPerson; isMe: boolean }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<"disable" | "delete" | null>(null);
  const [link, setLink] = useState<ResetLink | null>(null);
  const action = useMutation({
    mutationFn: (which: Action) => perform(which, person.username),
    onSuccess: (answer, which) => {
      setConfirming(null);
      if (which === "reset-link") setLink(answer);
      else void queryClient.invalidateQueries({ queryKey: [...adminKey, "people"] });
      void queryClient.invalidateQueries({ queryKey: [...adminKey, "log"] });
    },
  });
  const busy = action.isPending;
  const button = (which: Action, label: string, onClick = () => action.mutate(which)) => {
    const text = busy && action.variables === which ? "Working…" : label;
    // The name says whom: "Approve dan" (the row shows who; a list of buttons doesn't).
    return (
      <button
        type="button"
        className="button"
        aria-label={`${text} ${person.username}`}
        aria-disabled={busy}
        onClick={() => !busy && onClick()}
      >
        {text}
      </button>
    );
  };

  return (
    <li>
      <div className="person">
        {person.status === "active" ? (
          <Link className="username" to={`/u/${person.username}`}>
            {person.username}
          </Link>
        ) : (
          <strong className="username">{person.username}</strong>
        )}
        <span className="muted small">
          {person.display_name && `${person.display_name} · `}
          {person.email}
        </span>
        <span className="muted small">
          Joined <TimeAgo iso={person.created_at} />
          {person.invited_by && `, invited by ${person.invited_by}`}
        </span>
      </div>
      <span className={`app-badge app-badge-${person.status}`}>{STATUS_LABEL[person.status]}</span>
      {person.is_admin && <span className="app-badge app-badge-admin">Admin</span>}
      {isMe && <span className="muted small">(you)</span>}
      <div className="app-admin-row-actions">
        {person.status === "pending" && button("approve", "Approve")}
        {person.status === "disabled" && button("enable", "Enable")}
        {person.status === "active" && !isMe && button("disable", "Disable", () => setConfirming("disable"))}
        {person.status === "active" &&
          (person.is_admin ? button("remove-admin", "Remove admin") : button("make-admin", "Make admin"))}
        {person.status !== "pending" && button("reset-link", "Create reset link")}
        {!isMe && button("delete", "Delete", () => setConfirming("delete"))}
      </div>
      {confirming ? (
        <ConfirmPanel
          question={confirming === "delete" ? `Delete ${person.username}?` : `Disable ${person.username}?`}
          detail={
            confirming === "delete"
              ? "Their account, posts, photos, comments, likes and follows are deleted. This can't be undone."
              : "They are logged out at once everywhere and can't log in until an admin enables the account again."
          }
          confirmLabel={confirming === "delete" ? "Delete account" : "Disable account"}
          busyLabel={confirming === "delete" ? "Deleting…" : "Disabling…"}
          busy={busy}
          error={action.variables === confirming ? action.error : null}
          onConfirm={() => action.mutate(confirming)}
          onCancel={() => {
            setConfirming(null);
            action.reset();
          }}
        />
      ) : (
        action.isError && (
          <p className="error app-admin-row-note" role="alert">
            {messageOf(action.error)}
          </p>
        )
      )}
      {link && (
        <div className="app-admin-row-note">
          <CopyLink
            label={`Reset link for ${person.username}`}
            url={link.url}
            hint={
              <>
                Valid until <Until iso={link.expires_at} />, single use. Pass it on by any channel (a message, a
                call); whoever opens it can choose {person.username}'s new password.
              </>
            }
          />
        </div>
      )}
    </li>
  );
}
