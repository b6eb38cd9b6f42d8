package io.siprec.srs.pipeline;

/**
 * One step of a stream's media path (docs/media.md, "The media path"). Called on the stream's
 * receive thread only. A stage hands what it makes to the stage after it and never calls back into
 * the stage before it.
 *
 * @param <T> the item; borrowed by the stage for the duration of {@link #accept} only (each item
 *     type says who owns it)
 */
public interface Stage<T> {
  /** Takes one item. */
  void accept(T item);

  /** A pause: push out what is held, then pass the flush on. */
  void flush();

  /** The end of the stream: push out what is held, then pass the end on. Nothing follows. */
  void finish();
}
