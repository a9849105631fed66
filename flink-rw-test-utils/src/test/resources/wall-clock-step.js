// Test only: moves Date.now (the wall clock) by CLOCK_STEP_MS and leaves performance's monotonic
// clock alone, as a wall clock step after the process started does.
'use strict';
const step = Number(process.env.CLOCK_STEP_MS || 0);
const wallClock = Date.now;
Date.now = () => wallClock() + step;
