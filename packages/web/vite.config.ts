// SPDX-License-Identifier: Apache-2.0
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/**
 * The large libraries go in chunks of their own, so the app code stays small and each library
 * is cached apart; the first matching group (highest priority) wins.
 */
const VENDOR_GROUPS = [
  { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 50 },
  { name: 'antd-icons', test: /node_modules[\\/]@ant-design[\\/]icons(-svg)?[\\/]/, priority: 40 },
  { name: 'antd', test: /node_modules[\\/]antd[\\/]/, priority: 30 },
  {
    name: 'antd-base',
    test: /node_modules[\\/](rc-[^\\/]+|@rc-component|@ant-design|@emotion|stylis|dayjs)[\\/]/,
    priority: 20,
  },
  {
    name: 'react',
    test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/,
    priority: 10,
  },
  { name: 'vendor', test: /node_modules[\\/]/, priority: 0 },
]

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
    chunkSizeWarningLimit: 1300,
    rolldownOptions: {
      output: { codeSplitting: { groups: VENDOR_GROUPS } },
    },
  },
})
