/** The conformance kit's command line (kept apart so it can be unit-tested). */
import { OIP_VARIANTS, PROFILES, type Profile } from '../../conformance/fixtures.ts';
import type { Target } from '../../conformance/targets.ts';

export interface KitRun {
  profile: Profile;
  /** oip-v2 only: whose reading of the protocol's silences applies (default strict). */
  variant?: (typeof OIP_VARIANTS)[number];
}

export interface KitArgs {
  target: Target;
  runs: KitRun[];
  expectedFailures?: string;
  reportDir: string;
}

export const USAGE = `npm run conformance -- [--runtime-url [fixture=]URL]... | [--runtime-image IMAGE]
                       [--profile azureml-online|azureml-batch|oip-v2[:strict|kserve|mlserver]]...
                       [--expected-failures FILE] [--report-dir DIR]
Without a target, our own runtime is checked, hosted in this process.`;

export function parseKitArgs(argv: readonly string[]): KitArgs {
  const urls: Record<string, string> = {};
  let image: string | undefined;
  const runs: KitRun[] = [];
  let expectedFailures: string | undefined;
  let reportDir = 'reports/conformance';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--runtime-url') {
      const v = value();
      const eq = v.indexOf('=');
      const [fixture, url] = eq > 0 && !v.slice(0, eq).includes(':') ? [v.slice(0, eq), v.slice(eq + 1)] : ['', v];
      if (urls[fixture] !== undefined) throw new Error(`--runtime-url ${fixture || '(main fixture)'} is given twice`);
      urls[fixture] = url;
    } else if (arg === '--runtime-image') image = value();
    else if (arg === '--profile') runs.push(parseProfile(value()));
    else if (arg === '--expected-failures') expectedFailures = value();
    else if (arg === '--report-dir') reportDir = value();
    else throw new Error(`unknown option '${arg}'\n${USAGE}`);
  }
  if (image && Object.keys(urls).length > 0) throw new Error(`give --runtime-url or --runtime-image, not both\n${USAGE}`);
  const target: Target = image ? { kind: 'image', image } : Object.keys(urls).length > 0 ? { kind: 'url', urls } : { kind: 'in-process' };
  return { target, runs: runs.length > 0 ? runs : [...PROFILES].map((profile) => ({ profile })), expectedFailures, reportDir };
}

function parseProfile(text: string): KitRun {
  const [profile, variant] = text.split(':');
  if (!(PROFILES as readonly string[]).includes(profile)) throw new Error(`--profile must be one of ${PROFILES.join(', ')}, not '${profile}'`);
  if (variant === undefined) return { profile: profile as Profile };
  if (profile !== 'oip-v2' || !(OIP_VARIANTS as readonly string[]).includes(variant)) throw new Error(`only oip-v2 has variants (${OIP_VARIANTS.join(', ')}), not '${text}'`);
  return { profile: 'oip-v2', variant: variant as KitRun['variant'] };
}

/** The cucumber tag expression of a run: its profile, and for oip-v2 the checks of its variant. */
export function tagExpression(run: KitRun): string {
  if (run.profile !== 'oip-v2') return `@${run.profile}`;
  const variant = run.variant ?? 'strict';
  return `@oip-v2 and (not (${OIP_VARIANTS.map((v) => `@${v}`).join(' or ')}) or @${variant})`;
}

export function runName(run: KitRun): string {
  return run.profile === 'oip-v2' ? `oip-v2-${run.variant ?? 'strict'}` : run.profile;
}
