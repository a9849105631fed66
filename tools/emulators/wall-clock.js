// Preloaded into kinesis-local (node --require). Its clock is performance.timeOrigin +
// performance.now(): the wall clock at process start plus a monotonic clock, so a wall clock
// step after start (an NTP correction on a fresh machine) leaves it behind the JVM's clock and
// every AT_TIMESTAMP test then reads nothing. A real Kinesis server's clock is the wall clock.
'use strict';
const origin = performance.timeOrigin;
performance.now = () => Date.now() - origin;
