import { createRouter, createWebHashHistory, type RouteLocationNormalized, type Router, type RouterHistory } from 'vue-router'
import { parseRunIds } from './composables/compare-data'

const idProp = (route: RouteLocationNormalized) => ({ id: Number(route.params.id) })
// `/analysis?experiment=3` opens the page on that experiment's runs, `?study=2` on that study.
const analysisProps = (route: RouteLocationNormalized) => {
  const positive = (v: unknown) => (Number.isInteger(Number(v)) && Number(v) > 0 ? Number(v) : undefined)
  const studyId = positive(route.query.study)
  if (studyId !== undefined) return { studyId }
  const experimentId = positive(route.query.experiment)
  return experimentId !== undefined ? { experimentId } : {}
}

/** Hash history: the desktop app's paramscope:// handler serves the build's files and no routes. */
export function createAppRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({
    history,
    routes: [
      { path: '/', name: 'experiments', component: () => import('./views/ExperimentsView.vue') },
      { path: '/experiments/:id(\\d+)', name: 'experiment', component: () => import('./views/ExperimentView.vue'), props: idProp },
      { path: '/experiments/:id(\\d+)/new', name: 'new-run', component: () => import('./views/NewRunView.vue'), props: idProp },
      { path: '/experiments/:id(\\d+)/new-study', name: 'new-study', component: () => import('./views/NewStudyView.vue'), props: idProp },
      { path: '/studies', name: 'studies', component: () => import('./views/StudiesView.vue') },
      { path: '/studies/:id(\\d+)', name: 'study', component: () => import('./views/StudyView.vue'), props: idProp },
      { path: '/runs', name: 'runs-table', component: () => import('./views/RunsTableView.vue') },
      { path: '/runs/:id(\\d+)', name: 'run', component: () => import('./views/RunView.vue'), props: idProp },
      { path: '/datasets', name: 'datasets', component: () => import('./views/DatasetsView.vue') },
      { path: '/datasets/:id(\\d+)', name: 'dataset', component: () => import('./views/DatasetView.vue'), props: idProp },
      { path: '/trainers', name: 'trainers', component: () => import('./views/TrainersView.vue') },
      { path: '/trainers/format-tester', name: 'format-tester', component: () => import('./views/FormatTesterView.vue') },
      { path: '/compare', name: 'compare', component: () => import('./views/CompareView.vue'), props: (route: RouteLocationNormalized) => ({ runIds: parseRunIds(route.query.runs) }) },
      { path: '/analysis', name: 'analysis', component: () => import('./views/AnalysisView.vue'), props: analysisProps },
      { path: '/:rest(.*)*', redirect: '/' }
    ]
  })
}

/**
 * vue-router listens to the address only once its first navigation ends (the first page's code
 * loaded): a hash changed before that (a link followed, an address typed while the app starts)
 * would be dropped and the address rewritten to the first page. The first navigation, once its
 * page is loaded, goes where the address is by then.
 */
export function followEarlyHashChange(router: Router, win: Pick<Window, 'location'> = window): void {
  let first = true
  router.beforeResolve((to) => {
    if (!first) return
    first = false
    const now = router.resolve(win.location.hash.replace(/^#/, '') || '/')
    return now.fullPath === to.fullPath ? undefined : now.fullPath
  })
}

/**
 * Loads every page's code in idle time once the first page shows, one page after another so the
 * user's own requests never queue behind them: a page opened later (a 20,000-run table) then
 * waits for its data only, not for its code to arrive and compile (~60 ms the first time). A page
 * whose code fails to load here fails as before when opened.
 */
export function prefetchPages(router: Router, idle: (run: () => void) => void = (run) => (window.requestIdleCallback ? window.requestIdleCallback(run) : setTimeout(run, 200))): void {
  void router.isReady().then(() => {
    // A lazy page is a function until its first visit; a loaded one is a component object.
    const loaders = router.getRoutes().flatMap((route) => {
      const load = route.components?.default
      return typeof load === 'function' ? [load as () => Promise<unknown>] : []
    })
    const next = (): void => {
      const load = loaders.shift()
      if (load) void load().then(() => idle(next), () => idle(next))
    }
    idle(next)
  })
}
