// Being written: replaced by the real page in this branch.
export function ProfileSettingsPage() {
  return <h1>ProfileSettingsPage</h1>;
}
