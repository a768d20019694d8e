// Being written: replaced by the real page in this branch.
export function PeoplePage(props: { list: "followers" | "following" }) {
  return <h1>{props.list}</h1>;
}
