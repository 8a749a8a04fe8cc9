import type { Db } from '../../platform/db/index.ts';
import type { PlatformKeys } from '../../platform/keys.ts';
import { hashPassword, passwordPolicy } from '../../platform/auth/password.ts';
import { blindIndex, uuidv7 } from '../../platform/crypto/index.ts';
import { AppError, badRequest, conflict } from '../../platform/http/index.ts';
import { codes, usccError } from '../entities/index.ts';
import { USERNAME } from './accounts.ts';

/**
 * Failed proofs an enterprise may have in a day. Counted per USCC, not per address: behind the operator's reverse
 * proxy every caller can share one address, and a count per address would let one guesser stop everybody.
 */
export const REGISTRATION_TRIES_PER_USCC = 5;

export type LegalRepCheck =
  | { outcome: 'match'; entity: { name: string; regionCode: string; status: string } }
  | { outcome: 'mismatch' } | { outcome: 'no_entity' } | { outcome: 'not_active' };

export interface RegistrationDeps {
  db: Db;
  keys: PlatformKeys;
  /** C1: whether the person is the entity's registered legal representative */
  verifyLegalRep: (uscc: string, name: string, idNumber: string) => Promise<LegalRepCheck>;
  forgetSessions: (tokenHashes: string[]) => void;
}

export interface RegistrationInput {
  uscc: string;
  legalRepName: string;
  idNumber: string;
  username: string;
  password: string;
}

/**
 * Self-registration of an enterprise by its legal representative (企业注册与实名认证). The name and resident ID number
 * typed must be the registry's; nothing of the registry is echoed. The account is real-name verified and holds the
 * role enterprise_legal_rep; agents are then opened by the legal representative (accounts). When the registry names a
 * different legal representative than the one who registered before (a change recorded by the market regulator), the
 * new one's registration takes over and the predecessor's legal-representative accounts are disabled.
 */
export function createEnterpriseRegistration(deps: RegistrationDeps) {
  const { db, keys } = deps;

  async function tooManyTries(uscc: string): Promise<boolean> {
    const [r] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM registration_attempts WHERE uscc = $1 AND at > now() - interval '1 day'", [uscc]);
    return r.n >= REGISTRATION_TRIES_PER_USCC;
  }

  return {
    async register(input: RegistrationInput, request: { ip: string }): Promise<{ username: string; enterprise: { uscc: string; name: string }; replacedPredecessor: boolean }> {
      const uscc = input.uscc.trim().toUpperCase();
      const uerr = usccError(uscc);
      if (uerr) throw uerr;
      const idNumber = input.idNumber.trim().toUpperCase();
      const idCheck = codes.validateIdNumber(idNumber);
      if (!idCheck.valid) throw badRequest('ID_NUMBER_INVALID', { zh: idCheck.error.message, en: idCheck.error.messageEn }, { field: 'idNumber', error: idCheck.error });
      const username = input.username.trim();
      if (!USERNAME.test(username)) {
        throw badRequest('USERNAME_INVALID', { zh: '用户名为 3–64 位字母、数字或 _ . @ -，以字母或数字开头', en: 'A user name is 3–64 letters, digits or _ . @ -, starting with a letter or digit' }, { field: 'username' });
      }
      const weak = passwordPolicy(input.password);
      if (weak) throw badRequest('PASSWORD_WEAK', { zh: weak.messages['zh-CN'], en: weak.messages.en }, { field: 'password' });
      if ((await db.query('SELECT 1 FROM users WHERE username = $1', [username])).length) {
        throw conflict('USERNAME_TAKEN', { zh: '用户名已存在', en: 'The user name is taken' }, { field: 'username' });
      }
      if (await tooManyTries(uscc)) {
        throw new AppError('REGISTRATION_TRIES_EXCEEDED', 429, {
          zh: '实名核验失败次数过多，请 24 小时后再试，或携带营业执照和法定代表人身份证到平台运营方办理',
          en: 'Too many failed identity checks; try again in 24 hours, or bring the business licence and ID card to the platform operator',
        });
      }
      const check = await deps.verifyLegalRep(uscc, input.legalRepName, idNumber);
      if (check.outcome === 'no_entity') {
        throw badRequest('ENTITY_NOT_IN_REGISTRY', {
          zh: `平台的登记信息中没有统一社会信用代码为 ${uscc} 的市场主体；新设立的企业通常在数日内归集，请稍后再试或联系平台运营方`,
          en: `The registry holds no market entity with USCC ${uscc}; a newly established one usually arrives within days — try later or contact the operator`,
        }, { field: 'uscc' });
      }
      if (check.outcome === 'not_active') {
        throw badRequest('ENTITY_NOT_ACTIVE', { zh: '该市场主体已注销、吊销或迁出，不能注册', en: 'The entity is cancelled, revoked or moved out and cannot register' }, { field: 'uscc' });
      }
      if (check.outcome === 'mismatch') {
        await db.query('INSERT INTO registration_attempts (uscc, ip) VALUES ($1, $2)', [uscc, request.ip]);
        throw badRequest('REAL_NAME_MISMATCH', {
          zh: '法定代表人姓名或身份证号码与登记信息不一致（企业的经办人请由法定代表人在平台上为其开设账号）',
          en: "The legal representative's name or ID number differs from the registry (an agent's account is opened by the legal representative)",
        });
      }
      const { entity } = check;
      const idIndex = blindIndex(keys.indexKey, idNumber);
      const passwordHash = await hashPassword(input.password);
      type Outcome = { kind: 'already'; username: string } | { kind: 'taken' } | { kind: 'made'; ended: string[]; replaced: boolean };
      const result = await db.tx(async (q): Promise<Outcome> => {
        const orgs = await q.query<{ id: string }>("SELECT id FROM organisations WHERE kind = 'enterprise' AND uscc = $1 FOR UPDATE", [uscc]);
        let orgId = orgs[0]?.id;
        if (!orgId) {
          orgId = uuidv7();
          await q.query("INSERT INTO organisations (id, kind, name, uscc, region_code) VALUES ($1, 'enterprise', $2, $3, $4)", [orgId, entity.name, uscc, entity.regionCode]);
        }
        const reps = await q.query<{ id: string; username: string; real_name_id_index: string | null }>(
          "SELECT id, username, real_name_id_index FROM users WHERE org_id = $1 AND 'enterprise_legal_rep' = ANY(roles) AND NOT disabled",
          [orgId],
        );
        const same = reps.find((r) => r.real_name_id_index?.trim() === idIndex);
        if (same) return { kind: 'already', username: same.username };
        // the registry names someone else now: the predecessor's legal-representative accounts stop
        const ended: string[] = [];
        for (const r of reps) {
          await q.query('UPDATE users SET disabled = true WHERE id = $1', [r.id]);
          ended.push(...(await q.query<{ token_hash: string }>('DELETE FROM sessions WHERE user_id = $1 RETURNING token_hash', [r.id])).map((x) => x.token_hash));
        }
        const inserted = await q.query(
          `INSERT INTO users (id, org_id, username, display_name, password_hash, roles, real_name_verified, real_name_id_index)
           VALUES ($1, $2, $3, $4, $5, ARRAY['enterprise_legal_rep'], true, $6) ON CONFLICT (username) DO NOTHING RETURNING id`,
          [uuidv7(), orgId, username, `法定代表人 ${input.legalRepName.trim()}`, passwordHash, idIndex],
        );
        if (!inserted.length) return { kind: 'taken' };
        return { kind: 'made', ended, replaced: reps.length > 0 };
      });
      if (result.kind === 'already') {
        throw conflict('ENTERPRISE_ALREADY_REGISTERED', {
          zh: `您已为该企业注册过账号（${maskUsername(result.username)}），请直接登录；忘记密码可联系平台运营方重置`,
          en: `You already have an account for this enterprise (${maskUsername(result.username)}); log in, or ask the operator to reset a forgotten password`,
        });
      }
      if (result.kind === 'taken') throw conflict('USERNAME_TAKEN', { zh: '用户名已存在', en: 'The user name is taken' }, { field: 'username' });
      deps.forgetSessions(result.ended);
      return { username, enterprise: { uscc, name: entity.name }, replacedPredecessor: result.replaced };
    },
  };
}

/** A user name shown to someone who proved to be its owner, still not in full (a shoulder may be watching). */
export function maskUsername(u: string): string {
  return u.length <= 3 ? `${u[0]}**` : `${u.slice(0, 2)}${'*'.repeat(Math.min(u.length - 3, 6))}${u.slice(-1)}`;
}

export type EnterpriseRegistration = ReturnType<typeof createEnterpriseRegistration>;
