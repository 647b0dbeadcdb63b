/**
 * A strict reader of the Prometheus text exposition format (0.0.4): every line is a HELP, a TYPE or
 * a sample of a declared family, every value a float; throws on anything else. Returns the samples
 * by series (`name{labels}` as written).
 */
export function parsePrometheusText(text: string): Map<string, number> {
  const types = new Map<string, string>()
  const samples = new Map<string, number>()
  const metricName = '[a-zA-Z_:][a-zA-Z0-9_:]*'
  const labelPair = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\["\\\\n])*"'
  const sample = new RegExp(
    `^(${metricName})(\\{(?:${labelPair}(?:,${labelPair})*,?)?\\})? (\\S+)(?: (-?\\d+))?$`,
  )
  text.split('\n').forEach((line, index) => {
    const where = `line ${index + 1}: ${line}`
    if (line === '') return
    if (line.startsWith('# HELP ')) {
      if (!new RegExp(`^# HELP ${metricName} .*$`).test(line)) throw new Error(`bad HELP, ${where}`)
      return
    }
    if (line.startsWith('# TYPE ')) {
      const m = new RegExp(`^# TYPE (${metricName}) (counter|gauge|histogram|summary|untyped)$`).exec(line)
      if (!m) throw new Error(`bad TYPE, ${where}`)
      if (types.has(m[1]!)) throw new Error(`TYPE declared twice, ${where}`)
      types.set(m[1]!, m[2]!)
      return
    }
    if (line.startsWith('#')) return
    const m = sample.exec(line)
    if (!m) throw new Error(`bad sample, ${where}`)
    const [, name, labels = '', raw] = m
    const family = [name!, name!.replace(/_(bucket|sum|count)$/, '')].find((n) => types.has(n))
    if (!family) throw new Error(`sample of an undeclared family, ${where}`)
    const value = /^[+-]?Inf$/.test(raw!) ? (raw!.startsWith('-') ? -Infinity : Infinity) : Number(raw)
    if (raw !== 'NaN' && Number.isNaN(value)) throw new Error(`bad value, ${where}`)
    samples.set(`${name}${labels}`, value)
  })
  return samples
}
