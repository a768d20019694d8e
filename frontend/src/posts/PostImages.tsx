import type { Author, Image, Post } from "../api/types";

type Props = {
  post: Post;
  /** Lazy in lists; the post's own page loads its photo at once. */
  lazy?: boolean;
};

/**
 * A post's photos. Today a post has one; with several they sit side by side in a row
 * that scrolls (and snaps) sideways, each with its own alt text.
 */
export function PostImages({ post, lazy = true }: Props) {
  const { images, author } = post;
  if (images.length === 0) {
    return <p className="app-no-photo muted">This photo isn't available.</p>;
  }
  if (images.length === 1) {
    return <PostImage image={images[0]!} author={author} lazy={lazy} />;
  }
  return (
    <ul className="app-post-images" aria-label={`${images.length} photos`}>
      {images.map((image, index) => (
        <li key={image.url}>
          <PostImage
            image={image}
            author={author}
            lazy={lazy && index > 0}
            fallbackAlt={`Photo ${index + 1} of ${images.length} by @${author.username}`}
          />
        </li>
      ))}
    </ul>
  );
}

function PostImage({
  image,
  author,
  lazy,
  fallbackAlt = `Photo by @${author.username}`,
}: {
  image: Image;
  author: Author;
  lazy: boolean;
  fallbackAlt?: string;
}) {
  // Width and height reserve the photo's space before it loads, so nothing jumps. A photo
  // with no known size (an old post by address) is shown square, as the HTML site does.
  const sized = image.width !== null && image.height !== null;
  return (
    <img
      className={sized ? "post-image" : "post-image post-image-remote"}
      src={image.url}
      width={image.width ?? undefined}
      height={image.height ?? undefined}
      alt={image.alt_text || fallbackAlt}
      loading={lazy ? "lazy" : undefined}
      decoding="async"
      referrerPolicy={sized ? undefined : "no-referrer"}
    />
  );
}
