// The bare app has nothing to start. (Without this file, Next would pick up the portal's
// instrumentation.ts from the Turbopack root.)
export function register(): void {}
