// Being written: replaced by the real page in this branch.
export function DeleteAccountPage() {
  return <h1>DeleteAccountPage</h1>;
}
