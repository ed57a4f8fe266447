/**
 * The runs table's filter language: why a filter does not parse. Each message goes with the
 * character position it points at, which the filter box underlines.
 */
export const compareEn = {
  filter: {
    end: 'the end of the filter',
    unexpectedChar: 'unexpected character “{char}”',
    unterminatedString: 'the text that starts here has no closing {quote}',
    badNumber: '“{text}” is not a number',
    expectedField: 'expected a field ({fields}) but found {found}',
    unknownField: 'unknown field “{field}”; fields are {fields}',
    emptyKey: '“{field}” needs a name after the dot, as in {example}',
    unknownAggregate: 'a metric column is last, min, max or best, not “{aggregate}”',
    expectedOperator: 'expected a comparison (=, !=, <, <=, >, >=, in, not in, ~) after {field} but found {found}',
    expectedValue: 'expected a value (a number, a quoted text or a word) but found {found}',
    expectedRegex: '~ takes a quoted regular expression, as in name ~ {example}; found {found}',
    badRegex: 'not a valid regular expression: {problem}',
    expectedToken: 'expected {expected} but found {found}',
    unclosedParen: 'this “(” is never closed',
    trailing: 'unexpected {found} after a complete condition; join conditions with and or or'
  }
}
