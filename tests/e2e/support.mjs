// Shared by the Node.js protocol tests: loading the npm packages, and skipping visibly.

const inCi = ['true', '1'].includes(String(process.env.CI).toLowerCase());

// Imports an npm package of this folder; when node_modules is missing the test is skipped
// (CTest shows it), or under CI=true it fails.
export async function requirePackage(name) {
  try {
    return await import(name);
  } catch (error) {
    const why = `the npm package ${name} is missing (${error.code ?? error.message}); ` +
      'run `npm ci` in tests/e2e (./dev test does)';
    if (inCi) {
      console.error(`FAIL: ${why} (CI=true: every test must run)`);
      process.exit(1);
    }
    console.log(`SKIP   : ${why}`);
    process.exit(0);
  }
}

// A small deterministic random generator, so a failing corpus can be reproduced.
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
