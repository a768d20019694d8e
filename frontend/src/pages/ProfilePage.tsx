// Being written: replaced by the real page in this branch.
export function ProfilePage() {
  return <h1>ProfilePage</h1>;
}
