/** @type {import('next').NextConfig} */
export default {
  // The repository's own lint and type settings don't apply to this test app.
  eslint: { ignoreDuringBuilds: true },
  outputFileTracingRoot: import.meta.dirname,
}
