import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

import { api, ok } from "../../api/client";
import { messageOf } from "../../api/errors";
import type { Invitation } from "../../api/types";
import { CopyLink, Until } from "../../components/CopyLink";
import { LoadMore } from "../../components/LoadMore";
import { Empty, LoadError, Loading } from "../../components/states";
import { usePageTitle } from "../../components/usePageTitle";
import { InvitationForm } from "./InvitationForm";
import { adminKey, useInvitations } from "./queries";

/** `/admin/invitations`: create links (each shown once), see who used them, revoke them. */
export function AdminInvitationsPage() {
  usePageTitle("Invitations · Admin");
  const [created, setCreated] = useState<Invitation | null>(null);
  const invitations = useInvitations();
  const items = invitations.data?.pages.flatMap((page) => page.items) ?? [];

  let list;
  if (invitations.isPending) list = <Loading what="Loading invitations" />;
  else if (invitations.isError && !invitations.data)
    list = <LoadError error={invitations.error} retry={() => invitations.refetch()} />;
  else if (items.length === 0) list = <Empty title="No invitations yet" />;
  else
    list = (
      <>
        <ul className="app-admin-list" aria-label="Invitations">
          {items.map((invitation) => (
            <InvitationRow key={invitation.id} invitation={invitation} />
          ))}
        </ul>
        <LoadMore
          what="invitations"
          pages={invitations}
        />
      </>
    );

  return (
    <>
      <h1>Invitations</h1>
      <p className="muted">
        Send an invitation link to the people you want here, by any channel. Whoever follows it lands on the signup
        form with the invitation applied.
      </p>
      {created?.url ? <NewLink invitation={created} url={created.url} onDone={() => setCreated(null)} /> : null}
      <InvitationForm onCreated={setCreated} />
      <h2 className="section-title">Your invitations</h2>
      {list}
    </>
  );
}

/** The link of the invitation just made: the server keeps only its hash, so this is the one chance to copy it. */
function NewLink({ invitation, url, onDone }: { invitation: Invitation; url: string; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [url]);
  return (
    <div className="flash">
      <h2 className="section-title" tabIndex={-1} ref={heading}>
        Invitation created
      </h2>
      <CopyLink
        label="Invitation link"
        url={url}
        hint={
          <>
            Copy it now: it is shown only once. It works until <Until iso={invitation.expires_at} /> for{" "}
            {invitation.max_uses === 1 ? "one person" : `${invitation.max_uses} people`}.
          </>
        }
      />
      <button type="button" className="button" onClick={onDone}>
        Done
      </button>
    </div>
  );
}

function InvitationRow({ invitation }: { invitation: Invitation }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => ok(api.DELETE("/api/v1/admin/invitations/{invitation_id}", { params: { path: { invitation_id: invitation.id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKey }),
  });
  const expired = new Date(invitation.expires_at) <= new Date();
  const usedUp = invitation.uses >= invitation.max_uses;
  const usable = !invitation.revoked && !expired && !usedUp;

  return (
    <li>
      <div className="person">
        <strong>{invitation.note || "Invitation"}</strong>
        <span className="muted small">
          By {invitation.created_by}.{" "}
          {usable ? "Works until " : "Expiry: "}
          <Until iso={invitation.expires_at} />
        </span>
        <span className="small">
          Used {invitation.uses} of {invitation.max_uses}
          {invitation.used_by.length > 0 && `: ${invitation.used_by.join(", ")}`}
        </span>
      </div>
      {invitation.revoked && <span className="app-badge app-badge-revoked">Revoked</span>}
      {!invitation.revoked && expired && <span className="app-badge">Expired</span>}
      {!invitation.revoked && !expired && usedUp && <span className="app-badge">Used up</span>}
      {usable && (
        <button
          type="button"
          className="button"
          aria-label={`${revoke.isPending ? "Revoking…" : "Revoke"} ${invitation.note || "this invitation"}`}
          aria-disabled={revoke.isPending}
          onClick={() => !revoke.isPending && revoke.mutate()}
        >
          {revoke.isPending ? "Revoking…" : "Revoke"}
        </button>
      )}
      {revoke.isError && (
        <p className="error app-admin-row-note" role="alert">
          {messageOf(revoke.error)}
        </p>
      )}
    </li>
  );
}
