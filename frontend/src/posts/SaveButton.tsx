import { messageOf } from "../api/errors";
import type { Post } from "../api/types";
import { Icon } from "../components/Icon";
import { useSave } from "./mutations";

/**
 * The bookmark, as the HTML site's `save_button`: filled at once; if the server refuses,
 * it turns back and says why, beside it.
 */
export function SaveButton({ post }: { post: Post }) {
  const save = useSave(post.id);

  function toggle() {
    // One change at a time per post: a busy flag, not `disabled`, which would drop focus.
    if (save.isPending) return;
    save.mutate(!post.saved);
  }

  return (
    <>
      <button type="button" className="icon-button save-button" aria-pressed={post.saved} onClick={toggle}>
        <Icon name="bookmark" label="Save" />
      </button>
      {save.isError && (
        <p className="error app-action-error" role="alert">
          {save.variables ? "Couldn't save this post." : "Couldn't take this post out of your saved posts."}{" "}
          {messageOf(save.error)}
        </p>
      )}
    </>
  );
}
