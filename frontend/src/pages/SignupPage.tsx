// Being written: replaced by the real page in this branch.
export function SignupPage() {
  return <h1>SignupPage</h1>;
}
