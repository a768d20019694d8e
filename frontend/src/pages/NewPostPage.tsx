// Being written: replaced by the real page in this branch.
export function NewPostPage() {
  return <h1>NewPostPage</h1>;
}
