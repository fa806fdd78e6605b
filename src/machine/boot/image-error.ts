/** A guest image that cannot be loaded, with a message that says why. */
export class ImageError extends Error {
  override name = 'ImageError';
}
