import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseEnv } from '../../server/src/config';

describe('parseEnv', () => {
  it('merges key slots SB_KEYS_A, SB_KEYS_B (one secret each on ECS) with SB_KEYS', () => {
    const c = parseEnv({ SB_KEYS_A: '{"a1":"s1"}', SB_KEYS_B: '{"b2":"s2"}', SB_KEYS: '{"dev":"s3"}' });
    expect(c.options.keys).toEqual({ a1: 's1', b2: 's2', dev: 's3' });
  });

  it('refuses the same key id in two slots, and a slot that is not a key object', () => {
    expect(() => parseEnv({ SB_KEYS_A: '{"k":"s1"}', SB_KEYS_B: '{"k":"s2"}' })).toThrow(/SB_KEYS_B.*"k"/);
    expect(() => parseEnv({ SB_KEYS_A: '["k"]' })).toThrow(/SB_KEYS_A/);
  });

  it('reads the idempotency byte budget, or leaves it to the memory-based default', () => {
    expect(parseEnv({ SB_IDEMPOTENCY_MAX_BYTES: '67108864' }).options.idempotencyMaxBytes).toBe(67108864);
    expect(parseEnv({}).options.idempotencyMaxBytes).toBeUndefined();
    expect(() => parseEnv({ SB_IDEMPOTENCY_MAX_BYTES: '10' })).toThrow(/SB_IDEMPOTENCY_MAX_BYTES/);
  });

  it('has production defaults', () => {
    const c = parseEnv({});
    expect(c.port).toBe(8080);
    expect(c.host).toBe('0.0.0.0');
    expect(c.options).toMatchObject({
      keys: {},
      maxRows: 1000,
      maxBodyBytes: 5 * 1024 * 1024,
      faults: undefined,
    });
  });

  it('reads keys, limits, faults and log level', () => {
    const c = parseEnv({
      PORT: '9000',
      SB_KEYS: '{"old":"s1","new":"s2"}',
      SB_MAX_ROWS: '200',
      SB_MAX_BODY_BYTES: '100000',
      SB_FAULTS: '{"errorRate":0.1,"seed":3}',
      SB_ALLOW_FAULTS: 'true',
      LOG_LEVEL: 'warn',
    });
    expect(c.port).toBe(9000);
    expect(c.options).toMatchObject({
      keys: { old: 's1', new: 's2' },
      maxRows: 200,
      maxBodyBytes: 100000,
      faults: { errorRate: 0.1, seed: 3 },
      logger: { level: 'warn' },
    });
  });

  it('reads keys from SB_KEYS_FILE (a mounted secret)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-keys-'));
    const file = join(dir, 'keys.json');
    writeFileSync(file, '{"k1":"from-file"}');
    expect(parseEnv({ SB_KEYS_FILE: file }).options.keys).toEqual({ k1: 'from-file' });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ SB_KEYS: '[1,2]' }, 'SB_KEYS'],
    [{ SB_KEYS: '{"k":""}' }, 'SB_KEYS'],
    [{ SB_KEYS: '{"bad id":"x"}' }, 'SB_KEYS'],
    [{ SB_KEYS: '{"a":"b"}', SB_KEYS_FILE: '/x' }, 'SB_KEYS_FILE'],
    [{ SB_MAX_ROWS: '0' }, 'SB_MAX_ROWS'],
    [{ SB_MAX_ROWS: '1.5' }, 'SB_MAX_ROWS'],
    [{ SB_MAX_BODY_BYTES: '-1' }, 'SB_MAX_BODY_BYTES'],
    [{ SB_FAULTS: '{"errorRate":0.1}' }, 'SB_FAULTS'],
    [{ SB_FAULTS: '{"errorRate":5}', SB_ALLOW_FAULTS: 'true' }, 'SB_FAULTS'],
    [{ SB_FAULTS: '{"errorRate":0.1}', SB_ALLOW_FAULTS: 'yes' }, 'SB_ALLOW_FAULTS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SB_REQUIRE_SIGNATURE: 'true' }, 'SB_REQUIRE_SIGNATURE'],
    [{ SB_BASE_PATH: 'ml/' }, 'SB_BASE_PATH'],
  ])('%j is refused with a message naming %s', (env, variable) => {
    let error: unknown;
    try {
      parseEnv(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(variable);
  });

  it('never puts a secret into an error message', () => {
    expect(() => parseEnv({ SB_KEYS: '{"bad id":"super-secret-value"}' })).toThrow(
      /^(?!.*super-secret-value)/,
    );
  });
});
