// Being written: replaced by the real page in this branch.
export function EditPostPage() {
  return <h1>EditPostPage</h1>;
}
