#!/usr/bin/env node
import { diracMain } from '../dirac-main.js';

await diracMain('dirac-wms-job-kill');
