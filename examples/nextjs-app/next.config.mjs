// marginkit's node entry reads its .wasm from the package folder (fs + __dirname). Bundled into a
// server chunk, __dirname would point into .next/, so route handlers and server components load
// marginkit from node_modules instead of bundling it. Client components need nothing.
/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ['marginkit'],
};

export default nextConfig;
