import { useLocation } from "react-router-dom";

/** Stands in for every other page in a test: shows where the app went. */
export function WhereNow() {
  const location = useLocation();
  return <p data-testid="location">{location.pathname + location.hash}</p>;
}
