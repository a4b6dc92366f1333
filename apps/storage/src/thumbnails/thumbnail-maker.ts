import { Readable } from 'node:stream';
import { PREVIEW_SIZE } from '@sf/contracts';

/** The image could not be decoded: no thumbnail will ever come of it. */
export class UndecodableImage extends Error {}

/** Decoding stops past this many pixels (about 10000 x 10000), a guard against decompression bombs. */
const MAX_INPUT_PIXELS = 100_000_000;

/**
 * A 150x150 WebP of an image: turned upright from its EXIF orientation, scaled to cover the
 * square and cropped at the centre; the first frame of an animation. Reads the image as a
 * stream; a failure of the stream itself is thrown as it is (worth retrying), a failure to
 * decode as UndecodableImage (not worth it).
 */
export async function makeThumbnail(image: Readable): Promise<Buffer> {
  let sourceFailed: Error | null = null;
  image.once('error', (error) => (sourceFailed = error));
  // Loaded on the first image, not at start: libvips costs every replica memory.
  const { default: sharp } = await import('sharp');
  const pipeline = sharp({ limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
    .rotate()
    .resize(PREVIEW_SIZE, PREVIEW_SIZE, { fit: 'cover', position: 'centre' })
    .webp({ quality: 80 });
  try {
    return await image.pipe(pipeline).toBuffer();
  } catch (error) {
    if (sourceFailed) throw sourceFailed;
    throw new UndecodableImage(error instanceof Error ? error.message : String(error));
  } finally {
    image.destroy();
  }
}
