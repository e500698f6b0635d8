#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
import { run } from '../dist/bin.js'

await run()
