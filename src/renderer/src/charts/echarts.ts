import { use } from 'echarts/core'
import { BarChart, CustomChart, HeatmapChart, LineChart, ParallelChart, ScatterChart } from 'echarts/charts'
import { DataZoomComponent, GridComponent, LegendComponent, ParallelComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

// Only what the pages draw, so the bundle carries no unused chart types: lines and bars for runs
// and datasets; scatter, parallel coordinates, heatmaps and custom whiskers for the analysis.
use([
  LineChart,
  BarChart,
  ScatterChart,
  ParallelChart,
  HeatmapChart,
  CustomChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  DataZoomComponent,
  ParallelComponent,
  VisualMapComponent,
  CanvasRenderer
])

export { init, type ECharts, type EChartsCoreOption } from 'echarts/core'
