/** The Report button and its panel on the study and experiment pages. */
const reportEn = {
  button: 'Report',
  help: 'Write a comparison report of these runs as PDF or self-contained HTML',
  title: 'Comparison report',
  lang: 'Language',
  langs: { en: 'English', zh: '中文' },
  paper: 'Paper',
  papers: { a4: 'A4', letter: 'Letter' },
  landscape: 'Landscape',
  format: 'Format',
  formats: { pdf: 'PDF', html: 'HTML (no browser needed)' },
  path: 'File',
  pathRequired: 'Name the file to write',
  browse: 'Choose…',
  create: 'Write report',
  writing: 'Writing…',
  close: 'Close',
  written: 'Wrote {runs} runs, {size}:',
  printedBy: 'Printed by {printer}'
}
export default reportEn
