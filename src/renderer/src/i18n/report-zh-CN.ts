import type reportEn from './report-en'

const reportZhCN: typeof reportEn = {
  button: '报告',
  help: '将这些运行的对比报告写成 PDF 或自包含的 HTML',
  title: '对比报告',
  lang: '语言',
  langs: { en: 'English', zh: '中文' },
  paper: '纸张',
  papers: { a4: 'A4', letter: 'Letter' },
  landscape: '横向',
  format: '格式',
  formats: { pdf: 'PDF', html: 'HTML（无需浏览器）' },
  path: '文件',
  pathRequired: '请填写要写出的文件',
  browse: '选择…',
  create: '写出报告',
  writing: '正在写出…',
  close: '关闭',
  written: '已写出 {runs} 次运行，{size}：',
  printedBy: '打印程序：{printer}'
}
export default reportZhCN
