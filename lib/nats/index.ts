export { subscribeNatsSamples } from './browser-feed';
