#!/usr/bin/env node
import { processCliIo } from './cli-io.js';
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2), processCliIo);
