// Stands in for the `server-only` package when vitest runs server modules in plain Node.
export {};
