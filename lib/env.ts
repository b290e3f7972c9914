import { z } from 'zod';
import { parseDatabaseUrl } from './database/url';

/**
 * Every environment variable Tidings reads, validated once. Code reads `env.X`, never `process.env.X`.
 * Empty strings count as unset, so `FOO=` in a .env file falls back to the default instead of failing.
 * `.env.example` lists every variable with a comment; keep the two in step.
 */
const emptyAsUnset = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUnset, schema.optional());

const serverSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUnset, z.enum(['development', 'test', 'production']).default('development')),
  DATABASE_URL: optional(z.string()).superRefine((value, ctx) => {
    try {
      parseDatabaseUrl(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^DATABASE_URL /, '') });
    }
  }),
  LOG_LEVEL: z.preprocess(emptyAsUnset, z.enum(['debug', 'info', 'warn', 'error']).default('info')),
});

export type ServerEnv = z.infer<typeof serverSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Validates a set of variables; throws an EnvError naming each bad variable and what it expects. */
export function parseEnv(source: Record<string, string | undefined>): ServerEnv {
  const result = serverSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const received = issue.code === 'invalid_value' ? `; got "${source[name] ?? ''}"` : '';
    return `${name}: ${issue.message}${received}`;
  });
  throw new EnvError(problems);
}

export const env: ServerEnv = parseEnv(process.env);
