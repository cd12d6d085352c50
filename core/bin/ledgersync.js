#!/usr/bin/env node
// The `ledgersync` command. A committed shim, so that npm can link it at install time, before
// `tsc -b` has produced dist/ (run `npm run build` first when working from a checkout).
'use strict';
require('../dist/src/cli/main.js');
