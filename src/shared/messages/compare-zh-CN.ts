import type { compareEn } from './compare-en'

/** 运行表筛选语言的错误说明（中文），与 compare-en.ts 同形。 */
export const compareZhCN: typeof compareEn = {
  filter: {
    end: '筛选条件的末尾',
    unexpectedChar: '意外的字符“{char}”',
    unterminatedString: '从这里开始的文本缺少结尾的 {quote}',
    badNumber: '“{text}”不是数字',
    expectedField: '此处应为字段（{fields}），实际为 {found}',
    unknownField: '未知字段“{field}”；可用字段：{fields}',
    emptyKey: '“{field}”的点号后需要名称，例如 {example}',
    unknownAggregate: '指标列只能是 last、min、max 或 best，而不是“{aggregate}”',
    expectedOperator: '{field} 之后应为比较运算（=、!=、<、<=、>、>=、in、not in、~），实际为 {found}',
    expectedValue: '此处应为值（数字、带引号的文本或单词），实际为 {found}',
    expectedRegex: '~ 之后应为带引号的正则表达式，例如 name ~ {example}；实际为 {found}',
    badRegex: '无效的正则表达式：{problem}',
    expectedToken: '此处应为 {expected}，实际为 {found}',
    unclosedParen: '这个“(”没有闭合',
    trailing: '完整条件之后出现意外的 {found}；请用 and 或 or 连接条件'
  }
}
