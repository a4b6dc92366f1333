/** Types for the verbatim seed client in softfactory-client.js. */
export declare class SoftFactoryClient {
  constructor(baseUrl: string, email: string, password: string);
  baseUrl: string;
  email: string;
  password: string;
  accessToken: string | null;
  refreshToken: string | null;
  tokenExpiry: Date | null;
  login(): Promise<boolean>;
  refreshTokens(): Promise<boolean>;
  request(method: string, endpoint: string, body?: unknown): Promise<any>;
  get(endpoint: string): Promise<any>;
  post(endpoint: string, body?: unknown): Promise<any>;
}
