import { redactSecrets } from './redact';
import { Logger, configureLogging } from './logger';
import { runWithContext } from './context';

describe('redactSecrets', () => {
  it('masks API keys and bearer tokens wherever they appear', () => {
    const key = 'cv_abcdef123456_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ABCDEFG';
    const out = redactSecrets(`{"msg":"auth ${key}","h":"Bearer sometoken"}`);
    expect(out).not.toContain('AbCdEfGhIjKlMnOp');
    expect(out).toContain('cv_abcdef123456_[REDACTED]');
    expect(out).toContain('Bearer [REDACTED]');
  });
});

describe('Logger', () => {
  it('writes JSON lines with the request id and masks keys', () => {
    const lines: string[] = [];
    configureLogging({ level: 'debug', sink: (l) => lines.push(l) });
    runWithContext({ requestId: 'req-1' }, () =>
      new Logger('t').info('hello', { key: 'cv_abcdef123456_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ABCDEFG' }),
    );
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ level: 'info', component: 't', msg: 'hello', requestId: 'req-1' });
    expect(lines[0]).not.toContain('AbCdEfGh');
    configureLogging({ level: 'info', sink: (l) => process.stdout.write(l + '\n') });
  });
});
