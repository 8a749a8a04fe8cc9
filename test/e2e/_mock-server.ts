// TEMPORARY: a stand-in for the lead's server, to exercise the portals before it exists. Deleted after use.
import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join, extname } from 'node:path';
import { generateTotpSecret, verifyTotp } from '../../src/platform/auth/totp.ts';

const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function check(body: string) { let s = 0; for (let i = 0; i < 17; i++) s += CHARS.indexOf(body[i]) * W[i]; const c = 31 - (s % 31); return CHARS[c === 31 ? 0 : c]; }
const WORDS = ['华信科技', '瑞丰农业', '宏达机械', '恒通物流', '绿源环保', '新星软件', '金穗食品', '远航纺织'];
const SIZES = ['large', 'medium', 'small', 'micro', 'unknown'] as const;
export async function startTestServer(opts: { seedEnterprises?: number } = {}) {
  const n = opts.seedEnterprises ?? 20;
  const entities = Array.from({ length: n }, (_, i) => {
    const body = `91131000MA${String(100000 + i).padStart(6, '0')}X`.slice(0, 17);
    const uscc = body + check(body);
    const size = SIZES[i % 5];
    return {
      uscc, name: `廊坊市${WORDS[i % WORDS.length]}有限公司${i >= WORDS.length ? `第${i}分公司` : ''}`,
      entityType: 'enterprise', regionCode: '131002', regionName: '河北省廊坊市安次区', industryCode: '13', industryName: '农副食品加工业',
      sizeClass: size, status: i % 7 === 3 ? 'revoked' : 'active', establishedOn: '2015-06-0' + (1 + (i % 9)),
      registrationAuthority: '廊坊市市场监督管理局安次分局', registeredCapital: i % 2 ? '20000000.00' : '500000.00',
      legalRep: { name: '张*', idType: 'resident_id', idNumber: '131***********1234', mobile: '138****5678' },
      employees: size === 'unknown' ? null : 120 + i, revenue: size === 'unknown' ? null : '123456789.50', assets: '98765432.10',
      size: { sizeClass: size, rule: size === 'unknown' ? '缺少从业人员和营业收入，无法划型' : '工业：从业人员 ≥ 20 人且 < 300 人，营业收入 ≥ 300 万元且 < 2000 万元，属于小型企业（《中小企业划型标准规定》工信部联企业〔2011〕300号）', ruleEn: size === 'unknown' ? 'Employees and revenue missing' : 'Industry: 20 ≤ employees < 300 and CNY 3m ≤ revenue < CNY 20m → small (MIIT 2011 No. 300)', tableVersion: '工信部联企业〔2011〕300号', missing: size === 'unknown' ? ['employees', 'revenue'] : [] },
      updatedAt: '2025-11-20T10:00:00+08:00',
    };
  });
  const password = 'demo-pass-1';
  const secret = generateTotpSecret();
  const users = [
    { id: 'u1', username: 'ent', displayName: '张经理', roles: ['enterprise_legal_rep'], portal: 'enterprise', totpSecret: null as string | null, org: { id: 'o1', kind: 'enterprise', name: entities[0].name, uscc: entities[0].uscc } },
    { id: 'u2', username: 'bank', displayName: '李信贷', roles: ['inst_admin', 'inst_loan_officer'], portal: 'institution', totpSecret: secret, org: { id: 'o2', kind: 'institution', name: '廊坊银行股份有限公司', uscc: null } },
    { id: 'u3', username: 'tax', displayName: '税务接口', roles: ['provider_admin'], portal: 'provider', totpSecret: null, org: { id: 'o3', kind: 'provider', name: '国家税务总局廊坊市税务局', uscc: null } },
    { id: 'u4', username: 'op', displayName: '王运营', roles: ['op_admin', 'op_auditor'], portal: 'operator', totpSecret: secret, org: { id: 'o4', kind: 'operator', name: '廊坊市发展和改革委员会', uscc: null } },
  ];
  const sessions = new Map<string, { user: typeof users[number]; full: boolean }>();
  const lastStep = new Map<string, number>();
  const dist = join(import.meta.dirname, '../../web/dist');
  const me = (u: typeof users[number]) => { const { totpSecret: _t, ...rest } = u; return rest; };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const p = url.pathname;
      const json = (status: number, value: unknown, type = 'application/json') => { res.writeHead(status, { 'content-type': type }); res.end(JSON.stringify(value)); };
      const problem = (status: number, code: string, detail: string) => json(status, { type: 'about:blank', title: code, status, detail, code }, 'application/problem+json');
      const sid = /sid=(\w+)/.exec(req.headers.cookie ?? '')?.[1];
      const sess = sid ? sessions.get(sid) : undefined;
      const authed = sess?.full ? sess.user : undefined;
      if (!p.startsWith('/api/')) {
        const file = join(dist, p);
        const f = existsSync(file) && extname(file) ? file : join(dist, 'index.html');
        const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };
        res.writeHead(200, { 'content-type': types[extname(f)] ?? 'application/octet-stream' });
        res.end(readFileSync(f));
        return;
      }
      if (p === '/api/v1/auth/login') {
        const { username, password: pw } = JSON.parse(body);
        const u = users.find((x) => x.username === username);
        if (!u || pw !== password) return problem(401, 'AUTH_INVALID', '用户名或密码错误');
        const id = Math.random().toString(36).slice(2);
        sessions.set(id, { user: u, full: u.totpSecret === null });
        res.setHeader('set-cookie', `sid=${id}; HttpOnly; Path=/`);
        return json(200, u.totpSecret === null ? { mfaRequired: false, user: me(u) } : { mfaRequired: true });
      }
      if (p === '/api/v1/auth/totp') {
        if (!sess) return problem(401, 'AUTH_REQUIRED', '请先登录');
        const step = verifyTotp(sess.user.totpSecret!, JSON.parse(body).code, Date.now(), 1, { lastUsedStep: lastStep.get(sess.user.id) });
        if (step === null) return problem(401, 'AUTH_TOTP_INVALID', '动态验证码错误');
        lastStep.set(sess.user.id, step); sess.full = true;
        return json(200, { user: me(sess.user) });
      }
      if (p === '/api/v1/auth/logout') { if (sid) sessions.delete(sid); res.writeHead(204); res.end(); return; }
      if (p === '/api/v1/public/summary') return json(200, { nodeName: '廊坊市融资信用服务平台', regionName: '河北省廊坊市', enterprises: 128345, institutions: 42, providers: 17 });
      if (p.startsWith('/api/v1/codes/uscc/')) {
        const code = decodeURIComponent(p.slice('/api/v1/codes/uscc/'.length));
        if (code.length !== 18) return json(200, { valid: false, error: { position: Math.min(code.length + 1, 18), message: '长度应为 18 位', messageEn: 'must be 18 characters' } });
        const exp = check(code);
        return code[17] === exp ? json(200, { valid: true }) : json(200, { valid: false, error: { position: 18, message: `校验码错误，应为 ${exp}`, messageEn: `check character should be ${exp}`, expected: exp } });
      }
      if (p === '/api/v1/codes/regions') {
        const parent = url.searchParams.get('parent');
        const items = parent === null ? [{ code: '130000', name: '河北省', level: 'province', parent: null }, { code: '110000', name: '北京市', level: 'province', parent: null }]
          : parent === '130000' ? [{ code: '131000', name: '廊坊市', level: 'prefecture', parent }] : parent === '131000' ? [{ code: '131002', name: '安次区', level: 'county', parent }] : [];
        return json(200, { items });
      }
      if (p === '/api/v1/codes/industries') {
        return json(200, { items: url.searchParams.get('level') === 'section' ? [{ code: 'A', name: '农、林、牧、渔业', nameEn: 'Agriculture', level: 'section' }, { code: 'C', name: '制造业', nameEn: 'Manufacturing', level: 'section' }] : [{ code: '01', name: '农业', nameEn: 'Agriculture', level: 'division' }, { code: '13', name: '农副食品加工业', nameEn: 'Agri-food processing', level: 'division' }] });
      }
      if (!authed) return problem(401, 'AUTH_REQUIRED', '请先登录');
      if (p === '/api/v1/auth/me') return json(200, me(authed));
      if (p === '/api/v1/me/enterprise') return authed.portal === 'enterprise' ? json(200, entities[0]) : problem(403, 'FORBIDDEN', '无权访问');
      if (p === '/api/v1/me/api-keys') return json(200, { items: [{ keyId: 'pk_tax_01HZX3', createdAt: '2025-10-01T09:00:00+08:00', revokedAt: null }, { keyId: 'pk_tax_01HA11', createdAt: '2025-01-01T09:00:00+08:00', revokedAt: '2025-10-01T09:05:00+08:00' }] });
      if (p === '/api/v1/entities') {
        if (authed.portal !== 'operator' && authed.portal !== 'institution') return problem(403, 'FORBIDDEN', '无权访问');
        const q = url.searchParams.get('q') ?? '';
        const filtered = entities.filter((e) => e.name.includes(q) && (!url.searchParams.get('size') || e.sizeClass === url.searchParams.get('size')));
        const start = Number(url.searchParams.get('cursor') ?? 0); const limit = Number(url.searchParams.get('limit') ?? 20);
        const items = filtered.slice(start, start + limit).map(({ uscc, name, entityType, regionCode, regionName, industryCode, industryName, sizeClass, status, establishedOn }) => ({ uscc, name, entityType, regionCode, regionName, industryCode, industryName, sizeClass, status, establishedOn }));
        return json(200, { items, nextCursor: start + limit < filtered.length ? String(start + limit) : null });
      }
      if (p.startsWith('/api/v1/entities/')) { const e = entities.find((x) => x.uscc === p.slice(17)); return e ? json(200, e) : problem(404, 'NOT_FOUND', '未找到'); }
      return problem(404, 'NOT_FOUND', 'no route');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, demo: { password, users: users.map(({ username, roles, portal, totpSecret }) => ({ username, roles, portal, totpSecret })) }, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
