import { formatTraceparent, newSpanId, newTraceId, parseTraceparent } from './log-context';

describe('trace and span ids', () => {
  it('are lower-case hex of 32 and 16 digits, never repeated across many pool refills', () => {
    const traces = new Set<string>();
    const spans = new Set<string>();
    // 3,000 of each draws 72,000 bytes: the 4 KiB pool is refilled about 17 times.
    for (let i = 0; i < 3000; i++) {
      const trace = newTraceId();
      const span = newSpanId();
      expect(trace).toMatch(/^[0-9a-f]{32}$/);
      expect(span).toMatch(/^[0-9a-f]{16}$/);
      traces.add(trace);
      spans.add(span);
    }
    expect(traces.size).toBe(3000);
    expect(spans.size).toBe(3000);
  });

  it('make a traceparent that parses back to them', () => {
    const trace = newTraceId();
    const span = newSpanId();
    expect(parseTraceparent(formatTraceparent(trace, span))).toEqual({ traceId: trace, spanId: span });
  });
});
