// SPDX-License-Identifier: Apache-2.0
// A thin wrapper of ECharts: only the charts the console draws are registered, the chart
// follows its container's size and is disposed with the component.
import { useEffect, useRef } from 'react'
import { BarChart, FunnelChart, GraphChart, LineChart } from 'echarts/charts'
import type {
  BarSeriesOption,
  FunnelSeriesOption,
  GraphSeriesOption,
  LineSeriesOption,
} from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components'
import { init, use, type ComposeOption, type ECharts } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

use([
  BarChart,
  LineChart,
  FunnelChart,
  GraphChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  CanvasRenderer,
])

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | FunnelSeriesOption
  | GraphSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
>

interface ChartProps {
  option: ChartOption
  height?: number
  testId?: string
}

/** Draws an ECharts option in a div that resizes with its container. */
export function Chart({ option, height = 300, testId }: ChartProps) {
  const ref = useRef<HTMLDivElement>(null)
  const chart = useRef<ECharts | null>(null)

  useEffect(() => {
    const element = ref.current
    if (!element) return undefined
    const instance = init(element)
    chart.current = instance
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(element)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  return <div ref={ref} data-testid={testId} style={{ width: '100%', height }} />
}
