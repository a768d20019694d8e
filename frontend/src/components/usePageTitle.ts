import { useEffect } from "react";

/** The tab's title, as on the HTML site: "Page · Flaskgram". */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Flaskgram` : "Flaskgram";
  }, [title]);
}
