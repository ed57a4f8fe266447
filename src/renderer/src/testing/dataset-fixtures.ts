import type { ColumnProfile, DatasetDetail, DatasetVersion } from '../../../shared/api'

const hist = (edges: number[], counts: number[]) => ({ edges, counts })

/** The iris table as a profile would describe it: four measurements and a species label. */
export const irisColumns: ColumnProfile[] = [
  ...['sepal_length', 'sepal_width', 'petal_length', 'petal_width'].map((name, i) => ({
    name,
    type: 'number' as const,
    missing: i === 1 ? 3 : 0,
    distinct: 30 + i,
    distinctCapped: false,
    numeric: { min: 0.1 + i, max: 7.9 - i, mean: 3 + i / 10, std: 0.8, histogram: hist([0, 2, 4, 6, 8], [10, 40, 60, 40]) }
  })),
  {
    name: 'species',
    type: 'categorical',
    missing: 0,
    distinct: 3,
    distinctCapped: false,
    top: [
      { value: 'setosa', count: 50 },
      { value: 'versicolor', count: 50 },
      { value: 'virginica', count: 50 }
    ]
  },
  {
    name: 'note',
    type: 'text',
    missing: 12,
    distinct: 138,
    distinctCapped: false,
    textLength: { min: 3, max: 80, mean: 21.5, histogram: hist([0, 20, 40, 60, 80], [60, 50, 20, 8]) }
  }
]

export function versionFixture(over: Partial<DatasetVersion> = {}): DatasetVersion {
  return {
    id: 1,
    datasetId: 3,
    task: 'classification',
    target: 'species',
    features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
    text: null,
    ignored: ['note'],
    split: { kind: 'holdout', valFraction: 0.2, stratify: true, seed: 0 },
    parts: [
      { name: 'train', rows: 120, classes: { setosa: 40, versicolor: 40, virginica: 40 } },
      { name: 'val', rows: 30, classes: { setosa: 10, versicolor: 10, virginica: 10 } }
    ],
    createdAt: 1_700_000_100_000,
    ...over
  }
}

export function datasetFixture(over: Partial<DatasetDetail> = {}): DatasetDetail {
  return {
    id: 3,
    name: 'iris.csv',
    path: '/data/iris.csv',
    format: 'csv',
    size: 4551,
    mtimeMs: 1_700_000_000_000,
    sha256: 'a3f1c2d4e5b6978812345678901234567890abcdefabcdefabcdefabcdef0123',
    copied: false,
    status: 'ok',
    rows: 150,
    columns: irisColumns.length,
    createdAt: 1_700_000_000_000,
    versionCount: over.versions?.length ?? 0,
    origin: 'file',
    profile: { rows: 150, columns: irisColumns, delimiter: ',', hasHeader: true, hadBom: false, preview: [] },
    versions: [],
    ...over
  }
}
