// Being written: replaced by the real page in this branch.
export function PostPage() {
  return <h1>PostPage</h1>;
}
