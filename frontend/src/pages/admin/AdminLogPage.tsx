import { LoadMore } from "../../components/LoadMore";
import { Empty, LoadError, Loading } from "../../components/states";
import { TimeAgo } from "../../components/TimeAgo";
import { usePageTitle } from "../../components/usePageTitle";
import { useAdminLog } from "./queries";

/** The log's action codes in words; an unknown one is shown as its code, underscores as spaces. */
const ACTIONS: Record<string, string> = {
  approve: "approved",
  disable: "disabled",
  enable: "enabled",
  make_admin: "made an admin:",
  remove_admin: "removed as admin:",
  delete: "deleted",
  registration_mode: "changed the registration mode",
  create_invitation: "created",
  revoke_invitation: "revoked",
};

/** `/admin/log`: every admin action, newest first: who did what to whom, and when. */
export function AdminLogPage() {
  usePageTitle("Log · Admin");
  const log = useAdminLog();
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];

  let content;
  if (log.isPending) content = <Loading what="Loading the log" />;
  else if (log.isError && !log.data) content = <LoadError error={log.error} retry={() => log.refetch()} />;
  else if (items.length === 0) content = <Empty title="No admin actions yet" />;
  else
    content = (
      <>
        <ol className="app-admin-list" aria-label="Admin actions">
          {items.map((entry, index) => (
            <li key={`${entry.created_at}-${index}`}>
              <div className="person">
                <span>
                  <strong>{entry.actor}</strong> {ACTIONS[entry.action] ?? entry.action.replaceAll("_", " ")}
                  {entry.subject && (
                    <>
                      {" "}
                      <strong>{entry.subject}</strong>
                    </>
                  )}
                </span>
                {entry.detail && <span className="muted small">{entry.detail}</span>}
              </div>
              <span className="muted small">
                <TimeAgo iso={entry.created_at} />
              </span>
            </li>
          ))}
        </ol>
        <LoadMore
          what="log entries"
          pages={log}
        />
      </>
    );

  return (
    <>
      <h1>Admin log</h1>
      {content}
    </>
  );
}
