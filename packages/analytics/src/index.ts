// SPDX-License-Identifier: Apache-2.0
export * from './screening/index.js'
export * from './kaggle/index.js'
