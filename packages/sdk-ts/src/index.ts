import { SoftFactoryApi } from './api';
import { Transport, TransportOptions } from './transport';

export type { Answer, Body, CallOptions, ErrorCode, Query, TransportOptions } from './transport';
export { SoftFactoryError } from './transport';
export type { components, paths } from './schema';

/**
 * The SoftFactory API: one method group per tag (`client.coocook.listChefs({ cuisine })`,
 * `client.payment.checkout({ product_id: 1 })`), over the canonical `/api/v1` paths.
 */
export class SoftFactory extends SoftFactoryApi {
  private readonly transport: Transport;

  constructor(options: TransportOptions = {}) {
    const transport = new Transport(options);
    super(transport);
    this.transport = transport;
  }

  /** Signs in and keeps the tokens; later calls carry them and refresh them once on a 401. */
  login(email: string, password: string) {
    return this.auth.login({ email, password });
  }

  /** The tokens held now (to store them between runs). */
  get tokens(): { accessToken: string | undefined; refreshToken: string | undefined } {
    return { accessToken: this.transport.accessToken, refreshToken: this.transport.refreshToken };
  }
}

export default SoftFactory;
