// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Dev server assets are same-origin only by default; tests and scripts use 127.0.0.1.
  allowedDevOrigins: ['127.0.0.1'],
  // The Kafka client is Node-only and must stay out of any bundle.
  serverExternalPackages: ['@platformatic/kafka'],
};

module.exports = nextConfig;
