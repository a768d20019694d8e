// Being written: replaced by the real page in this branch.
export function FeedPage(props: { tab: "all" | "following" }) {
  return <h1>{props.tab}</h1>;
}
