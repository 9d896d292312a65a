// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The Kafka client is Node-only and must stay out of any bundle.
  serverExternalPackages: ['@platformatic/kafka'],
};

module.exports = nextConfig;
