import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { randomToken } from '../crypto/index.ts';
import { AppError } from './problem.ts';

/**
 * Bodies of the routes in this (encapsulated) context stream to a temporary file instead of memory, so a
 * multi-gigabyte batch costs constant memory. The SM3 is computed on the way, for signed requests and
 * idempotency; the file is removed when the response is sent.
 */
export function installStreamingUpload(app: FastifyInstance, opts: { dir: string; limitBytes: number }): void {
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => {
    const path = join(opts.dir, `upload-${randomToken(16)}`);
    const hash = createHash('sm3');
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, next) {
        bytes += chunk.length;
        if (bytes > opts.limitBytes) {
          next(new AppError('BODY_TOO_LARGE', 413, { zh: `上传内容超过 ${opts.limitBytes} 字节`, en: `The upload is larger than ${opts.limitBytes} bytes` }));
          return;
        }
        hash.update(chunk);
        next(null, chunk);
      },
    });
    pipeline(payload, meter, createWriteStream(path, { mode: 0o600 })).then(
      () => {
        request.upload = { path, bytes, sm3: hash.digest('hex') };
        done(null, undefined);
      },
      (err: unknown) => {
        rm(path, { force: true }).catch((e: unknown) => request.log.warn({ err: e }, 'removing a failed upload failed'));
        done(err instanceof AppError ? err : new AppError('BODY_READ_FAILED', 400, { zh: '上传未完成（连接中断）', en: 'The upload did not complete (connection interrupted)' }), undefined);
      },
    );
  });
  app.addHook('onResponse', async (request) => {
    if (request.upload) await rm(request.upload.path, { force: true });
  });
}
