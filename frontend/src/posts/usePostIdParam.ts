import { useParams } from "react-router-dom";

/** The `:postId` of the address as a number, or null if it can't be a post's id. */
export function usePostIdParam(): number | null {
  const { postId = "" } = useParams();
  const id = Number(postId);
  return /^\d+$/.test(postId) && Number.isSafeInteger(id) && id > 0 ? id : null;
}
