// SPDX-License-Identifier: Apache-2.0
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/** Puts the large libraries in chunks of their own so the app code stays small and cacheable. */
function vendorChunk(id: string): string | undefined {
  if (!id.includes('node_modules')) return undefined
  if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts'
  if (/node_modules\/antd\//.test(id)) return 'antd'
  if (/node_modules\/(@ant-design\/icons|@ant-design\/icons-svg)\//.test(id)) return 'antd-icons'
  if (/node_modules\/(rc-[^/]+|@rc-component|@ant-design|@emotion|stylis|dayjs)\//.test(id)) {
    return 'antd-base'
  }
  if (
    /node_modules\/(react|react-dom|react-router|scheduler|cookie|set-cookie-parser)\//.test(id)
  ) {
    return 'react'
  }
  return 'vendor'
}

export default defineConfig({
  base: '/',
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 650,
    rollupOptions: {
      output: { manualChunks: vendorChunk },
    },
  },
})
