import busboy, { FileInfo } from 'busboy';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { FILE_CATEGORIES, FileCategory, FileView, MAX_FILE_BYTES, UploadTarget } from '@sf/contracts';
import { BadRequest, DomainError, ErrorCode, ValidationFailed } from '@sf/errors';
import type { PartSender } from './part-uploader';
import type { UploadMeter } from './upload-meter';

/** The storage service's side of an upload, as the gateway reaches it (over NATS). */
export interface UploadBackend {
  begin(body: { original_filename: string; content_type: string | null }): Promise<UploadTarget>;
  complete(body: {
    upload_token: string;
    category: string;
    parts: { part_number: number; etag: string }[];
    size: number;
  }): Promise<FileView>;
  abort(uploadToken: string): Promise<void>;
}

/** Room for the multipart framing and the small fields around the file. */
export const FORM_OVERHEAD_BYTES = 1024 * 1024;

/** The client went away before the whole form arrived. */
export class ClientGone extends BadRequest {
  constructor() {
    super('The request ended before the whole form arrived');
  }
}

function overLimit(target: Pick<UploadTarget, 'limited_by' | 'max_bytes'>): DomainError {
  if (target.limited_by === 'quota')
    return new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, 'Storage quota exceeded', { reason: 'quota', max_bytes: target.max_bytes });
  return new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, {
    reason: 'file_size',
    max_bytes: target.max_bytes,
  });
}

const malformed = () => new BadRequest('The multipart/form-data body is malformed');
const isCategory = (value: string | undefined): value is FileCategory =>
  (FILE_CATEGORIES as readonly (string | undefined)[]).includes(value);
const categoryError = () => new ValidationFailed({ category: [`must be one of: ${FILE_CATEGORIES.join(', ')}`] });

/**
 * One multipart upload, streamed: busboy parses the request as it arrives; the `file` part's
 * bytes are gathered into one S3 part at a time (`part_size`, the last one shorter) and sent to
 * the presigned part URL the storage service issued, the request paused meanwhile. So the
 * gateway holds at most one part of a file, whatever its size, and counts every byte: past
 * `max_bytes` the upload is aborted at once and the rest of the form is read and dropped.
 * Then one request asks storage to check and record the file.
 */
export class StreamedUpload {
  private target: UploadTarget | null = null;
  private failure: Error | null = null;
  private held = 0;
  private file: Readable | null = null;
  private aborting: Promise<void> | null = null;

  constructor(
    private readonly backend: UploadBackend,
    private readonly sendPart: PartSender,
    private readonly meter: UploadMeter,
  ) {}

  run(request: IncomingMessage): Promise<FileView> {
    return new Promise<FileView>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: request.headers,
          defParamCharset: 'utf8',
          limits: { files: 1, fields: 10, fieldSize: 1024, parts: 20, headerPairs: 50 },
        });
      } catch {
        return reject(new BadRequest('Send the file as multipart/form-data with the fields file and category'));
      }
      let category: string | undefined;
      let streamed: Promise<{ size: number; parts: { part_number: number; etag: string }[] } | null> | null = null;
      let settled = false;

      const finish = async () => {
        if (settled) return;
        settled = true;
        request.unpipe(parser);
        const result = await streamed;
        try {
          resolve(await this.conclude(result ?? null, streamed !== null, category));
        } catch (error) {
          reject(error);
        }
      };

      parser.on('field', (name, value) => {
        if (name === 'category') category = value.trim();
      });
      parser.on('file', (name: string, stream: Readable, info: FileInfo) => {
        if (name !== 'file' || streamed) return void stream.resume();
        // Busboy fails the file stream when the form breaks off; heard from now on, read once S3 is ready.
        stream.on('error', (error) => this.fail(error instanceof DomainError ? error : malformed()));
        this.file = stream;
        streamed = this.stream(stream, info, () => category).catch((error: unknown) => {
          this.fail(error);
          void this.abort(); // at once: nothing stays in S3 while the rest of the form is read and dropped
          stream.resume();
          return null;
        });
      });
      parser.on('close', () => void finish());
      parser.on('error', () => {
        const error = malformed();
        this.fail(error);
        this.file?.destroy(error);
        void finish();
      });
      // A body without Content-Length (chunked) is bounded here: past the limit and the form's
      // room, the parser is cut off and the upload aborted, so the 413 is answered at once (its
      // route closes the connection after it); what still arrives meanwhile is counted and dropped.
      let received = 0;
      let overflowed = false;
      request.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (overflowed || received <= MAX_FILE_BYTES + FORM_OVERHEAD_BYTES) return;
        overflowed = true;
        const error = overLimit(this.target ?? { limited_by: 'file_size', max_bytes: MAX_FILE_BYTES });
        this.fail(error);
        request.unpipe(parser);
        this.file?.destroy(error);
        void finish();
      });
      request.on('close', () => {
        if (request.complete) return;
        const error = new ClientGone();
        this.fail(error);
        this.file?.destroy(error);
        void finish();
      });
      request.pipe(parser);
    });
  }

  private fail(error: unknown): void {
    this.failure ??= error instanceof Error ? error : new Error(String(error));
  }

  /** After the whole form: abort on any failure, else have storage check and record the file. */
  private async conclude(
    result: { size: number; parts: { part_number: number; etag: string }[] } | null,
    hadFile: boolean,
    category: string | undefined,
  ): Promise<FileView> {
    if (!this.failure && !hadFile) this.fail(new ValidationFailed({ file: ['is required'] }));
    if (!this.failure && !isCategory(category)) this.fail(categoryError());
    if (!this.failure && result && result.size === 0) this.fail(new ValidationFailed({ file: ['is empty'] }));
    if (this.failure || !result || !this.target) {
      await this.abort();
      this.meter.finished(
        this.failure instanceof DomainError && this.failure.code !== ErrorCode.SERVICE_UNAVAILABLE ? 'refused' : 'failed',
      );
      throw this.failure ?? new BadRequest('The upload did not complete');
    }
    try {
      const view = await this.backend.complete({
        upload_token: this.target.upload_token,
        category: category as string,
        parts: result.parts,
        size: result.size,
      });
      this.meter.finished('stored');
      return view;
    } catch (error) {
      this.meter.finished('refused');
      throw error;
    }
  }

  /** Storage drops the multipart upload (once); if it cannot now, its sweeper will once the URLs expire. */
  private abort(): Promise<void> {
    if (!this.target) return Promise.resolve();
    const token = this.target.upload_token;
    this.aborting ??= this.backend.abort(token).catch(() => undefined);
    return this.aborting;
  }

  /** Streams the file's bytes to S3 part by part; resolves once the last part is stored. */
  private async stream(
    file: Readable,
    info: FileInfo,
    categorySoFar: () => string | undefined,
  ): Promise<{ size: number; parts: { part_number: number; etag: string }[] }> {
    // A category sent before the file and already wrong: refuse before anything reaches S3.
    const early = categorySoFar();
    if (early !== undefined && !isCategory(early)) throw categoryError();
    const target = await this.backend.begin({ original_filename: info.filename ?? 'file', content_type: info.mimeType ?? null });
    this.target = target;
    if (file.destroyed) throw this.failure ?? new ClientGone(); // the form broke off while S3 was being readied

    const parts: { part_number: number; etag: string }[] = [];
    let pending: Buffer[] = [];
    let size = 0;
    let failed = false;

    const hold = (delta: number) => {
      this.held += delta;
      this.meter.held(delta, this.held);
    };
    /** Sends the first `length` held bytes as the next part. */
    const sendPart = async (length: number) => {
      const part: Buffer[] = [];
      let taken = 0;
      while (taken < length) {
        const chunk = pending[0];
        const need = length - taken;
        if (chunk.length <= need) {
          part.push(chunk);
          pending.shift();
          taken += chunk.length;
        } else {
          part.push(chunk.subarray(0, need));
          pending[0] = chunk.subarray(need);
          taken += need;
        }
      }
      const partNumber = parts.length + 1;
      const url = target.parts[partNumber - 1]?.url;
      if (!url) throw overLimit(target);
      const etag = await this.sendPart(url, part, length);
      if (failed) return; // the upload failed meanwhile; what it held is already released
      parts.push({ part_number: partNumber, etag });
      hold(-length);
      this.meter.sent(length);
    };

    await new Promise<void>((resolve, reject) => {
      let ended = false;
      const stop = (error: unknown) => {
        if (failed) return;
        failed = true;
        pending = [];
        hold(-this.held);
        reject(error);
      };
      file.on('data', (chunk: Buffer) => {
        if (failed) return; // past a failure: dropped as it arrives
        size += chunk.length;
        if (size > target.max_bytes) return stop(overLimit(target));
        pending.push(chunk);
        hold(chunk.length);
        if (this.held < target.part_size) return;
        file.pause();
        const sendFull = async () => {
          while (this.held >= target.part_size) await sendPart(target.part_size);
        };
        sendFull().then(
          () => file.resume(),
          (error: unknown) => {
            stop(error);
            file.resume();
          },
        );
      });
      file.on('error', stop);
      file.on('close', () => {
        if (!ended) stop(new ClientGone());
      });
      file.on('end', () => {
        ended = true;
        if (failed) return;
        const last = this.held > 0 ? sendPart(this.held) : Promise.resolve();
        last.then(() => resolve(), stop);
      });
    });
    return { size, parts };
  }
}
