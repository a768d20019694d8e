import { useRef, useState, type KeyboardEvent } from "react";

import type { Image, Post } from "../api/types";
import { Icon } from "../components/Icon";
import { photoAlt } from "./photoAlt";

type Props = {
  post: Post;
  /**
   * On the post's own page: every photo, in a carousel, the first loaded at once. In a
   * feed (where the photo is a link) the first photo stands for the post, with a mark
   * saying how many there are, as the HTML site's `post_image` does.
   */
  all?: boolean;
};

/** A post's photos: one as it is, several as a carousel (the HTML site's `carousel` macro). */
export function PostImages({ post, all = false }: Props) {
  const { images, author } = post;
  if (images.length === 0) {
    return <p className="app-no-photo muted">This photo isn't available.</p>;
  }
  if (images.length === 1) {
    return <PostImage image={images[0]!} alt={photoAlt(images[0]!, 0, 1, author)} lazy={!all} />;
  }
  if (!all) {
    return (
      <>
        <PostImage image={images[0]!} alt={photoAlt(images[0]!, 0, images.length, author)} lazy />
        <PhotosMark count={images.length} />
      </>
    );
  }
  return <Carousel post={post} />;
}

/** The mark on a post of several photos, in feeds and grids: seen, and read as ", N photos". */
export function PhotosMark({ count }: { count: number }) {
  if (count < 2) return null;
  return (
    <span className="photos-mark">
      <Icon name="photos" />
      <span aria-hidden="true">{count}</span>
      <span className="visually-hidden">, {count} photos</span>
    </span>
  );
}

function Carousel({ post }: { post: Post }) {
  const { images, author } = post;
  const count = images.length;
  const track = useRef<HTMLUListElement>(null);
  const [current, setCurrent] = useState(0);

  function show(index: number) {
    const next = Math.max(0, Math.min(count - 1, index));
    setCurrent(next);
    const list = track.current;
    const slide = list?.children[next] as HTMLElement | undefined;
    if (list && slide) {
      // Scroll the track only (scrollIntoView would move the page too); jsdom has no scrollTo.
      list.scrollTo?.({ left: slide.offsetLeft - list.offsetLeft, behavior: "smooth" });
    }
  }

  /** A swipe or a scroll by keys: the dots follow the photo the track snapped to. */
  function followScroll() {
    const list = track.current;
    if (!list || list.clientWidth === 0) return;
    const index = Math.round(list.scrollLeft / list.clientWidth);
    if (index !== current && index >= 0 && index < count) setCurrent(index);
  }

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const step = { ArrowLeft: -1, ArrowRight: 1 }[event.key as "ArrowLeft" | "ArrowRight"];
    if (step) {
      event.preventDefault();
      show(current + step);
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      show(event.key === "Home" ? 0 : count - 1);
    }
  }

  return (
    <div className="carousel">
      <ul
        ref={track}
        className="carousel-track"
        tabIndex={0}
        aria-label={`${count} photos: use the arrow keys or the buttons to move between them`}
        onScroll={followScroll}
        onKeyDown={onKeyDown}
      >
        {images.map((image, index) => (
          <li
            key={`${index}-${image.url}`}
            className="carousel-slide"
            aria-label={`Photo ${index + 1} of ${count}`}
          >
            <PostImage image={image} alt={photoAlt(image, index, count, author)} lazy={index > 0} />
            <span className="carousel-count" aria-hidden="true">
              {index + 1}/{count}
            </span>
          </li>
        ))}
      </ul>
      {current > 0 && (
        <button type="button" className="carousel-button carousel-previous" onClick={() => show(current - 1)}>
          <Icon name="previous" label="Previous photo" />
        </button>
      )}
      {current < count - 1 && (
        <button type="button" className="carousel-button carousel-next" onClick={() => show(current + 1)}>
          <Icon name="next" label="Next photo" />
        </button>
      )}
      <ol className="carousel-dots" aria-label="Photos">
        {images.map((image, index) => (
          <li key={`${index}-${image.url}`}>
            <button
              type="button"
              aria-current={index === current ? "true" : undefined}
              onClick={() => show(index)}
            >
              <span className="visually-hidden">
                Photo {index + 1} of {count}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}

function PostImage({ image, alt, lazy }: { image: Image; alt: string; lazy: boolean }) {
  // Width and height reserve the photo's space before it loads, so nothing jumps. A photo
  // with no known size (an old post by address) is shown square, as the HTML site does.
  const sized = image.width !== null && image.height !== null;
  return (
    <img
      className={sized ? "post-image" : "post-image post-image-remote"}
      src={image.url}
      width={image.width ?? undefined}
      height={image.height ?? undefined}
      alt={alt}
      loading={lazy ? "lazy" : undefined}
      decoding="async"
      referrerPolicy={sized ? undefined : "no-referrer"}
    />
  );
}

/** The originals, under the post page's photos, when the site offers them. */
export function Downloads({ post }: { post: Post }) {
  const originals = post.images
    .map((image, index) => ({ url: image.original_url, number: index + 1 }))
    .filter((original): original is { url: string; number: number } => original.url !== null);
  if (originals.length === 0) return null;
  return (
    <p className="downloads muted small">
      <Icon name="download" />
      {post.images.length === 1 ? (
        <a href={originals[0]!.url} download>
          Download the original
        </a>
      ) : (
        <>
          <span>Originals:</span>
          {originals.map(({ url, number }) => (
            <a key={number} href={url} download aria-label={`Download the original of photo ${number}`}>
              {number}
            </a>
          ))}
        </>
      )}
    </p>
  );
}
