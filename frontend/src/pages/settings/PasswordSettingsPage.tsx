// Being written: replaced by the real page in this branch.
export function PasswordSettingsPage() {
  return <h1>PasswordSettingsPage</h1>;
}
