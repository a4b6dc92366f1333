import { Counter, Gauge, Registry } from 'prom-client';

export type UploadOutcome = 'stored' | 'refused' | 'failed';

/**
 * What uploads hold in the gateway's memory. Every byte of a file passes through one part
 * buffer, so `gateway_upload_buffered_bytes_max` (the most any one upload ever held) stays at
 * about the part size whatever the file size: the measure that uploads stream.
 */
export class UploadMeter {
  private readonly buffered: Gauge;
  private readonly bufferedMax: Gauge;
  private readonly bytes: Counter;
  private readonly uploads: Counter<'outcome'>;
  private current = 0;
  private max = 0;

  constructor(registry: Registry) {
    this.buffered = new Gauge({
      name: 'gateway_upload_buffered_bytes',
      help: 'File bytes uploads hold in memory right now',
      registers: [registry],
    });
    this.bufferedMax = new Gauge({
      name: 'gateway_upload_buffered_bytes_max',
      help: 'The most file bytes one upload has held in memory at once since start',
      registers: [registry],
    });
    this.bytes = new Counter({ name: 'gateway_upload_bytes_total', help: 'File bytes streamed to storage', registers: [registry] });
    this.uploads = new Counter({
      name: 'gateway_uploads_total',
      help: 'Uploads by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  /** One upload now holds `delta` more (or, negative, fewer) bytes, `holding` in all. */
  held(delta: number, holding: number): void {
    this.current += delta;
    this.buffered.set(this.current);
    if (holding > this.max) {
      this.max = holding;
      this.bufferedMax.set(holding);
    }
  }

  /** The most one upload has held since start. */
  get maxHeld(): number {
    return this.max;
  }

  sent(bytes: number): void {
    this.bytes.inc(bytes);
  }

  finished(outcome: UploadOutcome): void {
    this.uploads.inc({ outcome });
  }
}
