import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { inTx } from '../../app/run.ts';
import { companyLogo, removeCompanyLogo, setCompanyLogo } from '../../company/logo.ts';
import { companyProfile, companyProfileJson, MAX_LOGO_BYTES, updateCompanyProfile, type CompanyProfileInput } from '../../company/profile.ts';
import type { Db } from '../../db/db.ts';
import { scopeOf } from '../auth.ts';
import { sendProblem } from '../problem.ts';
import { Nullable } from './schemas.ts';

const Text = Nullable(Type.String({ maxLength: 2000 }));
const ProfileBody = Type.Object({
  legal_name: Type.Optional(Type.String({ maxLength: 200 })), trading_name: Type.Optional(Text), vat_number: Type.Optional(Text),
  registration_id: Type.Optional(Text), address_line: Type.Optional(Text), city: Type.Optional(Text), postal_code: Type.Optional(Text),
  region: Type.Optional(Text), country: Type.Optional(Type.String({ maxLength: 2 })), contact_name: Type.Optional(Text), email: Type.Optional(Text), phone: Type.Optional(Text),
  website: Type.Optional(Text), iban: Type.Optional(Text), bic: Type.Optional(Text),
  peppol_endpoint_id: Type.Optional(Text), peppol_endpoint_scheme: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{4}$' }))),
  invoice_footer: Type.Optional(Text),
}, { additionalProperties: false });

/** The seller's profile: any signed-in user reads it (documents show it), an admin changes it. */
export function companyRoutes(app: FastifyInstance, db: Db) {
  app.get('/api/settings/company', { config: { roles: 'any' }, schema: { tags: ['settings'] } }, async (req) =>
    companyProfileJson(await companyProfile(db, scopeOf(req).tenantId)));

  app.put('/api/settings/company', {
    config: { roles: ['admin'] },
    schema: { tags: ['settings'], description: 'Fields given are changed (null clears one); the others are kept.', body: ProfileBody },
  }, async (req) => companyProfileJson(await inTx(db, scopeOf(req), (tx, s) => updateCompanyProfile(tx, s, req.body as CompanyProfileInput))));

  app.get('/api/settings/company/logo', { config: { roles: 'any' }, schema: { tags: ['settings'] } }, async (req, reply) => {
    const logo = await companyLogo(db, scopeOf(req).tenantId);
    if (!logo) return sendProblem(reply, 404, 'not_found', 'no logo uploaded');
    return reply.type(logo.type).header('cache-control', 'no-cache').send(Buffer.from(logo.bytes));
  });

  app.delete('/api/settings/company/logo', { config: { roles: ['admin'] }, schema: { tags: ['settings'] } }, async (req, reply) => {
    await inTx(db, scopeOf(req), (tx, s) => removeCompanyLogo(tx, s));
    return reply.code(204).send();
  });

  // The body is the image itself; its own parser keeps raw image bodies (and their size limit) to this route.
  app.register(async (scoped) => {
    scoped.addContentTypeParser(['image/png', 'image/jpeg'], { parseAs: 'buffer', bodyLimit: MAX_LOGO_BYTES }, (_req, body, done) => done(null, body));
    scoped.put('/api/settings/company/logo', {
      config: { roles: ['admin'] },
      schema: { tags: ['settings'], description: `PNG or JPEG bytes as the body (content-type image/png or image/jpeg), at most ${MAX_LOGO_BYTES} bytes.` },
    }, async (req) => {
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      await inTx(db, scopeOf(req), (tx, s) => setCompanyLogo(tx, s, type, req.body as Buffer));
      return companyProfileJson(await companyProfile(db, scopeOf(req).tenantId));
    });
  });
}
