import type { Socket } from 'socket.io';
import type { Revocation } from '@sf/contracts';

/** Who a socket speaks for, as its handshake established. */
export interface SocketOwner {
  user_id: string;
  session_id: string | null;
  api_key_id: string | null;
}

/**
 * The sockets of this replica by the credentials they were opened with, so that a revocation
 * (logout, password change, deleted account, revoked key) closes them at once.
 */
export class SocketRegistry {
  private readonly sockets = new Map<Socket, { owner: SocketOwner; expiry: NodeJS.Timeout | null }>();

  add(socket: Socket, owner: SocketOwner, expiresAt: number | null): void {
    const remaining = expiresAt === null ? null : expiresAt - Date.now();
    // Past the token's expiry the socket goes too (setTimeout takes at most ~24.8 days).
    const expiry = remaining === null ? null : setTimeout(() => socket.disconnect(true), Math.min(Math.max(remaining, 0), 2 ** 31 - 1));
    expiry?.unref();
    this.sockets.set(socket, { owner, expiry });
    socket.once('disconnect', () => this.remove(socket));
  }

  remove(socket: Socket): void {
    const entry = this.sockets.get(socket);
    if (entry?.expiry) clearTimeout(entry.expiry);
    this.sockets.delete(socket);
  }

  /** Disconnects every socket the revocation covers; answers how many. */
  revoke(revocation: Revocation): number {
    const hit = (owner: SocketOwner) =>
      revocation.kind === 'sessions'
        ? owner.session_id !== null && revocation.session_ids.includes(owner.session_id)
        : revocation.kind === 'user'
          ? owner.user_id === revocation.user_id
          : owner.api_key_id === revocation.api_key_id;
    let count = 0;
    for (const [socket, { owner }] of [...this.sockets]) {
      if (!hit(owner)) continue;
      socket.disconnect(true);
      this.remove(socket);
      count++;
    }
    return count;
  }

  get size(): number {
    return this.sockets.size;
  }
}
