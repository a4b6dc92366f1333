/** glibc's `malloc_trim(0)`, or null where the C library is not glibc (musl, macOS). */
type MallocTrim = () => number;

let binding: Promise<MallocTrim | null> | undefined;

/**
 * Hands the free memory of glibc's heaps back to the system: native buffers a load left behind
 * (argon2's 19 MiB work areas in auth, TLS, zlib and socket buffers) that glibc keeps for reuse,
 * since `free` returns only a heap's top, and only past a threshold. `malloc_trim(0)` releases
 * the free pages inside every arena and the top of the main heap (not a thread arena's top: the
 * runtime image runs one arena, ADR 0012), in a few milliseconds; Node has no binding for it, so
 * koffi (a maintained FFI library with prebuilt binaries) calls it, loaded on the first trim only.
 * Answers whether it ran.
 */
export async function trimNativeHeap(): Promise<boolean> {
  binding ??= bindMallocTrim();
  const mallocTrim = await binding;
  if (!mallocTrim) return false;
  mallocTrim();
  return true;
}

async function bindMallocTrim(): Promise<MallocTrim | null> {
  if (process.platform !== 'linux') return null;
  try {
    const { default: koffi } = await import('koffi');
    const mallocTrim = koffi.load('libc.so.6').func('int malloc_trim(size_t)');
    return () => mallocTrim(0) as number;
  } catch {
    return null; // no libc.so.6 (musl) or no koffi binary for this platform: V8's trim still runs
  }
}
