import { useState, type ReactNode } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";

import { ApiError } from "../../api/errors";
import { useInvitation, useSite } from "../../api/site";
import type { InvitationInfo } from "../../api/types";
import type { SignupResult } from "../../auth/context";
import { LoadError, Loading } from "../../components/states";
import { usePageTitle } from "../../components/usePageTitle";
import { Notice } from "./Notice";
import { SignupForm } from "./SignupForm";

/**
 * `/signup`, `/signup?invitation=…` and `/invite/:token`: the form as the site's registration
 * mode allows it, with the invitation applied when the person followed one.
 */
export function SignupPage() {
  usePageTitle("Sign up");
  const { token: pathToken } = useParams();
  const [params] = useSearchParams();
  const token = pathToken ?? params.get("invitation");
  const site = useSite();
  const invitation = useInvitation(token);
  const [waiting, setWaiting] = useState<{ result: Waiting; email: string } | null>(null);
  const onWaiting = (result: Waiting, email: string) => setWaiting({ result, email });

  if (waiting?.result === "pending") return <AwaitingApproval />;
  if (waiting?.result === "verify") return <CheckEmail email={waiting.email} />;
  if (site.isPending || (token !== null && invitation.isPending)) return <Loading />;
  // Unknown (the question failed): show the form, and let the server say no if it must.
  const mode = site.data?.registration_mode ?? "open";
  if (mode === "closed") return <Closed />;
  if (token !== null) {
    if (invitation.isError) return <InvitationRefused error={invitation.error} retry={() => invitation.refetch()} />;
    return (
      <Form invitation={token} onWaiting={onWaiting}>
        <Invited info={invitation.data!} />
      </Form>
    );
  }
  if (mode === "invitation") return <NeedInvitation />;
  return (
    <Form onWaiting={onWaiting}>
      <p className="muted">
        {mode === "approval"
          ? "Sign up to share photos with your people. An admin approves new accounts before they can log in."
          : "Sign up to share photos with your people."}
      </p>
    </Form>
  );
}

/** A new account nobody is logged in to yet: it waits for an admin, or for its address. */
type Waiting = Exclude<SignupResult, "in">;

type FormProps = {
  invitation?: string;
  onWaiting: (result: Waiting, email: string) => void;
  children: ReactNode;
};

function Form({ invitation, onWaiting, children }: FormProps) {
  return (
    <section className="panel auth-panel">
      <h1 className="logo-big">Flaskgram</h1>
      {children}
      <SignupForm invitation={invitation} onWaiting={onWaiting} />
      <p>
        Have an account? <Link to="/login">Log in</Link>
      </p>
    </section>
  );
}

function Invited({ info }: { info: InvitationInfo }) {
  const { username, display_name } = info.invited_by;
  return (
    <p className="flash" role="status">
      <strong>{display_name || username}</strong>
      {display_name && <span className="muted"> (@{username})</span>} invited you to Flaskgram. Choose a username and
      password to join.
    </p>
  );
}

function AwaitingApproval() {
  return (
    <Notice title="Thanks! An admin will approve your account" focus>
      <p>Your account is waiting for an admin of this site. Once it is approved you can log in with the username and password you chose.</p>
      <p>
        <Link to="/login">Go to the login page</Link>
      </p>
    </Notice>
  );
}

function CheckEmail({ email }: { email: string }) {
  return (
    <Notice title="Check your e-mail" focus>
      <p>
        We sent a link to <strong>{email}</strong>. Follow it to confirm your address, then log in.
      </p>
      <p>
        <Link to="/login">Go to the login page</Link>
      </p>
    </Notice>
  );
}

function Closed() {
  return (
    <Notice title="Sign-ups are closed">
      <p>This Flaskgram site isn't taking new accounts at the moment. If you know the people who run it, ask them for an invitation.</p>
      <p>
        Have an account? <Link to="/login">Log in</Link>
      </p>
    </Notice>
  );
}

function NeedInvitation() {
  return (
    <Notice title="You need an invitation">
      <p>
        New accounts on this site join by invitation. Ask someone who is already here for an invitation link, then
        follow it to sign up.
      </p>
      <p>
        Have an account? <Link to="/login">Log in</Link>
      </p>
    </Notice>
  );
}

function InvitationRefused({ error, retry }: { error: unknown; retry: () => void }) {
  if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 410)) {
    return <LoadError error={error} retry={retry} />;
  }
  const gone = error.status === 410;
  return (
    <Notice title={gone ? "This invitation can't be used any more" : "This invitation link isn't valid"}>
      <p>
        {gone
          ? "It has expired, been used up or been withdrawn."
          : "Check that you copied all of the link; it may also have been mistyped."}{" "}
        Ask whoever invited you for a new link.
      </p>
      <p>
        Have an account? <Link to="/login">Log in</Link>
      </p>
    </Notice>
  );
}
