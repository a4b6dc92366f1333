import { Transform, TransformCallback } from 'node:stream';
import { S3Error } from './s3-error';

const MAX_LINE = 4096;

/**
 * Decodes an `aws-chunked` body (`<hex size>[;chunk-signature=...]\r\n<data>\r\n ... 0\r\n
 * <trailers>\r\n\r\n`), as SDKs send streamed uploads with checksums. Chunk signatures and
 * trailing checksums are not verified here: the request's own signature already was.
 */
export class AwsChunkedDecoder extends Transform {
  private pending = Buffer.alloc(0);
  private remaining = 0;
  private state: 'header' | 'data' | 'data-end' | 'trailer' | 'done' = 'header';

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.state !== 'done' && this.state !== 'trailer')
      return callback(new S3Error(400, 'IncompleteBody', 'The aws-chunked body ended early'));
    callback();
  }

  private consume(chunk: Buffer): void {
    let input = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (input.length > 0) {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, input.length);
        this.push(input.subarray(0, take));
        input = input.subarray(take);
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      if (this.state === 'done') return; // anything after the final CRLF is ignored
      const eol = input.indexOf('\r\n');
      if (eol < 0) {
        if (input.length > MAX_LINE) throw new S3Error(400, 'InvalidRequest', 'Malformed aws-chunked body');
        this.pending = Buffer.from(input);
        return;
      }
      const line = input.subarray(0, eol).toString('latin1');
      input = input.subarray(eol + 2);
      if (this.state === 'data-end') {
        if (line !== '') throw new S3Error(400, 'InvalidRequest', 'Malformed aws-chunked body');
        this.state = 'header';
      } else if (this.state === 'header') {
        const size = line.split(';')[0].trim();
        if (!/^[0-9a-fA-F]{1,16}$/.test(size)) throw new S3Error(400, 'InvalidRequest', 'Malformed aws-chunked body');
        this.remaining = parseInt(size, 16);
        this.state = this.remaining === 0 ? 'trailer' : 'data';
      } else if (line === '') {
        this.state = 'done'; // the blank line after the trailers
      }
    }
  }
}
