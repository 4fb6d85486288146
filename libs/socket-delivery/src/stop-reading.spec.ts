import { stopReading } from './stop-reading';

describe('socket-delivery: stopReading', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('pauses a WebSocket at once and drops it after the grace period', () => {
    const ws = { pause: jest.fn(), terminate: jest.fn() };
    stopReading({ transport: { name: 'websocket', socket: ws } }, 2000);
    expect(ws.pause).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1999);
    expect(ws.terminate).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(ws.terminate).toHaveBeenCalledTimes(1);
  });

  it('leaves polling connections and unknown shapes alone', () => {
    const ws = { pause: jest.fn(), terminate: jest.fn() };
    stopReading({ transport: { name: 'polling', socket: ws } }, 10);
    stopReading({}, 10);
    stopReading(undefined, 10);
    jest.advanceTimersByTime(100);
    expect(ws.pause).not.toHaveBeenCalled();
    expect(ws.terminate).not.toHaveBeenCalled();
  });
});
